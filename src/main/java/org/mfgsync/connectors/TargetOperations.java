package org.mfgsync.connectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import org.apache.camel.Exchange;
import org.mfgsync.backbone.LogText;
import org.mfgsync.canonical.CanonicalJson;

/**
 * Steps every outbound connector template (a target operation a workflow calls, see
 * {@code routes/connectors/*-outbound.camel.yaml}) shares.
 */
@ApplicationScoped
@Named("targetOperations")
public class TargetOperations {

    /** Exchange property the caller sets: the key whose effect must happen once at the target. */
    public static final String IDEMPOTENCY_KEY = "idempotencyKey";
    /** Exchange property set by {@link #describe}: the document's business keys, for the log lines. */
    public static final String BUSINESS_KEYS = "connectorBusinessKeys";
    /** Exchange property a REST template sets from its token parameter, read and removed by {@link #authorize}. */
    public static final String TOKEN = "connectorToken";

    /**
     * First step: without an idempotency key the effect cannot be made exactly once, so the call is refused (a
     * permanent failure: the caller's bug, not the target's).
     */
    public void requireIdempotencyKey(Exchange exchange) {
        String key = exchange.getProperty(IDEMPOTENCY_KEY, String.class);
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("The call has no exchange property '" + IDEMPOTENCY_KEY
                    + "': a target operation needs it to make its effect exactly once");
        }
    }

    /** Sets {@code Authorization: Bearer <token>} when the instance has a token; the token leaves the exchange. */
    public void authorize(Exchange exchange) {
        String token = exchange.getProperty(TOKEN, String.class);
        exchange.removeProperty(TOKEN);
        if (token != null && !token.isBlank()) {
            exchange.getMessage().setHeader("Authorization", "Bearer " + token.trim());
        }
    }

    /**
     * Reads the document the caller passes (JSON: an event envelope or a batch) and keeps its business keys for the
     * log lines; a body that is not JSON is refused (permanent: no retry makes it readable).
     */
    public void describe(Exchange exchange) {
        String body = exchange.getMessage().getBody(String.class);
        Object document;
        try {
            document = CanonicalJson.MAPPER.readValue(body == null ? "" : body, Object.class);
        } catch (IOException e) {
            throw new UncheckedIOException("The document passed to the target operation is not JSON: " + e.getMessage(), e);
        }
        exchange.setProperty(BUSINESS_KEYS, businessKeys(document));
    }

    /**
     * An event's business keys ({@code purchaseOrder=... supplier=...}), or a batch's id, plant and size, as a log line
     * may show them (control characters escaped, {@link LogText}).
     */
    static String businessKeys(Object document) {
        StringJoiner keys = new StringJoiner(" ");
        if (document instanceof Map<?, ?> map) {
            if (map.get("businessKeys") instanceof Map<?, ?> businessKeys) {
                businessKeys.forEach((name, value) -> keys.add(LogText.escape(name) + "=" + LogText.escape(value)));
            } else if (map.containsKey("batchId")) {
                keys.add("batchId=" + LogText.escape(map.get("batchId"))).add("plant=" + LogText.escape(map.get("plant")));
                if (map.get("commits") instanceof List<?> commits) {
                    keys.add("commits=" + commits.size());
                }
            }
        }
        return keys.toString();
    }
}
