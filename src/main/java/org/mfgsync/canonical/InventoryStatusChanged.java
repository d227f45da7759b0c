package org.mfgsync.canonical;

import java.math.BigDecimal;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Payload of the canonical {@code InventoryStatusChanged} event: stock of one lot moved to a status. */
@RegisterForReflection
public record InventoryStatusChanged(
        String plant,
        String item,
        String lot,
        BigDecimal quantity,
        String unitOfMeasure,
        StockStatus status,
        String reason,
        String reference) {

    public enum StockStatus {
        UNRESTRICTED, QUALITY_INSPECTION, BLOCKED
    }
}
