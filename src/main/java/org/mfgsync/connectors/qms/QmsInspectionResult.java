package org.mfgsync.connectors.qms;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The QMS's inspection result as posted to the API (schemas/json/v1/qms-inspection-result.schema.json). */
@RegisterForReflection
public record QmsInspectionResult(
        String inspectionLot,
        String plant,
        String item,
        String lot,
        String supplier,
        String purchaseOrder,
        String poLine,
        String result,
        BigDecimal lotQuantity,
        BigDecimal sampledQuantity,
        BigDecimal acceptedQuantity,
        BigDecimal rejectedQuantity,
        String unitOfMeasure,
        List<String> defectCodes,
        OffsetDateTime inspectedAt) {
}
