package org.mfgsync.quality;

/**
 * One quality decision's containment of a lot, as the workflow carries it from step to step: what the decision
 * contains, the event that decided it (its idempotency key, and the correlation id and event id the events this
 * containment publishes carry), and, once claimed, the lot's containment row as the claim left it. The steps decide
 * from it ({@link ContainmentDecision}); none of them reads the row back.
 *
 * @param key the deciding event's idempotency key (the block carries it); in the continuation after the QMS opened
 *            the SCAR, the key of the decision that opened the containment
 * @param lot the lot's row as the claim left it, or as the SCAR's continuation read it back; null before the claim
 */
public record ContainmentCase(Containment containment, String key, String correlationId, String causationId,
        LotContainments.Row lot) {

    /** A decision's containment before it is claimed. */
    static ContainmentCase unclaimed(Containment containment, String key, String correlationId, String causationId) {
        return new ContainmentCase(containment, key, correlationId, causationId, null);
    }

    /** The same decision once it claimed the lot's containment. */
    ContainmentCase claimed(LotContainments.Row row) {
        return new ContainmentCase(containment, key, correlationId, causationId, row);
    }

    /** Whether this decision opened the lot's containment (it also opens the SCAR and tells procurement). */
    public boolean owner() {
        return key.equals(claimedLot().openedByKey());
    }

    /** Whether the ERP has yet to confirm this decision's block. */
    public boolean blockNeeded() {
        return !key.equals(claimedLot().lastBlockKey());
    }

    LotContainments.Row claimedLot() {
        if (lot == null) {
            throw new IllegalStateException("the containment of lot " + containment.lot() + " is decided on before it was claimed");
        }
        return lot;
    }
}
