package org.mfgsync.quality;

import java.util.Optional;
import java.util.function.Supplier;

import org.mfgsync.backbone.BusinessRuleException;
import org.mfgsync.canonical.EventEnvelope;
import org.mfgsync.canonical.InventoryStatusChanged.StockStatus;
import org.mfgsync.canonical.LotDispositionDecided;

/**
 * The QMS's release disposition for a lot, decided against the lot's containment: CALL (the plant's ERP gets the stock
 * status the containment policy names for the disposition) or SKIP (the lot was released before). A lot never blocked,
 * or whose block the ERP has not confirmed yet, is refused ({@link #decide}).
 *
 * @param lot    the lot's containment row
 * @param status the stock status the release posts; null when it is skipped
 */
public record LotRelease(EventEnvelope<LotDispositionDecided> event, LotContainments.Row lot, StockStatus status,
        ContainmentDecision decision, String correlationId, String causationId) {

    /**
     * Refuses a lot never blocked by containment (business rule {@code lot-not-contained}) and a lot whose block is
     * still on its way to the ERP ({@code lot-block-pending}: releasing first would be undone by it); a lot released
     * before is skipped; otherwise the policy's status for the disposition is posted.
     */
    static LotRelease decide(EventEnvelope<LotDispositionDecided> event, Optional<LotContainments.Row> found,
            Supplier<ContainmentPolicy> policy, String correlationId, String causationId) {
        LotDispositionDecided disposition = event.payload();
        LotContainments.Row row = found.orElseThrow(() -> new BusinessRuleException("lot-not-contained", "lot "
                + disposition.lot() + " of item " + disposition.item() + " in plant " + event.plant() + " was never blocked by "
                + "quality containment, so there is nothing to release (disposition " + disposition.disposition() + ")"));
        if (row.state() == LotContainments.State.OPENED) {
            throw new BusinessRuleException("lot-block-pending", "lot " + disposition.lot() + " of item " + disposition.item()
                    + " in plant " + event.plant() + " is being blocked (" + row.openedByReference() + ") and the ERP has "
                    + "not confirmed it yet, so it cannot be released before (disposition " + disposition.disposition() + ")");
        }
        if (row.state() == LotContainments.State.RELEASED) {
            return new LotRelease(event, row, null, ContainmentDecision.skip("lot released before with disposition "
                    + row.disposition() + " (" + row.releasedStatus() + ")"), correlationId, causationId);
        }
        StockStatus status = policy.get().releaseStatus(disposition.disposition());
        return new LotRelease(event, row, status, ContainmentDecision.call(disposition.disposition() + " → " + status),
                correlationId, causationId);
    }

    public LotDispositionDecided disposition() {
        return event.payload();
    }

    public String plant() {
        return event.plant();
    }
}
