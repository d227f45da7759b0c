package org.mfgsync.purchasing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;

/**
 * A purchase order as the PO book knows it: its latest revision from the owning ERP instance, with its lines by line
 * number, and the revision last delivered to the supplier (null when none was).
 */
public record BookedOrder(String purchaseOrder, String supplier, int revision, String changeType, LocalDate orderDate,
        String erpInstance, String plant, Integer deliveredRevision, Map<String, Line> lines) {

    public record Line(String poLine, String lineChange, String item, BigDecimal quantity, String unitOfMeasure,
            LocalDate needDate, String deliveryPlant) {
    }
}
