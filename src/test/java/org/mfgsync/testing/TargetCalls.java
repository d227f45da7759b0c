package org.mfgsync.testing;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/** Calls a target operation ({@code direct:...}) the way a workflow does: body plus the contract's exchange properties. */
public final class TargetCalls {

    private TargetCalls() {
    }

    /** The exchange after the call; its exception (if any) is what the workflow's error handler would see. */
    public static Exchange call(ProducerTemplate producer, String endpoint, String body, String idempotencyKey,
            String target) {
        return producer.send(endpoint, exchange -> {
            exchange.getMessage().setBody(body);
            exchange.setProperty("correlationId", "corr-" + Integer.toHexString(idempotencyKey.hashCode()));
            exchange.setProperty("idempotencyKey", idempotencyKey);
            exchange.setProperty("target", target);
        });
    }
}
