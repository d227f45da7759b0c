package org.mfgsync.canonical;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Payload of the canonical {@code NonconformanceRaised} event (schemas/json/v1/nonconformance-raised.schema.json),
 * cf. SAP QM quality notifications and X12 842.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NonconformanceRaised(
        String nonconformance,
        NonconformanceType nonconformanceType,
        Severity severity,
        String item,
        String supplier,
        String description,
        BigDecimal quantity,
        String unitOfMeasure,
        OffsetDateTime detectedAt,
        List<Defect> defects,
        Disposition disposition,
        List<String> affectedLots,
        List<String> affectedSerialNumbers,
        String purchaseOrder,
        String poLine,
        String shipment,
        String inspectionLot) {

    public enum NonconformanceType {
        SUPPLIER, INTERNAL, CUSTOMER
    }

    public enum Severity {
        CRITICAL, MAJOR, MINOR
    }

    public enum Disposition {
        PENDING, USE_AS_IS, REWORK, SORT, RETURN_TO_SUPPLIER, SCRAP
    }

    /** A defect found, coded by code group and code, with its cause where known. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Defect(
            String codeGroup,
            String code,
            String description,
            BigDecimal quantity,
            String causeCodeGroup,
            String causeCode,
            String causeText) {
    }
}
