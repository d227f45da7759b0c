package org.mfgsync.quality;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.mfgsync.backbone.BusinessRuleException;
import org.mfgsync.backbone.CanonicalMessages;
import org.mfgsync.canonical.CanonicalJson;
import org.mfgsync.canonical.CorrectiveActionRequested;
import org.mfgsync.canonical.EventEnvelope;
import org.mfgsync.canonical.EventTypes;
import org.mfgsync.canonical.InventoryStatusChanged;
import org.mfgsync.canonical.InventoryStatusChanged.StockStatus;
import org.mfgsync.canonical.LotDispositionDecided;
import org.mfgsync.canonical.ProcurementActionRequested;
import org.mfgsync.canonical.SchemaValidation;
import org.mfgsync.canonical.SourceSystem;
import org.mfgsync.partner.PlantRouting;
import org.mfgsync.partner.WorkflowData;
import org.mfgsync.resilience.HandOvers;
import org.mfgsync.resilience.TargetDeliveries;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The steps of the quality containment workflow (routes/workflows/quality-containment.camel.yaml): contain a lot
 * (block it in its plant's ERP), open a SCAR, tell procurement, and release the lot on the QMS's disposition. The lot's
 * state lives in {@link LotContainments}; each step looks there first, so a redelivered event repeats nothing.
 */
@ApplicationScoped
@Named("qualityContainment")
public class QualityContainment {

    public static final String WORKFLOW = "quality-containment";
    static final String SCHEMA_VERSION = "1.0";
    static final String POLICY = "quality/containment-policy";
    static final SourceSystem SOURCE = new SourceSystem("mfgsync", WORKFLOW);

    /** Exchange properties the route reads. */
    public static final String CONTAINMENT = "containment";
    public static final String TRIGGER_KEY = "triggerKey";
    public static final String BLOCK_NEEDED = "blockNeeded";
    public static final String OWNS_CONTAINMENT = "ownsContainment";
    public static final String STEP = "containmentStep";
    public static final String DETAIL = "stepDetail";
    public static final String SCAR_ID = "correctiveAction";
    /** Exchange property: the InventoryStatusChanged envelope sent to the ERP (the body is the ERP's answer after). */
    public static final String INVENTORY_STATUS_EVENT = "inventoryStatusEvent";

    /** What a step does for this exchange. */
    public static final String CALL = "CALL";
    public static final String PUBLISH = "PUBLISH";
    public static final String SKIP = "SKIP";

    private static final TypeReference<EventEnvelope<LotDispositionDecided>> DISPOSITION_EVENT = new TypeReference<>() {
    };

    /** What the QMS is asked to open: body of {@code POST /api/v1/corrective-actions}. */
    @RegisterForReflection
    public record ScarRequest(String supplier, String plant, String item, String lot, List<String> nonconformances,
            String inspectionLot, String purchaseOrder, String poLine, CorrectiveActionRequested.Priority priority,
            CorrectiveActionRequested.Method method, String problemDescription, LocalDate containmentDueDate,
            LocalDate responseDueDate, String requestedBy) {
    }

    private final StockContainment stock;
    private final LotContainments lots;
    private final WorkflowData data;
    private final SchemaValidation schemas;
    private final Clock clock;

    @Inject
    public QualityContainment(StockContainment stock, LotContainments lots, WorkflowData data, SchemaValidation schemas) {
        this(stock, lots, data, schemas, Clock.systemUTC());
    }

    QualityContainment(StockContainment stock, LotContainments lots, WorkflowData data, SchemaValidation schemas, Clock clock) {
        this.stock = stock;
        this.lots = lots;
        this.data = data;
        this.schemas = schemas;
        this.clock = clock;
    }

    // ---- what a decision contains -------------------------------------------------------------------------------

    /** Route step on an {@code InspectionCompleted} event: true (and property containment set) for a rejected lot. */
    public boolean fromInspection(Exchange exchange) throws IOException {
        return remember(exchange, stock.forInspection(exchange.getMessage().getBody(String.class)));
    }

    /** Route step on a {@code NonconformanceRaised} event: the NCR's affected lot is contained. */
    public boolean fromNonconformance(Exchange exchange) throws IOException {
        return remember(exchange, stock.forNonconformance(exchange.getMessage().getBody(String.class)));
    }

    private static boolean remember(Exchange exchange, Containment containment) {
        if (containment == null) {
            return false;
        }
        exchange.setProperty(CONTAINMENT, containment);
        exchange.setProperty(PlantRouting.PLANT, containment.plant());
        exchange.setProperty(TRIGGER_KEY, exchange.getProperty("idempotencyKey", String.class));
        return true;
    }

    // ---- block ----------------------------------------------------------------------------------------------------

    /**
     * Route step before the ERP call: opens (or keeps) the lot's containment and tells the route whether this decision
     * still has to block (it has not been confirmed for this decision yet) and whether this decision owns the
     * containment (opened it, so it also opens the SCAR and tells procurement). The body becomes the
     * {@code InventoryStatusChanged} envelope for the ERP.
     */
    public void claim(Exchange exchange) throws IOException {
        Containment containment = exchange.getProperty(CONTAINMENT, Containment.class);
        String key = exchange.getProperty(TRIGGER_KEY, String.class);
        String correlationId = exchange.getProperty("correlationId", String.class);
        LotContainments.Row row = lots.open(containment, key, correlationId, now());
        boolean blockNeeded = !key.equals(row.lastBlockKey());
        exchange.setProperty(BLOCK_NEEDED, blockNeeded);
        exchange.setProperty(OWNS_CONTAINMENT, key.equals(row.openedByKey()));
        exchange.setProperty(DETAIL, blockNeeded ? null : "the ERP confirmed this decision's block before");
        exchange.getMessage().setBody(inventoryStatusEvent(exchange, containment.plant(), containment.item(), containment.lot(),
                containment.quantity(), containment.unitOfMeasure(), StockStatus.BLOCKED, containment.reason(),
                containment.reference(), key, businessKeys(containment)));
    }

    /**
     * Route step after the block was handed to the ERP's delivery: recorded once the hand-over is acknowledged, so a
     * hand-over lost with the broker is made again on the retry instead of being skipped as done.
     */
    public void blocked(Exchange exchange) {
        Containment c = exchange.getProperty(CONTAINMENT, Containment.class);
        String key = exchange.getProperty(TRIGGER_KEY, String.class);
        HandOvers.afterAcknowledged(exchange, () -> lots.blocked(c.plant(), c.item(), c.lot(), key, now()));
    }

    // ---- SCAR -----------------------------------------------------------------------------------------------------

    /**
     * Route step before the SCAR: property {@value #STEP} = CALL (body = the QMS request, idempotencyKey set for it),
     * PUBLISH (opened before, its event still to publish) or SKIP (with the reason in {@value #DETAIL}).
     */
    public void scarRequest(Exchange exchange) throws IOException {
        Containment c = exchange.getProperty(CONTAINMENT, Containment.class);
        LotContainments.Row row = lots.find(c.plant(), c.item(), c.lot()).orElseThrow();
        String skip = ownerSkip(exchange, row);
        if (skip == null && !c.supplierAccountable()) {
            skip = c.supplier() == null ? "no supplier is known for the lot" : "the nonconformance is not the supplier's";
        }
        if (skip != null) {
            step(exchange, SKIP, skip);
            return;
        }
        if (row.scarId() != null) {
            exchange.setProperty(SCAR_ID, row.scarId());
            step(exchange, row.scarPublished() ? SKIP : PUBLISH, row.scarPublished() ? "SCAR " + row.scarId() + " was opened before" : null);
            return;
        }
        ScarRequest request = scarPayloadBasis(c);
        exchange.setProperty("idempotencyKey", row.openedByKey() + ":scar");
        // the QMS opens it through its own delivery; the containment goes on from its answer (resume)
        exchange.setProperty(TargetDeliveries.CONTEXT, CanonicalJson.MAPPER.writeValueAsString(c));
        exchange.getMessage().setBody(CanonicalJson.MAPPER.writeValueAsString(request));
        step(exchange, CALL, null);
    }

    /**
     * First step of the containment's continuation once the QMS answered the SCAR request (on the QMS's delivery
     * route): the containment comes back from the delivery's context; this decision owns it (only the owner asks).
     */
    public void resume(Exchange exchange) throws IOException {
        String context = exchange.getProperty(TargetDeliveries.CONTEXT, String.class);
        if (context == null) {
            throw new IllegalArgumentException("a SCAR answer reached the containment without the containment it belongs to");
        }
        Containment c = CanonicalJson.MAPPER.readValue(context, Containment.class);
        exchange.setProperty(CONTAINMENT, c);
        exchange.setProperty(OWNS_CONTAINMENT, true);
        exchange.setProperty(PlantRouting.PLANT, c.plant());
    }

    /** Route step after the QMS answered: keeps the SCAR id it gave (body {@code {"correctiveAction": "..."}}). */
    public void scarOpened(Exchange exchange) throws IOException {
        Containment c = exchange.getProperty(CONTAINMENT, Containment.class);
        String body = exchange.getMessage().getBody(String.class);
        JsonNode answer = body == null || body.isBlank() ? null : CanonicalJson.MAPPER.readTree(body);
        String scarId = answer == null ? null : answer.path("correctiveAction").asText(null);
        if (scarId == null || scarId.isBlank()) {
            throw new IllegalArgumentException("the QMS answered the corrective action request without a correctiveAction id: " + body);
        }
        lots.scarOpened(c.plant(), c.item(), c.lot(), scarId, now());
        exchange.setProperty(SCAR_ID, scarId);
    }

    /** Route step: the message becomes the {@code CorrectiveActionRequested} event, linked to the supplier. */
    public void scarEvent(Exchange exchange) throws IOException {
        Containment c = exchange.getProperty(CONTAINMENT, Containment.class);
        String scarId = exchange.getProperty(SCAR_ID, String.class);
        LotContainments.Row row = lots.find(c.plant(), c.item(), c.lot()).orElseThrow();
        ScarRequest request = scarPayloadBasis(c);
        var payload = new CorrectiveActionRequested(scarId, c.supplier(), request.nonconformances(), c.item(),
                request.priority(), request.method(), c.problemDescription(), request.containmentDueDate(),
                request.responseDueDate(), request.requestedBy());
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("correctiveAction", scarId);
        keys.put("supplier", c.supplier());
        keys.putAll(businessKeys(c));
        publishable(exchange, EventTypes.CORRECTIVE_ACTION_REQUESTED, "corrective-action-requested", c.plant(), keys,
                row.openedByKey() + ":scar", payload, scarId);
    }

    private ScarRequest scarPayloadBasis(Containment c) {
        ContainmentPolicy policy = policy();
        LocalDate today = LocalDate.now(clock);
        return new ScarRequest(c.supplier(), c.plant(), c.item(), c.lot(), List.of(c.reference()), c.inspectionLot(),
                c.purchaseOrder(), c.poLine(), policy.scarPriority(c), policy.scar().method(), c.problemDescription(),
                today.plusDays(policy.scar().containmentDays()), today.plusDays(policy.scar().responseDays()),
                "mfgsync quality containment, plant " + c.plant());
    }

    public void scarPublished(Exchange exchange) {
        Containment c = exchange.getProperty(CONTAINMENT, Containment.class);
        lots.scarPublished(c.plant(), c.item(), c.lot(), now());
    }

    // ---- procurement -------------------------------------------------------------------------------------------------

    /**
     * Route step: property {@value #STEP} = PUBLISH with the {@code ProcurementActionRequested} event as the message
     * (replacement shipment or debit, by the policy), or SKIP with the reason.
     */
    public void procurementNotice(Exchange exchange) throws IOException {
        Containment c = exchange.getProperty(CONTAINMENT, Containment.class);
        LotContainments.Row row = lots.find(c.plant(), c.item(), c.lot()).orElseThrow();
        String skip = ownerSkip(exchange, row);
        if (skip == null && !c.supplierAccountable()) {
            skip = c.supplier() == null ? "no supplier is known for the lot" : "the nonconformance is not the supplier's";
        }
        if (skip == null && row.procurementNotified()) {
            skip = "procurement was told before";
        }
        if (skip != null) {
            step(exchange, SKIP, skip);
            return;
        }
        ProcurementActionRequested.Action action = policy().procurementAction(c);
        var payload = new ProcurementActionRequested(action, c.supplier(), c.item(), c.lot(), c.quantity(), c.unitOfMeasure(),
                c.reason(), c.reference(), c.severity(), c.disposition(), row.scarId(), c.nonconformance(), c.inspectionLot(),
                c.purchaseOrder(), c.poLine());
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("supplier", c.supplier());
        keys.putAll(businessKeys(c));
        if (row.scarId() != null) {
            keys.put("correctiveAction", row.scarId());
        }
        publishable(exchange, EventTypes.PROCUREMENT_ACTION_REQUESTED, "procurement-action-requested", c.plant(), keys,
                row.openedByKey() + ":procurement", payload, c.lotKey());
        step(exchange, PUBLISH, action.name());
    }

    public void procurementNotified(Exchange exchange) {
        Containment c = exchange.getProperty(CONTAINMENT, Containment.class);
        lots.procurementNotified(c.plant(), c.item(), c.lot(), exchange.getProperty(DETAIL, String.class), now());
    }

    // ---- release ---------------------------------------------------------------------------------------------------

    /**
     * Route step on a {@code LotDispositionDecided} event: a lot never blocked is refused (business rule
     * {@code lot-not-contained}); a lot released before is left alone (property {@value #STEP} = SKIP); otherwise
     * {@value #STEP} = CALL and the body is the {@code InventoryStatusChanged} the disposition posts to the ERP.
     */
    public void release(Exchange exchange) throws IOException {
        String json = exchange.getMessage().getBody(String.class);
        schemas.requireValid("lot-disposition-decided", json);
        EventEnvelope<LotDispositionDecided> event = CanonicalJson.MAPPER.readValue(json, DISPOSITION_EVENT);
        LotDispositionDecided decision = event.payload();
        exchange.setProperty(PlantRouting.PLANT, event.plant());
        LotContainments.Row row = lots.find(event.plant(), decision.item(), decision.lot())
                .orElseThrow(() -> new BusinessRuleException("lot-not-contained", "lot " + decision.lot() + " of item "
                        + decision.item() + " in plant " + event.plant() + " was never blocked by quality containment, "
                        + "so there is nothing to release (disposition " + decision.disposition() + ")"));
        if (row.state() == LotContainments.State.OPENED) {
            // the block is still on its way to the ERP (held while it is down): releasing first would be undone by it
            throw new BusinessRuleException("lot-block-pending", "lot " + decision.lot() + " of item " + decision.item()
                    + " in plant " + event.plant() + " is being blocked (" + row.openedByReference() + ") and the ERP has "
                    + "not confirmed it yet, so it cannot be released before (disposition " + decision.disposition() + ")");
        }
        if (row.state() == LotContainments.State.RELEASED) {
            step(exchange, SKIP, "lot released before with disposition " + row.disposition() + " (" + row.releasedStatus() + ")");
            return;
        }
        StockStatus status = policy().releaseStatus(decision.disposition());
        String reference = decision.nonconformance() != null ? decision.nonconformance()
                : decision.inspectionLot() != null ? decision.inspectionLot() : row.openedByReference();
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("item", decision.item());
        keys.put("lot", decision.lot());
        if (row.supplier() != null) {
            keys.put("supplier", row.supplier());
        }
        if (row.scarId() != null) {
            keys.put("correctiveAction", row.scarId());
        }
        exchange.setProperty(TRIGGER_KEY, event.idempotencyKey());
        exchange.setProperty("releaseDisposition", decision.disposition().name());
        exchange.setProperty("releaseStatus", status.name());
        exchange.getMessage().setBody(inventoryStatusEvent(exchange, event.plant(), decision.item(), decision.lot(),
                decision.quantity() != null ? decision.quantity() : row.quantity(),
                decision.unitOfMeasure() != null ? decision.unitOfMeasure() : row.unitOfMeasure(), status,
                decision.disposition().name(), reference, event.idempotencyKey(), keys));
        step(exchange, CALL, decision.disposition() + " → " + status);
    }

    /** Route step after the release was handed to the ERP's delivery (recorded once the hand-over is acknowledged). */
    public void released(Exchange exchange) throws IOException {
        JsonNode event = CanonicalJson.MAPPER.readTree(exchange.getProperty(INVENTORY_STATUS_EVENT, String.class));
        String disposition = exchange.getProperty("releaseDisposition", String.class);
        String status = exchange.getProperty("releaseStatus", String.class);
        String key = exchange.getProperty(TRIGGER_KEY, String.class);
        HandOvers.afterAcknowledged(exchange, () -> lots.released(event.path("plant").asText(),
                event.path("payload").path("item").asText(), event.path("payload").path("lot").asText(), disposition, status,
                key, now()));
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    private static String ownerSkip(Exchange exchange, LotContainments.Row row) {
        if (!Boolean.TRUE.equals(exchange.getProperty(OWNS_CONTAINMENT, Boolean.class))) {
            return "lot contained before by " + row.openedByReference() + ", whose SCAR and procurement notice stand";
        }
        return null;
    }

    private static void step(Exchange exchange, String step, String detail) {
        exchange.setProperty(STEP, step);
        exchange.setProperty(DETAIL, detail);
    }

    private static Map<String, String> businessKeys(Containment c) {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("item", c.item());
        keys.put("lot", c.lot());
        if (c.supplier() != null) {
            keys.put("supplier", c.supplier());
        }
        if (c.inspectionLot() != null) {
            keys.put("inspectionLot", c.inspectionLot());
        }
        if (c.nonconformance() != null) {
            keys.put("nonconformance", c.nonconformance());
        }
        if (c.purchaseOrder() != null) {
            keys.put("purchaseOrder", c.purchaseOrder());
        }
        return keys;
    }

    private String inventoryStatusEvent(Exchange exchange, String plant, String item, String lot, BigDecimal quantity,
            String unitOfMeasure, StockStatus status, String reason, String reference, String key,
            Map<String, String> keys) throws IOException {
        var payload = new InventoryStatusChanged(plant, item, lot, quantity, unitOfMeasure, status, reason, reference);
        var event = new EventEnvelope<>(UUID.randomUUID(), EventTypes.INVENTORY_STATUS_CHANGED, SCHEMA_VERSION, now(),
                exchange.getProperty("correlationId", String.class), causation(exchange), SOURCE, plant, keys, key, payload);
        String json = CanonicalJson.MAPPER.writeValueAsString(event);
        exchange.setProperty(INVENTORY_STATUS_EVENT, json);
        return json;
    }

    private <P> void publishable(Exchange exchange, String eventType, String schema, String plant, Map<String, String> keys,
            String key, P payload, String partitionKey) throws IOException {
        var event = new EventEnvelope<>(UUID.randomUUID(), eventType, SCHEMA_VERSION, now(),
                exchange.getProperty("correlationId", String.class), causation(exchange), SOURCE, plant, keys, key, payload);
        Message message = exchange.getMessage();
        CanonicalMessages.write(message, event, partitionKey);
        // what mfgsync publishes must meet its own contract
        schemas.requireValid(schema, message.getBody(String.class));
    }

    private static String causation(Exchange exchange) {
        Object instance = exchange.getProperty(org.mfgsync.visibility.WorkflowTrace.INSTANCE);
        return instance instanceof org.mfgsync.visibility.WorkflowTrace.Instance i ? i.eventId() : null;
    }

    private ContainmentPolicy policy() {
        return data.document(POLICY, ContainmentPolicy.class).orElseThrow(() -> new IllegalStateException(
                "no quality containment policy is in force: mappings/" + POLICY + ".yaml is missing or was rejected"));
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
