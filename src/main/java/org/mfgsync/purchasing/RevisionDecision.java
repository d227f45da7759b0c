package org.mfgsync.purchasing;

import java.util.function.Function;

import org.mfgsync.backbone.BusinessRuleException;
import org.mfgsync.canonical.EventEnvelope;
import org.mfgsync.canonical.PurchaseOrderChanged;

/**
 * What becomes of a PO revision once it is in the PO book: DELIVER it on the supplier's channel (from the supplier's
 * profile), SKIP it (the supplier has, or is being sent, this or a newer revision), or REFUSE it (the supplier has no
 * profile, so the channel is not known; a PO never goes to a guessed channel).
 *
 * @param json    the revision as it came (the canonical envelope): what the channel gets
 * @param detail  why it is skipped or refused, as the trace shows it; null when delivered
 * @param channel the supplier channel instance it is delivered on; null unless delivered
 * @param refusal the business rule it breaks; null unless refused
 */
public record RevisionDecision(EventEnvelope<PurchaseOrderChanged> event, String json, Action action, String detail,
        String channel, BusinessRuleException refusal) {

    public enum Action {
        DELIVER, SKIP, REFUSE
    }

    /**
     * A revision older than the book's, or not newer than the one already delivered to the supplier, is skipped.
     * (Revisions handed over but not yet delivered are newer than the book's delivered one and at least the book's
     * revision; the channel's topic, keyed by PO, keeps them in order.) Otherwise it goes to the channel of the
     * supplier's profile ({@code profiles}: the profile, or a {@link BusinessRuleException}).
     */
    static RevisionDecision decide(EventEnvelope<PurchaseOrderChanged> event, String json, BookedOrder booked,
            Function<String, SupplierProfile> profiles) {
        String skip = skipReason(event.payload(), booked);
        if (skip != null) {
            return new RevisionDecision(event, json, Action.SKIP, skip, null, null);
        }
        try {
            return new RevisionDecision(event, json, Action.DELIVER, null, profiles.apply(event.payload().supplier()).channel(),
                    null);
        } catch (BusinessRuleException refused) {
            return new RevisionDecision(event, json, Action.REFUSE, refused.errorClass() + ": " + refused.getMessage(), null,
                    refused);
        }
    }

    static String skipReason(PurchaseOrderChanged po, BookedOrder booked) {
        int revision = revisionOf(po);
        if (booked.deliveredRevision() != null && revision <= booked.deliveredRevision()) {
            return "revision " + revision + " of purchase order " + po.purchaseOrder() + " is not newer than revision "
                    + booked.deliveredRevision() + " already delivered to supplier " + booked.supplier();
        }
        if (revision < booked.revision()) {
            return "revision " + revision + " of purchase order " + po.purchaseOrder() + " is older than revision "
                    + booked.revision() + " already received from " + booked.erpInstance();
        }
        return null;
    }

    static int revisionOf(PurchaseOrderChanged po) {
        return po.revision() == null ? 0 : po.revision();
    }

    public String purchaseOrder() {
        return event.payload().purchaseOrder();
    }
}
