package org.mfgsync.quality;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.jboss.logging.Logger;
import org.mfgsync.backbone.CanonicalMessages.Outgoing;
import org.mfgsync.backbone.Ids;
import org.mfgsync.backbone.LogText;
import org.mfgsync.canonical.CanonicalJson;
import org.mfgsync.canonical.CorrectiveActionRequested;
import org.mfgsync.canonical.EventEnvelope;
import org.mfgsync.canonical.EventHeaders;
import org.mfgsync.canonical.EventTypes;
import org.mfgsync.canonical.InventoryStatusChanged;
import org.mfgsync.canonical.InventoryStatusChanged.StockStatus;
import org.mfgsync.canonical.LotDispositionDecided;
import org.mfgsync.canonical.ProcurementActionRequested;
import org.mfgsync.canonical.SchemaValidation;
import org.mfgsync.canonical.SourceSystem;
import org.mfgsync.partner.WorkflowData;
import org.mfgsync.resilience.TargetDeliveries;
import org.mfgsync.visibility.WorkflowTrace;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The steps of the quality containment workflow (routes/workflows/quality-containment.camel.yaml): contain a lot
 * (block it in its plant's ERP), open a SCAR, tell procurement, and release the lot on the QMS's disposition. Each step
 * takes what it needs as arguments (the containment case in the exchange property {@value #CONTAINMENT}, the release
 * in {@value #LOT_RELEASE}) and returns what the route goes on with; the decisions are {@link ContainmentDecision} and
 * {@link LotRelease}. The lot's state lives in {@link LotContainments}: the claim reads it once, so a redelivered event
 * repeats nothing that is done.
 */
@ApplicationScoped
@Named("qualityContainment")
@RegisterForReflection
public class QualityContainment {

    private static final Logger LOG = Logger.getLogger("org.mfgsync.quality");

    public static final String WORKFLOW = "quality-containment";
    static final String SCHEMA_VERSION = "1.0";
    static final String POLICY = "quality/containment-policy";
    static final SourceSystem SOURCE = new SourceSystem("mfgsync", WORKFLOW);

    /** Exchange property: the {@link ContainmentCase} the containment steps work on. */
    public static final String CONTAINMENT = "containment";
    /** Exchange property: the {@link LotRelease} the release steps work on. */
    public static final String LOT_RELEASE = "lotRelease";

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

    /** On an {@code InspectionCompleted} event: the containment of a rejected lot, null for an accepted one. */
    public ContainmentCase fromInspection(@Body String event, @ExchangeProperty(EventHeaders.IDEMPOTENCY_KEY) String key,
            @ExchangeProperty(EventHeaders.CORRELATION_ID) String correlationId,
            @ExchangeProperty(WorkflowTrace.INSTANCE) WorkflowTrace.Instance trigger) throws IOException {
        return unclaimed(stock.forInspection(event), key, correlationId, trigger);
    }

    /** On a {@code NonconformanceRaised} event: the NCR's affected lot is contained. */
    public ContainmentCase fromNonconformance(@Body String event, @ExchangeProperty(EventHeaders.IDEMPOTENCY_KEY) String key,
            @ExchangeProperty(EventHeaders.CORRELATION_ID) String correlationId,
            @ExchangeProperty(WorkflowTrace.INSTANCE) WorkflowTrace.Instance trigger) throws IOException {
        return unclaimed(stock.forNonconformance(event), key, correlationId, trigger);
    }

    private static ContainmentCase unclaimed(Containment containment, String key, String correlationId,
            WorkflowTrace.Instance trigger) {
        return containment == null ? null : ContainmentCase.unclaimed(containment, key, correlationId, causation(trigger));
    }

    /** The plant whose ERP owns the lot. */
    public String plant(@ExchangeProperty(CONTAINMENT) ContainmentCase c) {
        return c.containment().plant();
    }

    // ---- claim and block --------------------------------------------------------------------------------------------

    /**
     * Opens the lot's containment for this decision, or finds it open (by an earlier decision): the case the later
     * steps decide from. One round trip when this decision opens it.
     */
    public ContainmentCase claim(@ExchangeProperty(CONTAINMENT) ContainmentCase c) {
        return c.claimed(lots.open(c.containment(), c.key(), c.correlationId(), now()));
    }

    /** CALL the ERP to block the lot, or SKIP: it confirmed this decision's block before. */
    public ContainmentDecision.Action block(@ExchangeProperty(CONTAINMENT) ContainmentCase c) {
        return ContainmentDecision.block(c).action();
    }

    /** The block's idempotency key: the deciding event's. */
    public String blockKey(@ExchangeProperty(CONTAINMENT) ContainmentCase c) {
        return c.key();
    }

    /** The {@code InventoryStatusChanged} envelope that blocks the lot in its plant's ERP. */
    public String blockEvent(@ExchangeProperty(CONTAINMENT) ContainmentCase c) throws IOException {
        Containment containment = c.containment();
        return inventoryStatusEvent(c.correlationId(), c.causationId(), containment.plant(), containment.item(),
                containment.lot(), containment.quantity(), containment.unitOfMeasure(), StockStatus.BLOCKED,
                containment.reason(), containment.reference(), c.key(), businessKeys(containment));
    }

    /**
     * What to record once the block is handed to the ERP's delivery and the hand-over acknowledged (route step
     * {@code afterHandOver}), so a hand-over lost with the broker is made again on the retry instead of skipped as done.
     */
    public Runnable blocked(@ExchangeProperty(CONTAINMENT) ContainmentCase c) {
        Containment containment = c.containment();
        return () -> lots.blocked(containment.plant(), containment.item(), containment.lot(), c.key(), now());
    }

    // ---- SCAR -----------------------------------------------------------------------------------------------------

    /** CALL the QMS for a SCAR, PUBLISH the one it opened before, or SKIP ({@link #scarSkipped why}). */
    public ContainmentDecision.Action scar(@ExchangeProperty(CONTAINMENT) ContainmentCase c) {
        return ContainmentDecision.scar(c).action();
    }

    public String scarSkipped(@ExchangeProperty(CONTAINMENT) ContainmentCase c) {
        return ContainmentDecision.scar(c).reason();
    }

    /** The SCAR request's idempotency key: one per containment. */
    public String scarKey(@ExchangeProperty(CONTAINMENT) ContainmentCase c) {
        return c.claimedLot().openedByKey() + ":scar";
    }

    /**
     * What the containment's continuation needs besides the QMS's answer (the delivery's context): the containment and
     * the lot's row as this decision claimed it. The QMS opens the SCAR through its own delivery; the containment goes
     * on from its answer ({@link #scarOpened}) without reading the row back.
     */
    public String scarContext(@ExchangeProperty(CONTAINMENT) ContainmentCase c) throws IOException {
        return CanonicalJson.MAPPER.writeValueAsString(new ScarContext(c.containment(), c.claimedLot()));
    }

    /** The delivery context of a SCAR request ({@link #scarContext}). */
    @RegisterForReflection
    public record ScarContext(Containment containment, LotContainments.Row lot) {
    }

    /** The SCAR request for the QMS ({@link ScarRequest}). */
    public String scarRequest(@ExchangeProperty(CONTAINMENT) ContainmentCase c) throws IOException {
        return CanonicalJson.MAPPER.writeValueAsString(scarPayloadBasis(c.containment()));
    }

    /**
     * First step of the containment's continuation once the QMS answered the SCAR request (body
     * {@code {"correctiveAction": "..."}}), on the QMS's delivery route: keeps the SCAR id the QMS gave at once (a retry
     * publishes it without asking the QMS again), and goes on with the lot's row from the delivery's context, which the
     * decision that asked claimed. A context of an earlier release (the containment alone) reads the row back.
     */
    public ContainmentCase scarOpened(@ExchangeProperty(TargetDeliveries.CONTEXT) String context, @Body String answer,
            @ExchangeProperty(EventHeaders.CORRELATION_ID) String correlationId,
            @ExchangeProperty(WorkflowTrace.INSTANCE) WorkflowTrace.Instance trigger) throws IOException {
        if (context == null) {
            throw new IllegalArgumentException("a SCAR answer reached the containment without the containment it belongs to");
        }
        JsonNode asked = CanonicalJson.MAPPER.readTree(context);
        ScarContext scar = asked.has("containment")
                ? CanonicalJson.MAPPER.treeToValue(asked, ScarContext.class)
                : new ScarContext(CanonicalJson.MAPPER.treeToValue(asked, Containment.class), null);
        Containment c = scar.containment();
        JsonNode parsed = answer == null || answer.isBlank() ? null : CanonicalJson.MAPPER.readTree(answer);
        String scarId = parsed == null ? null : parsed.path("correctiveAction").asText(null);
        if (scarId == null || scarId.isBlank()) {
            throw new IllegalArgumentException("the QMS answered the corrective action request without a correctiveAction id: " + answer);
        }
        lots.scarOpened(c.plant(), c.item(), c.lot(), scarId, now());
        LotContainments.Row row = scar.lot() != null ? scar.lot().withScar(scarId)
                : lots.find(c.plant(), c.item(), c.lot()).orElseThrow();
        return new ContainmentCase(c, row.openedByKey(), correlationId, causation(trigger), row);
    }

    /**
     * Continuation of the ERP's delivery of a block (mfgsync.resilience.continuations.erp-blocked): the ERP has the
     * block, so the containment of this flow stops waiting for it (the SLA watchdog reads only those that wait).
     */
    public void erpBlocked(@ExchangeProperty(EventHeaders.CORRELATION_ID) String correlationId,
            @ExchangeProperty(WorkflowTrace.INSTANCE) WorkflowTrace.Instance delivered) {
        Map<String, String> keys = delivered == null ? Map.of() : delivered.businessKeys();
        String plant = delivered == null ? null : delivered.plant();
        if (plant == null || keys.get("item") == null || keys.get("lot") == null || correlationId == null) {
            // the ERP has the block all the same; the watchdog then reads the flow's erp-blocked step instead
            LOG.warnf("A block delivered to the ERP names no plant, item, lot or flow; its containment is not marked "
                    + "confirmed keys=%s", LogText.escape(keys));
            return;
        }
        lots.erpBlocked(plant, keys.get("item"), keys.get("lot"), correlationId, now());
    }

    /** The {@code CorrectiveActionRequested} event, linked to the supplier. */
    public Outgoing scarEvent(@ExchangeProperty(CONTAINMENT) ContainmentCase c) throws IOException {
        Containment containment = c.containment();
        String scarId = c.claimedLot().scarId();
        ScarRequest request = scarPayloadBasis(containment);
        var payload = new CorrectiveActionRequested(scarId, containment.supplier(), request.nonconformances(),
                containment.item(), request.priority(), request.method(), containment.problemDescription(),
                request.containmentDueDate(), request.responseDueDate(), request.requestedBy());
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("correctiveAction", scarId);
        keys.put("supplier", containment.supplier());
        keys.putAll(businessKeys(containment));
        return publishable(c, EventTypes.CORRECTIVE_ACTION_REQUESTED, "corrective-action-requested", keys,
                c.claimedLot().openedByKey() + ":scar", payload, scarId);
    }

    /** What the trace shows of the published SCAR: its id. */
    public String scarDetail(@ExchangeProperty(CONTAINMENT) ContainmentCase c) {
        return c.claimedLot().scarId();
    }

    private ScarRequest scarPayloadBasis(Containment c) {
        ContainmentPolicy policy = policy();
        LocalDate today = LocalDate.now(clock);
        return new ScarRequest(c.supplier(), c.plant(), c.item(), c.lot(), List.of(c.reference()), c.inspectionLot(),
                c.purchaseOrder(), c.poLine(), policy.scarPriority(c), policy.scar().method(), c.problemDescription(),
                today.plusDays(policy.scar().containmentDays()), today.plusDays(policy.scar().responseDays()),
                "mfgsync quality containment, plant " + c.plant());
    }

    // ---- procurement -------------------------------------------------------------------------------------------------

    /** PUBLISH the procurement notice (replacement shipment or debit, by the policy), or SKIP ({@link #procurementSkipped why}). */
    public ContainmentDecision.Action procurement(@ExchangeProperty(CONTAINMENT) ContainmentCase c) {
        return ContainmentDecision.procurement(c).action();
    }

    public String procurementSkipped(@ExchangeProperty(CONTAINMENT) ContainmentCase c) {
        return ContainmentDecision.procurement(c).reason();
    }

    /** The {@code ProcurementActionRequested} event: what the policy asks of procurement for this containment. */
    public Outgoing procurementEvent(@ExchangeProperty(CONTAINMENT) ContainmentCase c) throws IOException {
        Containment containment = c.containment();
        LotContainments.Row row = c.claimedLot();
        ProcurementActionRequested.Action action = policy().procurementAction(containment);
        var payload = new ProcurementActionRequested(action, containment.supplier(), containment.item(), containment.lot(),
                containment.quantity(), containment.unitOfMeasure(), containment.reason(), containment.reference(),
                containment.severity(), containment.disposition(), row.scarId(), containment.nonconformance(),
                containment.inspectionLot(), containment.purchaseOrder(), containment.poLine());
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("supplier", containment.supplier());
        keys.putAll(businessKeys(containment));
        if (row.scarId() != null) {
            keys.put("correctiveAction", row.scarId());
        }
        return publishable(c, EventTypes.PROCUREMENT_ACTION_REQUESTED, "procurement-action-requested", keys,
                row.openedByKey() + ":procurement", payload, containment.lotKey());
    }

    /**
     * What to record once the SCAR event's and the procurement notice's hand-overs are acknowledged (route step
     * {@code afterHandOver}, one statement for both): an event lost with the broker is published again on the retry
     * instead of skipped as done. What this pass published is what its decisions said, decided again from the same case.
     */
    public Runnable published(@ExchangeProperty(CONTAINMENT) ContainmentCase c) {
        Containment containment = c.containment();
        boolean scar = ContainmentDecision.scar(c).action() == ContainmentDecision.Action.PUBLISH;
        String action = ContainmentDecision.procurement(c).action() == ContainmentDecision.Action.PUBLISH
                ? policy().procurementAction(containment).name() : null;
        return () -> lots.published(containment.plant(), containment.item(), containment.lot(), scar, action, now());
    }

    /** What the trace shows of the procurement notice: the action procurement was asked for. */
    public String procurementDetail(@ExchangeProperty(CONTAINMENT) ContainmentCase c) {
        return policy().procurementAction(c.containment()).name();
    }

    // ---- release ---------------------------------------------------------------------------------------------------

    /**
     * On a {@code LotDispositionDecided} event: the release decided against the lot's containment ({@link LotRelease}:
     * a lot never blocked, or whose block is still pending, is refused).
     */
    public LotRelease release(@Body String event, @ExchangeProperty(EventHeaders.CORRELATION_ID) String correlationId,
            @ExchangeProperty(WorkflowTrace.INSTANCE) WorkflowTrace.Instance trigger) throws IOException {
        EventEnvelope<LotDispositionDecided> decided = schemas.readValid("lot-disposition-decided", event, DISPOSITION_EVENT);
        LotDispositionDecided disposition = decided.payload();
        return LotRelease.decide(decided, lots.find(decided.plant(), disposition.item(), disposition.lot()), this::policy,
                correlationId, causation(trigger));
    }

    /** CALL the ERP with the lot's new stock status, or SKIP ({@link #releaseSkipped why}). */
    public ContainmentDecision.Action releaseStep(@ExchangeProperty(LOT_RELEASE) LotRelease r) {
        return r.decision().action();
    }

    public String releaseSkipped(@ExchangeProperty(LOT_RELEASE) LotRelease r) {
        return r.decision().reason();
    }

    /** The plant whose ERP the release goes to. */
    public String releasePlant(@ExchangeProperty(LOT_RELEASE) LotRelease r) {
        return r.plant();
    }

    /** The {@code InventoryStatusChanged} envelope the disposition posts to the ERP. */
    public String releaseEvent(@ExchangeProperty(LOT_RELEASE) LotRelease r) throws IOException {
        LotDispositionDecided decision = r.disposition();
        LotContainments.Row row = r.lot();
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
        return inventoryStatusEvent(r.correlationId(), r.causationId(), r.plant(), decision.item(), decision.lot(),
                decision.quantity() != null ? decision.quantity() : row.quantity(),
                decision.unitOfMeasure() != null ? decision.unitOfMeasure() : row.unitOfMeasure(), r.status(),
                decision.disposition().name(), reference, r.event().idempotencyKey(), keys);
    }

    /** What to record once the release is handed to the ERP's delivery and the hand-over acknowledged. */
    public Runnable released(@ExchangeProperty(LOT_RELEASE) LotRelease r) {
        LotDispositionDecided decision = r.disposition();
        return () -> lots.released(r.plant(), decision.item(), decision.lot(), decision.disposition().name(), r.status().name(),
                r.event().idempotencyKey(), now());
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

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

    private String inventoryStatusEvent(String correlationId, String causationId, String plant, String item, String lot,
            BigDecimal quantity, String unitOfMeasure, StockStatus status, String reason, String reference, String key,
            Map<String, String> keys) throws IOException {
        var payload = new InventoryStatusChanged(plant, item, lot, quantity, unitOfMeasure, status, reason, reference);
        var event = new EventEnvelope<>(Ids.randomUuid(), EventTypes.INVENTORY_STATUS_CHANGED, SCHEMA_VERSION, now(),
                correlationId, causationId, SOURCE, plant, keys, key, payload);
        return CanonicalJson.MAPPER.writeValueAsString(event);
    }

    /** An event of this containment, checked against its schema: what mfgsync publishes must meet its own contract. */
    private <P> Outgoing publishable(ContainmentCase c, String eventType, String schema, Map<String, String> keys, String key,
            P payload, String partitionKey) throws IOException {
        var event = new EventEnvelope<>(Ids.randomUuid(), eventType, SCHEMA_VERSION, now(), c.correlationId(), c.causationId(),
                SOURCE, c.containment().plant(), keys, key, payload);
        Outgoing outgoing = Outgoing.of(event, partitionKey);
        schemas.requireValid(schema, outgoing.json());
        return outgoing;
    }

    /** The event that started the workflow instance: the events it leads to name it as their cause. */
    private static String causation(WorkflowTrace.Instance trigger) {
        return trigger == null ? null : trigger.eventId();
    }

    private ContainmentPolicy policy() {
        return data.document(POLICY, ContainmentPolicy.class).orElseThrow(() -> new IllegalStateException(
                "no quality containment policy is in force: mappings/" + POLICY + ".yaml is missing or was rejected"));
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
