package org.mfgsync.canonical;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import org.mfgsync.canonical.master.Item;
import org.mfgsync.canonical.master.Plant;
import org.mfgsync.canonical.master.Supplier;

/**
 * The catalogue of canonical schemas (schemas/json/v1/{schemaName}.schema.json and schemas/xsd/v1/{schemaName}.xsd)
 * and the Java type that a test proves matches each of them field for field.
 */
public enum CanonicalType {

    ENVELOPE("Envelope", Kind.ENVELOPE, EventEnvelope.class),
    PURCHASE_ORDER_CHANGED(EventTypes.PURCHASE_ORDER_CHANGED, Kind.EVENT, PurchaseOrderChanged.class),
    SUPPLIER_COMMIT_CHANGED(EventTypes.SUPPLIER_COMMIT_CHANGED, Kind.EVENT, SupplierCommitChanged.class),
    SHIPMENT_NOTIFIED(EventTypes.SHIPMENT_NOTIFIED, Kind.EVENT, ShipmentNotified.class),
    INSPECTION_COMPLETED(EventTypes.INSPECTION_COMPLETED, Kind.EVENT, InspectionCompleted.class),
    NONCONFORMANCE_RAISED(EventTypes.NONCONFORMANCE_RAISED, Kind.EVENT, NonconformanceRaised.class),
    CORRECTIVE_ACTION_REQUESTED(EventTypes.CORRECTIVE_ACTION_REQUESTED, Kind.EVENT, CorrectiveActionRequested.class),
    CORRECTIVE_ACTION_UPDATED(EventTypes.CORRECTIVE_ACTION_UPDATED, Kind.EVENT, CorrectiveActionUpdated.class),
    INVENTORY_STATUS_CHANGED(EventTypes.INVENTORY_STATUS_CHANGED, Kind.EVENT, InventoryStatusChanged.class),
    PROCUREMENT_ACTION_REQUESTED(EventTypes.PROCUREMENT_ACTION_REQUESTED, Kind.EVENT, ProcurementActionRequested.class),
    LOT_DISPOSITION_DECIDED(EventTypes.LOT_DISPOSITION_DECIDED, Kind.EVENT, LotDispositionDecided.class),
    PLANNING_RECALCULATION_REQUESTED(EventTypes.PLANNING_RECALCULATION_REQUESTED, Kind.EVENT, PlanningRecalculationRequested.class),
    ESCALATION_RAISED(EventTypes.ESCALATION_RAISED, Kind.EVENT, EscalationRaised.class),
    SLA_BREACHED(EventTypes.SLA_BREACHED, Kind.EVENT, SlaBreached.class),
    SUPPLIER("Supplier", Kind.MASTER_DATA, Supplier.class),
    ITEM("Item", Kind.MASTER_DATA, Item.class),
    PLANT("Plant", Kind.MASTER_DATA, Plant.class);

    /** What a schema describes: the envelope alone, an event (envelope + payload), or a master data record. */
    public enum Kind {
        ENVELOPE, EVENT, MASTER_DATA
    }

    private final String typeName;
    private final Kind kind;
    private final Class<?> javaType;

    CanonicalType(String typeName, Kind kind, Class<?> javaType) {
        this.typeName = typeName;
        this.kind = kind;
        this.javaType = javaType;
    }

    /** {@code InspectionCompleted}: the eventType, the XML root element and the schema title. */
    public String typeName() {
        return typeName;
    }

    /** {@code inspection-completed}: the schema's file name without extension. */
    public String schemaName() {
        return kebab(typeName);
    }

    public Kind kind() {
        return kind;
    }

    /** The Java record of an event's payload, of a master data record, or the envelope. */
    public Class<?> javaType() {
        return javaType;
    }

    /** {@code mfgsync.inspection-completed.v1} for events; empty for the envelope and master data. */
    public Optional<String> topic(int majorVersion) {
        return kind == Kind.EVENT ? Optional.of(EventTypes.topicOf(typeName, majorVersion)) : Optional.empty();
    }

    /** Finds a type by its type name ({@code InspectionCompleted}) or schema name ({@code inspection-completed}). */
    public static Optional<CanonicalType> find(String name) {
        return Arrays.stream(values())
                .filter(t -> t.typeName.equals(name) || t.schemaName().equals(name))
                .findFirst();
    }

    static String kebab(String typeName) {
        return typeName.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
