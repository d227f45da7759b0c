package org.mfgsync.resilience;

import org.apache.camel.Exchange;

/** What a step does once the work it handed over is acknowledged by the backbone. */
public final class HandOvers {

    private HandOvers() {
    }

    /**
     * Runs {@code action} once the exchange's hand-overs so far are acknowledged: at once outside a poll batch (the
     * hand-over was awaited), or when the batch has its acknowledgements (before it confirms the record's claim).
     */
    public static void afterAcknowledged(Exchange exchange, Runnable action) {
        PollBatch batch = PollBatch.of(exchange);
        if (batch == null) {
            action.run();
        } else {
            batch.afterHandOver(exchange, action);
        }
    }
}
