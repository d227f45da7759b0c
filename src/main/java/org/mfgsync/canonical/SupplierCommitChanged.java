package org.mfgsync.canonical;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Payload of the canonical {@code SupplierCommitChanged} event (schemas/json/v1/supplier-commit-changed.schema.json):
 * a supplier's confirmation of a purchase order, at header or line level (cf. cXML ConfirmationRequest, EDIFACT ORDRSP,
 * X12 855/865).
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SupplierCommitChanged(
        String purchaseOrder,
        Integer purchaseOrderRevision,
        String supplier,
        String confirmationId,
        ConfirmationType confirmationType,
        Level level,
        OffsetDateTime confirmedAt,
        String reasonCode,
        String comment,
        List<Line> lines) {

    public enum ConfirmationType {
        ACCEPT, REJECT, CHANGE, BACKORDERED
    }

    public enum Level {
        HEADER, LINE
    }

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Line(
            String poLine,
            ConfirmationType confirmationType,
            String item,
            String supplierItem,
            BigDecimal confirmedQuantity,
            String unitOfMeasure,
            LocalDate shipDate,
            LocalDate deliveryDate,
            Price price,
            String reasonCode,
            String comment,
            PreviousCommit previousCommit) {
    }

    /** The commit a line's new commit replaces. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PreviousCommit(BigDecimal confirmedQuantity, LocalDate deliveryDate) {
    }
}
