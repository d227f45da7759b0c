package org.mfgsync.connectors.qms;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The QMS's nonconformance report as posted to the API (schemas/json/v1/qms-nonconformance.schema.json). */
@RegisterForReflection
public record QmsNonconformance(
        String nonconformance,
        String plant,
        String nonconformanceType,
        String severity,
        String item,
        String lot,
        String supplier,
        String description,
        BigDecimal quantity,
        String unitOfMeasure,
        OffsetDateTime detectedAt,
        List<Defect> defects,
        String disposition,
        String purchaseOrder,
        String poLine,
        String inspectionLot) {

    @RegisterForReflection
    public record Defect(String codeGroup, String code, String description, BigDecimal quantity) {
    }
}
