package org.mfgsync.governance.webhooks;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.mfgsync.testing.SignedWebhooks.signed;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;
import org.mfgsync.testing.KafkaProbe;
import org.mfgsync.testing.ReloadFolders;
import org.mfgsync.testing.SignedWebhooks;
import org.mfgsync.testing.TestStack;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Real HTTP into the running application: every webhook takes only calls signed by its sender; anything else gets the
 * same 401 and publishes nothing; a replayed delivery is answered as a duplicate and has no second effect; either of a
 * sender's two secrets verifies; a route added by hot reload under a webhook path is guarded the same way.
 */
@QuarkusTest
@WithTestResource(TestStack.class)
class WebhookSignatureTest {

    static final String RESULTS = "/api/v1/qms/inspection-results";
    static final String DISPOSITIONS = "/api/v1/qms/lot-dispositions";
    static final String INSPECTIONS_TOPIC = "mfgsync.inspection-completed.v1";
    static final String DISPOSITIONS_TOPIC = "mfgsync.lot-disposition-decided.v1";

    static String uniqueLot() {
        return "L-SIG-" + ThreadLocalRandom.current().nextLong(1_000_000L, 9_999_999L);
    }

    static String inspection(String lot) {
        return """
                {"inspectionLot":"IL-%s","plant":"3000","item":"BRK-4711","lot":"%s","supplier":"SUP-100",
                 "result":"ACCEPTED","lotQuantity":500,"unitOfMeasure":"EA","inspectedAt":"2026-11-27T08:15:00+01:00"}"""
                .formatted(lot, lot);
    }

    static Response post(String path, Map<String, String> headers, byte[] body) {
        return given().contentType(ContentType.JSON).header("X-Correlation-Id", "corr-refused").headers(headers).body(body)
                .post(path);
    }

    static long now() {
        return System.currentTimeMillis() / 1000;
    }

    @Test
    void shouldRefuseEveryUnsignedForgedStaleOrOtherSendersCallWithTheSameAnswerAndPublishNothing() {
        String lot = uniqueLot();
        byte[] body = inspection(lot).getBytes(StandardCharsets.UTF_8);
        String secret = SignedWebhooks.QMS_SECRET;
        Map<String, Map<String, String>> calls = new LinkedHashMap<>();
        calls.put("unsigned", Map.of());
        calls.put("forged", SignedWebhooks.headers("a-guessed-secret-0123456789", body));
        calls.put("stale", SignedWebhooks.headers(secret, now() - 400, "d-stale-" + lot, body));
        calls.put("from the future", SignedWebhooks.headers(secret, now() + 400, "d-future-" + lot, body));
        calls.put("signed over other bytes", SignedWebhooks.headers(secret, (inspection(lot) + " ").getBytes(StandardCharsets.UTF_8)));
        calls.put("the ERP's signature", SignedWebhooks.headers(SignedWebhooks.ERP_CLOUD_SECRET, body));
        for (String header : List.of(WebhookVerifier.TIMESTAMP_HEADER, WebhookVerifier.SIGNATURE_HEADER,
                WebhookVerifier.DELIVERY_ID_HEADER)) {
            Map<String, String> without = new LinkedHashMap<>(SignedWebhooks.headers(secret, body));
            without.remove(header);
            calls.put("without " + header, without);
        }

        Map<String, String> answers = new LinkedHashMap<>();
        calls.forEach((what, headers) -> answers.put(what, post(RESULTS, headers, body).then().statusCode(401)
                .contentType("application/problem+json").header("X-Correlation-Id", "corr-refused").extract().asString()));
        // a sender that is not configured, and one without a secret, answer exactly the same
        answers.put("unknown sender", post("/api/v1/erp/erp-unknown/purchase-order-events",
                SignedWebhooks.headers(SignedWebhooks.ERP_CLOUD_SECRET, body), body).then().statusCode(401).extract().asString());
        answers.put("sender without secret", post("/api/v1/erp/erp-legacy-b/purchase-order-events",
                SignedWebhooks.headers("any-secret-at-all-0123456789", body), body).then().statusCode(401).extract().asString());

        String expected = answers.get("unsigned");
        assertThat(answers).allSatisfy((what, answer) -> assertThat(answer).as(what).isEqualTo(expected));
        assertThat(io.restassured.path.json.JsonPath.from(expected).getString("type"))
                .isEqualTo("https://mfgsync.org/problems/invalid-signature");
        // the correctly signed call goes through, so nothing above was refused for its content
        signed().contentType(ContentType.JSON).body(body).post(RESULTS).then().statusCode(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> KafkaProbe.records(INSPECTIONS_TOPIC, r -> r.value().contains(lot)).size() == 1);
        assertThat(KafkaProbe.records(INSPECTIONS_TOPIC, r -> r.value().contains(lot))).hasSize(1);
    }

    @Test
    void shouldNotLetAForgedUseAsIsDispositionReleaseALot() {
        String lot = uniqueLot();
        byte[] body = """
                {"plant":"3000","item":"BRK-4711","lot":"%s","disposition":"USE_AS_IS","decidedAt":"2026-11-27T10:00:00+01:00"}"""
                .formatted(lot).getBytes(StandardCharsets.UTF_8);
        post(DISPOSITIONS, Map.of(), body).then().statusCode(401);
        post(DISPOSITIONS, SignedWebhooks.headers("the-attackers-own-secret-01", body), body).then().statusCode(401);

        // a signed one goes through, so the two were refused for their signature only
        signed().contentType(ContentType.JSON).body(body).post(DISPOSITIONS).then().statusCode(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> !KafkaProbe.records(DISPOSITIONS_TOPIC, r -> r.value().contains(lot)).isEmpty());
        assertThat(KafkaProbe.records(DISPOSITIONS_TOPIC, r -> r.value().contains(lot))).hasSize(1);
    }

    @Test
    void shouldAnswerAReplayedDeliveryAsADuplicateWithoutASecondEffect() {
        String lot = uniqueLot();
        byte[] body = inspection(lot).getBytes(StandardCharsets.UTF_8);
        // the same signed request twice, as an attacker who recorded it (or the sender retrying it) sends it
        Map<String, String> headers = SignedWebhooks.headers(SignedWebhooks.QMS_SECRET, now(), "d-replay-" + lot, body);

        post(RESULTS, headers, body).then().statusCode(202).body("status", equalTo("accepted"));
        // the first delivery's claim is confirmed once its answer is out: until then a replay is "in progress" (503)
        Response replay = await().atMost(Duration.ofSeconds(10)).until(() -> post(RESULTS, headers, body), r -> r.statusCode() != 503);
        replay.then().statusCode(200).body("status", equalTo("duplicate"), "deliveryId", equalTo("d-replay-" + lot));

        await().atMost(Duration.ofSeconds(30)).until(() -> !KafkaProbe.records(INSPECTIONS_TOPIC, r -> r.value().contains(lot)).isEmpty());
        assertThat(KafkaProbe.records(INSPECTIONS_TOPIC, r -> r.value().contains(lot))).as("published once").hasSize(1);
    }

    @Test
    void shouldVerifyEitherOfTheSendersTwoActiveSecrets() {
        for (String secret : List.of(SignedWebhooks.QMS_SECRET, SignedWebhooks.QMS_NEXT_SECRET)) {
            String lot = uniqueLot();
            byte[] body = inspection(lot).getBytes(StandardCharsets.UTF_8);
            // 202: published (the answer waits for the broker's acknowledgement)
            post(RESULTS, SignedWebhooks.headers(secret, body), body).then().statusCode(202).body("status", equalTo("accepted"));
        }
    }

    @Test
    void shouldGuardARouteAddedByHotReloadUnderAWebhookPath() throws Exception {
        Path file = ReloadFolders.routes().resolve("test/open-webhook.camel.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, """
                - route:
                    id: test.open-webhook
                    from:
                      uri: platform-http:/api/v1/qms/test-open
                      steps:
                        - setBody:
                            constant: open
                """);
        try {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> signed().contentType(ContentType.JSON).body("{}")
                    .post("/api/v1/qms/test-open").then().statusCode(200).body(equalTo("open")));
            given().contentType(ContentType.JSON).body("{}").post("/api/v1/qms/test-open").then().statusCode(401)
                    .contentType("application/problem+json");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void aSenderOverItsRateIsAnswered429WithWhenToComeBackAndTheOtherSendersGoOn() {
        // erp-throttled may make 3 calls at once, then one every 10 s (application.properties, test profile)
        byte[] body = "{\"purchaseOrder\":\"4599990001\"}".getBytes(StandardCharsets.UTF_8);
        String path = "/api/v1/erp/erp-throttled/purchase-order-events";
        List<Integer> statuses = new java.util.ArrayList<>();
        Response refused = null;
        for (int call = 0; call < 6; call++) {
            Response answer = post(path, SignedWebhooks.headers("test-erp-throttled-webhook-secret", body), body);
            statuses.add(answer.statusCode());
            if (answer.statusCode() == 429 && refused == null) {
                refused = answer;
            }
        }
        // the first three pass the gate (the instance is routed to no plant: its route answers 404), the rest are throttled
        assertThat(statuses.subList(0, 3)).doesNotContain(429);
        assertThat(statuses.subList(3, 6)).containsOnly(429);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.jsonPath().getString("type")).isEqualTo("https://mfgsync.org/problems/rate-limited");
        assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, 10);
        assertThat(refused.header("RateLimit-Policy")).isEqualTo("\"erp-throttled\";q=3;w=30");
        assertThat(refused.header("RateLimit")).startsWith("\"erp-throttled\";r=0;t=");
        assertThat(refused.header("X-Correlation-Id")).isEqualTo("corr-refused");

        // the QMS is another sender with a bucket of its own: its call goes through at once
        String lot = uniqueLot();
        signed().contentType(ContentType.JSON).body(inspection(lot)).post(RESULTS).then().statusCode(202);
    }
}
