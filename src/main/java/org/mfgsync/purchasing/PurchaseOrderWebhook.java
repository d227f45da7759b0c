package org.mfgsync.purchasing;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.jboss.logging.Logger;
import org.mfgsync.backbone.CanonicalMessages.Outgoing;
import org.mfgsync.backbone.Ids;
import org.mfgsync.canonical.EventEnvelope;
import org.mfgsync.canonical.EventHeaders;
import org.mfgsync.connectors.mapping.MappedEvents;
import org.mfgsync.governance.ProblemDetails;
import org.mfgsync.mapping.MappingRegistry;
import org.mfgsync.partner.PlantTable;
import org.mfgsync.partner.WorkflowData;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The cloud ERP's PO webhook ({@code POST /api/v1/erp/{instance}/purchase-order-events}): checks that the instance is
 * an ERP instance of the plant routing and that the body is signed with its shared secret (header
 * {@value #SIGNATURE_HEADER}: {@code sha256=<hex HMAC-SHA256 of the raw body>}), then maps the ERP's own PO document to
 * the canonical {@code PurchaseOrderChanged} with {@code mappings/<instance>/purchase-order-changed.jsonata}.
 */
@ApplicationScoped
@Named("purchaseOrderWebhook")
@RegisterForReflection
public class PurchaseOrderWebhook {

    public static final String SIGNATURE_HEADER = "X-Erp-Signature";
    static final String SIGNATURE_PREFIX = "sha256=";
    static final String MAPPING = "purchase-order-changed";
    /** Path parameter of the webhook: the ERP instance that calls. */
    static final String INSTANCE = "instance";
    /** Exchange property in an {@code onException}: the exception it caught. */
    static final String EXCEPTION_CAUGHT = org.apache.camel.Exchange.EXCEPTION_CAUGHT;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = Logger.getLogger("org.mfgsync.purchasing");

    private final PurchasingConfig config;
    private final WorkflowData data;
    private final MappingRegistry mappings;
    private final MappedEvents events = new MappedEvents(Clock.systemUTC(), Ids::randomUuid);

    @Inject
    public PurchaseOrderWebhook(PurchasingConfig config, WorkflowData data, MappingRegistry mappings) {
        this.config = config;
        this.data = data;
        this.mappings = mappings;
    }

    /**
     * A shorter secret is refused as if none were set: it can be guessed, and the shipped configuration names an
     * unset secret "unset" (an empty value would stop the application from starting).
     */
    static final int MIN_SECRET_LENGTH = 16;

    /** Refuses an unknown instance (404) and a missing or wrong signature of the raw body (401). */
    public void verify(@Header(INSTANCE) String instance, @Header(SIGNATURE_HEADER) String signature, @Body String document) {
        boolean known = data.document("routing/plants", PlantTable.class)
                .map(t -> t.plants().values().stream().anyMatch(p -> p.erp().equals(instance))).orElse(false);
        if (!known) {
            throw new WebhookRefusedException(404, "unknown-erp-instance", "No ERP instance '" + instance
                    + "' is routed to a plant (mappings/routing/plants.yaml)");
        }
        String secret = config.poRevision().webhookSecrets().get(instance);
        byte[] body = document.getBytes(StandardCharsets.UTF_8);
        if (secret == null || secret.length() < MIN_SECRET_LENGTH) {
            throw new WebhookRefusedException(401, "invalid-signature", "No webhook secret of at least " + MIN_SECRET_LENGTH
                    + " characters is configured for " + instance + "; every call is refused until one is");
        }
        if (signature == null || !signatureMatches(secret, body, signature.trim())) {
            throw new WebhookRefusedException(401, "invalid-signature", "The " + SIGNATURE_HEADER + " header is "
                    + (signature == null ? "missing" : "not the HMAC-SHA256 of the body with this instance's secret")
                    + "; expected sha256=<hex>");
        }
    }

    static boolean signatureMatches(String secret, byte[] body, String signature) {
        if (!signature.startsWith(SIGNATURE_PREFIX)) {
            return false;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(signature.substring(SIGNATURE_PREFIX.length()).toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException notHex) {
            return false;
        }
        return MessageDigest.isEqual(hmac(secret, body), given);
    }

    /** HMAC-SHA256 of the body with the secret (the ERP computes the same). */
    public static byte[] hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The ERP's PO document becomes the canonical event, keyed by purchase order. */
    public Outgoing toCanonical(@Header(INSTANCE) String instance, @Header(EventHeaders.CORRELATION_ID) String correlationId,
            @Body String document) throws JsonProcessingException {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("instance", instance);
        input.put("document", JSON.readValue(document, Object.class));
        Object mapped = mappings.evaluate(instance + "/" + MAPPING, input);
        EventEnvelope<Object> event = events.envelope(mapped, correlationId, null);
        return Outgoing.of(event, event.businessKeys().get("purchaseOrder"));
    }

    /** In the route's onException: the refusal, logged, and its problem+json answer ({@code problemDetails.answer}). */
    public ProblemDetails.Problem refuse(@ExchangeProperty(EXCEPTION_CAUGHT) WebhookRefusedException refusal,
            @Header(EventHeaders.CORRELATION_ID) String correlationId, @Header(INSTANCE) String instance) {
        LOG.warnf("Refused purchase order event status=%d type=%s instance=%s: %s", refusal.status(), refusal.problem(),
                instance, refusal.getMessage());
        return new ProblemDetails.Problem("https://mfgsync.org/problems/" + refusal.problem(),
                refusal.status() == 404 ? "Unknown ERP instance" : "Signature missing or wrong", refusal.status(),
                refusal.getMessage(), correlationId, List.of());
    }
}
