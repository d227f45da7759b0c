package org.mfgsync.testing;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.mfgsync.backbone.Ids;
import org.mfgsync.governance.webhooks.WebhookVerifier;

import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.specification.RequestSpecification;

/**
 * Signs test calls to the webhooks as their senders do (README "Signed webhooks"), with the test profile's secrets
 * ({@code %test.mfgsync.webhooks.senders.*.secrets}): {@link #signed()} is {@code given()} that signs a call to a
 * webhook path (the QMS's, an ERP instance's) with its sender's secret — the body as the bytes sent, the time now, a
 * new delivery id unless the test sets {@value WebhookVerifier#DELIVERY_ID_HEADER} itself; {@link #headers} gives the
 * three headers for a client of its own.
 */
public final class SignedWebhooks {

    public static final String QMS = "qms-cloud";
    /** The QMS's current secret and its next one: the test profile has both active (rotation). */
    public static final String QMS_SECRET = "test-qms-webhook-secret-current";
    public static final String QMS_NEXT_SECRET = "test-qms-webhook-secret-next";
    public static final String ERP_CLOUD = "erp-cloud";
    public static final String ERP_CLOUD_SECRET = "test-erp-cloud-webhook-secret";
    /** The settings a packaged app needs to take the tests' signed calls. */
    public static final Map<String, String> SETTINGS = Map.of("mfgsync.webhooks.senders.qms-cloud.secrets", QMS_SECRET,
            "mfgsync.webhooks.senders.erp-cloud.secrets", ERP_CLOUD_SECRET);

    private SignedWebhooks() {
    }

    /** {@code given()}, signing the call if it goes to a webhook. */
    public static RequestSpecification signed() {
        return RestAssured.given().filter(SIGNING);
    }

    /** The secret of the sender whose webhook the path is, or null when it is no webhook path. */
    public static String secretOf(String path) {
        if (path.startsWith("/api/v1/qms/")) {
            return QMS_SECRET;
        }
        if (path.startsWith("/api/v1/erp/" + ERP_CLOUD + "/")) {
            return ERP_CLOUD_SECRET;
        }
        return null;
    }

    /** The three signature headers of the body, signed with the secret now, with a new delivery id. */
    public static Map<String, String> headers(String secret, byte[] body) {
        return headers(secret, System.currentTimeMillis() / 1000, Ids.randomId(), body);
    }

    public static Map<String, String> headers(String secret, long timestampSeconds, String deliveryId, byte[] body) {
        String timestamp = Long.toString(timestampSeconds);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(WebhookVerifier.TIMESTAMP_HEADER, timestamp);
        headers.put(WebhookVerifier.DELIVERY_ID_HEADER, deliveryId);
        headers.put(WebhookVerifier.SIGNATURE_HEADER, WebhookVerifier.sign(secret, timestamp, body));
        return headers;
    }

    /** The same as name, value, name, value... for {@code java.net.http.HttpRequest.Builder#headers}. */
    /**
     * POSTs the JSON to a webhook of an application started outside the test's Quarkus (a packaged app), signed with
     * the secret of its path as the sender would, with the correlation id given.
     */
    public static java.net.http.HttpResponse<String> post(String url, String correlationId, String json) throws Exception {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").header("X-Correlation-Id", correlationId)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body));
        headers(secretOf(URI.create(url).getPath()), body).forEach(request::header);
        return java.net.http.HttpClient.newHttpClient().send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    /** Signs the body as it will be sent (a text body is sent as its UTF-8 bytes). */
    static final Filter SIGNING = (request, response, context) -> {
        String secret = secretOf(URI.create(request.getURI()).getPath());
        if (secret != null && !request.getHeaders().hasHeaderWithName(WebhookVerifier.SIGNATURE_HEADER)) {
            Object given = request.getBody();
            byte[] body = given == null ? new byte[0]
                    : given instanceof byte[] bytes ? bytes : given.toString().getBytes(StandardCharsets.UTF_8);
            request.body(body);
            String deliveryId = request.getHeaders().getValue(WebhookVerifier.DELIVERY_ID_HEADER);
            headers(secret, System.currentTimeMillis() / 1000, deliveryId != null ? deliveryId : Ids.randomId(), body)
                    .forEach((name, value) -> {
                        if (!request.getHeaders().hasHeaderWithName(name)) {
                            request.header(name, value);
                        }
                    });
        }
        return context.next(request, response);
    };
}
