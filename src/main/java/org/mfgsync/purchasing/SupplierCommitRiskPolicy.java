package org.mfgsync.purchasing;

import java.math.BigDecimal;
import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

import org.mfgsync.canonical.SupplierCommitChanged.ConfirmationType;
import org.mfgsync.partner.WorkflowDataDocument;

/**
 * {@code mappings/policies/supplier-commit-risk.yaml}: when a supplier commit is HIGH risk (the owning ERP is updated at
 * once, planning recalculates, procurement is told) rather than LOW (batched to the ERP). Rules, in the order they are
 * tried; the first that fires names the classification:
 * <ol>
 * <li>{@code confirmation-type}: the commit (or a line) is one of {@link #highRiskConfirmationTypes};</li>
 * <li>{@code short-quantity}: a line commits less than the ordered quantity by more than
 * {@link #shortQuantityTolerancePercent} %;</li>
 * <li>{@code late-delivery}: a line's committed delivery date is later than its need date by more than
 * {@link #lateDeliveryToleranceDays} days;</li>
 * <li>{@code critical-item}: a line's item is on {@link #criticalItems};</li>
 * </ol>
 * otherwise LOW ({@code within-tolerance}). {@link #incomingInspectionItems} lists the items the QMS inspects on
 * receipt: a commit that moves their delivery date reschedules the inspection.
 */
@RegisterForReflection
public record SupplierCommitRiskPolicy(Integer lateDeliveryToleranceDays, BigDecimal shortQuantityTolerancePercent,
        List<ConfirmationType> highRiskConfirmationTypes, List<String> criticalItems, List<String> incomingInspectionItems)
        implements WorkflowDataDocument {

    public SupplierCommitRiskPolicy {
        highRiskConfirmationTypes = highRiskConfirmationTypes == null ? List.of() : List.copyOf(highRiskConfirmationTypes);
        criticalItems = criticalItems == null ? List.of() : List.copyOf(criticalItems);
        incomingInspectionItems = incomingInspectionItems == null ? List.of() : List.copyOf(incomingInspectionItems);
    }

    @Override
    public void check() {
        if (lateDeliveryToleranceDays == null || lateDeliveryToleranceDays < 0) {
            throw new IllegalArgumentException("lateDeliveryToleranceDays: required, the days a committed delivery may be "
                    + "later than the need date before the commit is HIGH risk (0 or more)");
        }
        if (shortQuantityTolerancePercent == null || shortQuantityTolerancePercent.signum() < 0
                || shortQuantityTolerancePercent.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw new IllegalArgumentException("shortQuantityTolerancePercent: required, the percentage a committed quantity "
                    + "may fall short of the ordered one before the commit is HIGH risk (0 to 100)");
        }
    }
}
