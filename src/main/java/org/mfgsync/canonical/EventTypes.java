package org.mfgsync.canonical;

import java.util.Locale;

/** Canonical event type names and the Kafka topics they travel on. */
public final class EventTypes {

    public static final String PURCHASE_ORDER_CHANGED = "PurchaseOrderChanged";
    public static final String SUPPLIER_COMMIT_CHANGED = "SupplierCommitChanged";
    public static final String SHIPMENT_NOTIFIED = "ShipmentNotified";
    public static final String INSPECTION_COMPLETED = "InspectionCompleted";
    public static final String NONCONFORMANCE_RAISED = "NonconformanceRaised";
    public static final String CORRECTIVE_ACTION_REQUESTED = "CorrectiveActionRequested";
    public static final String CORRECTIVE_ACTION_UPDATED = "CorrectiveActionUpdated";
    public static final String INVENTORY_STATUS_CHANGED = "InventoryStatusChanged";
    public static final String PROCUREMENT_ACTION_REQUESTED = "ProcurementActionRequested";
    public static final String LOT_DISPOSITION_DECIDED = "LotDispositionDecided";
    public static final String PLANNING_RECALCULATION_REQUESTED = "PlanningRecalculationRequested";
    public static final String ESCALATION_RAISED = "EscalationRaised";
    public static final String SLA_BREACHED = "SlaBreached";

    private EventTypes() {
    }

    /** {@code InspectionCompleted} → {@code mfgsync.inspection-completed.v1}. */
    public static String topicOf(String eventType, int majorVersion) {
        String kebab = eventType.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
        return "mfgsync." + kebab + ".v" + majorVersion;
    }
}
