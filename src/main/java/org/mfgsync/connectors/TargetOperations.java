package org.mfgsync.connectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;

/**
 * Steps every outbound connector template (a target operation a workflow calls, see
 * {@code routes/connectors/*-outbound.camel.yaml}) shares.
 */
@ApplicationScoped
@Named("targetOperations")
public class TargetOperations {

    /** Exchange property the caller sets: the key whose effect must happen once at the target. */
    public static final String IDEMPOTENCY_KEY = "idempotencyKey";
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
}
