package org.mfgsync.canonical;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Payload of the canonical {@code InspectionCompleted} event (schemas/json/v1/inspection-completed.schema.json). */
@RegisterForReflection
public record InspectionCompleted(
        String inspectionLot,
        String item,
        String lot,
        String supplier,
        String purchaseOrder,
        String poLine,
        InspectionResult result,
        BigDecimal lotQuantity,
        BigDecimal sampledQuantity,
        BigDecimal acceptedQuantity,
        BigDecimal rejectedQuantity,
        String unitOfMeasure,
        List<String> defectCodes,
        OffsetDateTime inspectedAt) {

    public enum InspectionResult {
        ACCEPTED, REJECTED
    }
}
