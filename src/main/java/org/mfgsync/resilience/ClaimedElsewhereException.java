package org.mfgsync.resilience;

import java.time.OffsetDateTime;

/**
 * The key is being worked on right now under another live claim (another replica, or another exchange of this
 * one): not a duplicate, not new. Transient: a Kafka consumer does not commit and comes back to the record, a webhook
 * answers 503 with Retry-After, an outbound step holds. Once the other claim is confirmed the key is a duplicate; once
 * it is released or its lease runs out, the next attempt proceeds.
 */
public class ClaimedElsewhereException extends RuntimeException {

    private final transient OffsetDateTime leaseUntil;

    public ClaimedElsewhereException(String step, String key, String owner, OffsetDateTime leaseUntil) {
        super("step " + step + " is already working on " + key + " (claim " + owner + ", lease until " + leaseUntil + ")", null,
                false, false);
        this.leaseUntil = leaseUntil;
    }

    public OffsetDateTime leaseUntil() {
        return leaseUntil;
    }
}
