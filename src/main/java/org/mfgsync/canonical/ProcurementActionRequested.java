package org.mfgsync.canonical;

import java.math.BigDecimal;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.mfgsync.canonical.NonconformanceRaised.Disposition;
import org.mfgsync.canonical.NonconformanceRaised.Severity;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Payload of the canonical {@code ProcurementActionRequested} event (schemas/json/v1/procurement-action-requested.schema.json):
 * quality containment asks procurement for a replacement shipment or a supplier debit on a contained lot.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProcurementActionRequested(
        Action action,
        String supplier,
        String item,
        String lot,
        BigDecimal quantity,
        String unitOfMeasure,
        String reason,
        String reference,
        Severity severity,
        Disposition disposition,
        String correctiveAction,
        String nonconformance,
        String inspectionLot,
        String purchaseOrder,
        String poLine) {

    public enum Action {
        REPLACEMENT_SHIPMENT, SUPPLIER_DEBIT
    }
}
