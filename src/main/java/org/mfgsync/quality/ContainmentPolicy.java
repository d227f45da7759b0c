package org.mfgsync.quality;

import java.util.EnumSet;
import java.util.Map;

import org.mfgsync.canonical.CorrectiveActionRequested.Method;
import org.mfgsync.canonical.CorrectiveActionRequested.Priority;
import org.mfgsync.canonical.InventoryStatusChanged.StockStatus;
import org.mfgsync.canonical.LotDispositionDecided.LotDisposition;
import org.mfgsync.canonical.NonconformanceRaised.Disposition;
import org.mfgsync.canonical.NonconformanceRaised.Severity;
import org.mfgsync.canonical.ProcurementActionRequested.Action;
import org.mfgsync.partner.WorkflowDataDocument;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code mappings/quality/containment-policy.yaml}: how the quality containment workflow opens SCARs, what it asks
 * procurement for, and which stock status each release disposition posts to the ERP. Hot-reloaded data.
 */
@RegisterForReflection
public record ContainmentPolicy(Scar scar, Procurement procurement, Map<LotDisposition, StockStatus> release)
        implements WorkflowDataDocument {

    /** The SCAR opened in the QMS for a supplier-caused containment. */
    @RegisterForReflection
    public record Scar(int responseDays, int containmentDays, Method method, Priority inspectionRejectedPriority,
            Map<Severity, Priority> priorityBySeverity) {
    }

    /**
     * What procurement is asked for: by the NCR's disposition when already decided (anything but PENDING), else by its
     * severity; a rejected inspection has neither.
     */
    @RegisterForReflection
    public record Procurement(Action inspectionRejected, Map<Severity, Action> bySeverity,
            Map<Disposition, Action> byDisposition) {
    }

    @Override
    public void check() {
        if (scar == null || procurement == null || release == null) {
            throw new IllegalArgumentException("scar, procurement and release are all required");
        }
        if (scar.responseDays() < 1 || scar.containmentDays() < 0 || scar.containmentDays() > scar.responseDays()) {
            throw new IllegalArgumentException("scar: responseDays must be at least 1 and containmentDays between 0 and responseDays");
        }
        if (scar.method() == null || scar.inspectionRejectedPriority() == null) {
            throw new IllegalArgumentException("scar: method and inspectionRejectedPriority are required");
        }
        requireAll("scar.priorityBySeverity", scar.priorityBySeverity(), EnumSet.allOf(Severity.class));
        if (procurement.inspectionRejected() == null) {
            throw new IllegalArgumentException("procurement.inspectionRejected: the action for a rejected inspection is required");
        }
        requireAll("procurement.bySeverity", procurement.bySeverity(), EnumSet.allOf(Severity.class));
        requireAll("procurement.byDisposition", procurement.byDisposition(), EnumSet.complementOf(EnumSet.of(Disposition.PENDING)));
        requireAll("release", release, EnumSet.allOf(LotDisposition.class));
    }

    private static <K extends Enum<K>> void requireAll(String name, Map<K, ?> map, EnumSet<K> keys) {
        for (K key : keys) {
            if (map == null || map.get(key) == null) {
                throw new IllegalArgumentException(name + "." + key + ": missing; every one of " + keys + " needs an entry");
            }
        }
    }

    public Priority scarPriority(Containment containment) {
        return containment.severity() == null ? scar.inspectionRejectedPriority() : scar.priorityBySeverity().get(containment.severity());
    }

    public Action procurementAction(Containment containment) {
        if (containment.disposition() != null && containment.disposition() != Disposition.PENDING) {
            return procurement.byDisposition().get(containment.disposition());
        }
        return containment.severity() == null ? procurement.inspectionRejected() : procurement.bySeverity().get(containment.severity());
    }

    public StockStatus releaseStatus(LotDisposition disposition) {
        return release.get(disposition);
    }
}
