package org.mfgsync.canonical;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Payload of the canonical {@code PlanningRecalculationRequested} event
 * (schemas/json/v1/planning-recalculation-requested.schema.json): a HIGH-risk change of supply planning must take into
 * account now.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PlanningRecalculationRequested(
        String plant,
        String purchaseOrder,
        String supplier,
        String confirmationId,
        String riskRule,
        String reason,
        List<Line> lines) {

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Line(
            String poLine,
            String item,
            BigDecimal orderedQuantity,
            BigDecimal committedQuantity,
            String unitOfMeasure,
            LocalDate needDate,
            LocalDate committedDate) {
    }
}
