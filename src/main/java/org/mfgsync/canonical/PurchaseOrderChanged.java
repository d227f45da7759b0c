package org.mfgsync.canonical;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Payload of the canonical {@code PurchaseOrderChanged} event (schemas/json/v1/purchase-order-changed.schema.json). */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PurchaseOrderChanged(
        String purchaseOrder,
        ChangeType changeType,
        Integer revision,
        String supplier,
        LocalDate orderDate,
        String buyer,
        String currency,
        String paymentTerms,
        String incoterms,
        List<Line> lines) {

    public enum ChangeType {
        CREATED, REVISED, CANCELLED
    }

    public enum LineChange {
        ADDED, CHANGED, CANCELLED, UNCHANGED
    }

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Line(
            String poLine,
            LineChange lineChange,
            String item,
            String itemDescription,
            String supplierItem,
            String itemRevision,
            BigDecimal quantity,
            String unitOfMeasure,
            LocalDate needDate,
            Price price,
            String deliveryPlant,
            String storageLocation) {
    }
}
