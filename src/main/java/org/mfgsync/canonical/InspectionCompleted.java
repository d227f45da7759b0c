package org.mfgsync.canonical;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Payload of the canonical {@code InspectionCompleted} event (schemas/json/v1/inspection-completed.schema.json).
 * The optional fields of the first release are written as null when absent; later additions are left out.
 */
@RegisterForReflection
public record InspectionCompleted(
        String inspectionLot,
        String item,
        String lot,
        String supplier,
        String purchaseOrder,
        String poLine,
        @JsonInclude(JsonInclude.Include.NON_NULL) String shipment,
        @JsonInclude(JsonInclude.Include.NON_NULL) String inspectionType,
        InspectionResult result,
        @JsonInclude(JsonInclude.Include.NON_NULL) String usageDecisionCode,
        BigDecimal lotQuantity,
        BigDecimal sampledQuantity,
        BigDecimal acceptedQuantity,
        BigDecimal rejectedQuantity,
        String unitOfMeasure,
        List<String> defectCodes,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<Characteristic> characteristics,
        OffsetDateTime inspectedAt) {

    /** An inspection reported without shipment, inspection type, usage decision code or characteristics. */
    public InspectionCompleted(String inspectionLot, String item, String lot, String supplier, String purchaseOrder,
            String poLine, InspectionResult result, BigDecimal lotQuantity, BigDecimal sampledQuantity,
            BigDecimal acceptedQuantity, BigDecimal rejectedQuantity, String unitOfMeasure, List<String> defectCodes,
            OffsetDateTime inspectedAt) {
        this(inspectionLot, item, lot, supplier, purchaseOrder, poLine, null, null, result, null, lotQuantity,
                sampledQuantity, acceptedQuantity, rejectedQuantity, unitOfMeasure, defectCodes, null, inspectedAt);
    }

    public enum InspectionResult {
        ACCEPTED, REJECTED
    }

    /** One inspected characteristic: its specification and what was measured (cf. X12 863 MEA, QIF Results). */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Characteristic(
            String characteristic,
            String description,
            InspectionResult result,
            String unitOfMeasure,
            BigDecimal lowerLimit,
            BigDecimal upperLimit,
            BigDecimal target,
            List<BigDecimal> measuredValues,
            Integer defectCount) {
    }
}
