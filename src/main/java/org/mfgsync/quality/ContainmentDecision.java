package org.mfgsync.quality;

/**
 * What one step of a lot's containment does, and why: the route branches on the action, the trace shows the reason.
 * Decided from the containment case alone (what is contained, the deciding event, the lot's row as claimed), so a
 * redelivered event decides the same and repeats nothing that is done.
 *
 * @param reason why a step is skipped, or what it does (a release's new status); may be null
 */
public record ContainmentDecision(Action action, String reason) {

    /** CALL a target (ERP, QMS), PUBLISH an event, or SKIP the step. */
    public enum Action {
        CALL, PUBLISH, SKIP
    }

    static ContainmentDecision call(String reason) {
        return new ContainmentDecision(Action.CALL, reason);
    }

    static ContainmentDecision publish(String reason) {
        return new ContainmentDecision(Action.PUBLISH, reason);
    }

    static ContainmentDecision skip(String reason) {
        return new ContainmentDecision(Action.SKIP, reason);
    }

    /** The block in the plant's ERP: every decision blocks, once the ERP confirmed it, no more. */
    public static ContainmentDecision block(ContainmentCase c) {
        return c.blockNeeded() ? call(null) : skip("the ERP confirmed this decision's block before");
    }

    /**
     * The SCAR: asked of the QMS once per containment, by the decision that opened it, when the supplier is answerable;
     * one the QMS opened before is published if it was not yet.
     */
    public static ContainmentDecision scar(ContainmentCase c) {
        String skip = notTheOwnersOrNotTheSuppliers(c);
        if (skip != null) {
            return skip(skip);
        }
        LotContainments.Row row = c.claimedLot();
        if (row.scarId() != null) {
            return row.scarPublished() ? skip("SCAR " + row.scarId() + " was opened before") : publish(null);
        }
        return call(null);
    }

    /**
     * The procurement notice: once per containment, by the decision that opened it, when the supplier is answerable.
     * What it asks for (replacement shipment or debit) is the policy's ({@link ContainmentPolicy#procurementAction}).
     */
    public static ContainmentDecision procurement(ContainmentCase c) {
        String skip = notTheOwnersOrNotTheSuppliers(c);
        if (skip == null && c.claimedLot().procurementNotified()) {
            skip = "procurement was told before";
        }
        return skip != null ? skip(skip) : publish(null);
    }

    private static String notTheOwnersOrNotTheSuppliers(ContainmentCase c) {
        if (!c.owner()) {
            return "lot contained before by " + c.claimedLot().openedByReference() + ", whose SCAR and procurement notice stand";
        }
        if (!c.containment().supplierAccountable()) {
            return c.containment().supplier() == null ? "no supplier is known for the lot" : "the nonconformance is not the supplier's";
        }
        return null;
    }
}
