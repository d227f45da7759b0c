package org.mfgsync.canonical;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Payload of the canonical {@code ShipmentNotified} event, the advance ship notice (schemas/json/v1/shipment-notified.schema.json). */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ShipmentNotified(
        String shipment,
        String supplier,
        OffsetDateTime shippedAt,
        OffsetDateTime expectedArrival,
        String carrier,
        String trackingNumber,
        BigDecimal grossWeight,
        String weightUnit,
        Integer packageCount,
        List<Line> lines) {

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Line(
            Integer lineNumber,
            String purchaseOrder,
            String poLine,
            String item,
            String supplierItem,
            BigDecimal quantity,
            String unitOfMeasure,
            List<Lot> lots,
            List<String> serialNumbers,
            String countryOfOrigin) {
    }

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Lot(String lot, String supplierLot, BigDecimal quantity, LocalDate manufactureDate, LocalDate expiryDate) {
    }
}
