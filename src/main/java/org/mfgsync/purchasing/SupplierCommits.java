package org.mfgsync.purchasing;

import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.mfgsync.MfgsyncConfig;
import org.mfgsync.backbone.BusinessRuleException;
import org.mfgsync.backbone.CanonicalMessages;
import org.mfgsync.canonical.CanonicalJson;
import org.mfgsync.canonical.EscalationRaised;
import org.mfgsync.canonical.EventEnvelope;
import org.mfgsync.canonical.EventHeaders;
import org.mfgsync.canonical.EventTypes;
import org.mfgsync.canonical.PlanningRecalculationRequested;
import org.mfgsync.canonical.SourceSystem;
import org.mfgsync.canonical.SupplierCommitChanged;
import org.mfgsync.partner.PlantRouting;
import org.mfgsync.purchasing.SupplierCommitChecks.CommittedLine;
import org.mfgsync.purchasing.SupplierCommitChecks.InspectionReschedule;
import org.mfgsync.resilience.OutboundPolicy;
import org.mfgsync.visibility.WorkflowTrace;

/**
 * Route steps of the supplier commit workflow (routes/workflows/supplier-commit.camel.yaml): validate a commit against
 * the PO book, route it to its ERP instance, classify its risk, and build what the HIGH path and the QMS get.
 */
@ApplicationScoped
@Named("supplierCommits")
public class SupplierCommits {

    public static final String WORKFLOW = "supplier-commit";
    static final String SCHEMA_VERSION = "1.0";

    /** Exchange properties set by {@link #assess}. */
    public static final String RISK_LEVEL = "riskLevel";
    public static final String RISK_DETAIL = "riskDetail";
    public static final String COMMIT = "supplierCommit";
    public static final String COMMIT_KEY = "commitIdempotencyKey";
    public static final String RESCHEDULES = "inspectionReschedules";
    /** Exchange property: the low-risk batch a commit joins, {@code <erpInstance>:<plant>}. */
    public static final String BATCH_KEY = "batchKey";
    static final String ASSESSMENT = "supplierCommitAssessment";

    static final TypeReference<EventEnvelope<SupplierCommitChanged>> EVENT = new TypeReference<>() {
    };

    /** What {@link #assess} found, kept for the later steps of the same exchange. */
    record Assessment(EventEnvelope<SupplierCommitChanged> event, BookedOrder order, List<CommittedLine> lines,
            RiskClassification risk, String plant) {
    }

    private final PurchaseOrderBook book;
    private final RiskPolicies policies;
    private final SupplierProfiles profiles;
    private final PlantRouting plants;
    private final WorkflowTrace trace;
    private final PurchasingConfig config;
    private final String qmsInstance;
    private final Clock clock;

    @Inject
    public SupplierCommits(PurchaseOrderBook book, RiskPolicies policies, SupplierProfiles profiles, PlantRouting plants,
            PurchasingConfig config, MfgsyncConfig mfgsync, WorkflowTrace trace) {
        this.trace = trace;
        this.book = book;
        this.policies = policies;
        this.profiles = profiles;
        this.plants = plants;
        this.config = config;
        this.qmsInstance = mfgsync.qms().instance();
        this.clock = Clock.systemUTC();
    }

    /**
     * Validates the commit in the body against the PO book (a refusal is a BusinessRuleException with its rule), resolves
     * its plant (the event's, else the PO line's delivery plant) and ERP instance, classifies its risk and finds the
     * inspections it moves. Sets {@value #RISK_LEVEL}, {@value #RISK_DETAIL}, plant, erpInstance, {@value #COMMIT_KEY}.
     */
    public void assess(Exchange exchange) throws JsonProcessingException, SQLException {
        String json = exchange.getMessage().getBody(String.class);
        EventEnvelope<SupplierCommitChanged> event = CanonicalJson.MAPPER.readValue(json, EVENT);
        BookedOrder order = book.find(event.payload().purchaseOrder()).orElse(null);
        var limits = new SupplierCommitChecks.Limits(config.supplierCommits().maxQuantityFactor(),
                config.supplierCommits().dateHorizonDays());
        List<CommittedLine> lines;
        String plant;
        String erpInstance;
        try {
            lines = SupplierCommitChecks.validate(event, order, limits);
            plant = event.plant() != null ? event.plant()
                    : lines.stream().map(l -> l.ordered().deliveryPlant()).filter(p -> p != null).findFirst().orElse(order.plant());
            erpInstance = plants.erpFor(plant);
        } catch (BusinessRuleException refused) {
            // the trace shows why the instance stopped; the dead letter keeps the commit for a replay after a fix
            trace.record(exchange, "validated", WorkflowTrace.FAILED, refused.errorClass() + ": " + refused.getMessage());
            throw refused;
        }
        SupplierCommitRiskPolicy policy = policies.supplierCommitRisk();
        RiskClassification risk = SupplierCommitChecks.classify(event.payload(), lines, policy);

        exchange.setProperty(ASSESSMENT, new Assessment(event, order, lines, risk, plant));
        exchange.setProperty(COMMIT, json);
        exchange.setProperty(COMMIT_KEY, event.idempotencyKey());
        exchange.setProperty(PlantRouting.PLANT, plant);
        exchange.setProperty(PlantRouting.ERP_INSTANCE, erpInstance);
        exchange.setProperty(OutboundPolicy.TARGET, erpInstance);
        exchange.setProperty(BATCH_KEY, erpInstance + ":" + plant);
        exchange.setProperty(RISK_LEVEL, risk.level().name());
        exchange.setProperty(RISK_DETAIL, risk.detail());
        List<String> reschedules = new ArrayList<>();
        for (InspectionReschedule move : SupplierCommitChecks.inspectionReschedules(lines, policy)) {
            reschedules.add(rescheduleRequest(event, plant, move));
        }
        exchange.setProperty(RESCHEDULES, reschedules);
    }

    /** HIGH: the body becomes a batch of this one commit (contract 2), idempotencyKey the batch id. */
    public void toBatchOfOne(Exchange exchange) throws JsonProcessingException {
        Assessment assessment = assessment(exchange);
        JsonNode commit = CanonicalJson.MAPPER.readTree(exchange.getProperty(COMMIT, String.class));
        String batchId = SupplierCommitBatches.batchId(List.of(commit));
        exchange.getMessage().setBody(SupplierCommitBatches.document(batchId, exchange.getProperty(PlantRouting.ERP_INSTANCE,
                String.class), assessment.plant(), assessment.event().correlationId(), List.of(commit), OffsetDateTime.now(clock)));
        exchange.setProperty(EventHeaders.IDEMPOTENCY_KEY, batchId);
    }

    /** HIGH: the body and headers become the PlanningRecalculationRequested event for the commit's plant. */
    public void toPlanningRequest(Exchange exchange) {
        Assessment a = assessment(exchange);
        SupplierCommitChanged commit = a.event().payload();
        List<PlanningRecalculationRequested.Line> lines = a.lines().stream()
                .map(l -> new PlanningRecalculationRequested.Line(l.poLine(), l.ordered().item(), l.ordered().quantity(),
                        l.committedQuantity(), l.unitOfMeasure(), l.ordered().needDate(), l.committedDate()))
                .toList();
        var payload = new PlanningRecalculationRequested(a.plant(), commit.purchaseOrder(), commit.supplier(),
                commit.confirmationId(), a.risk().rule(), a.risk().reason(), lines);
        Map<String, String> keys = keys(commit);
        if (lines.size() == 1) {
            keys.put("item", lines.get(0).item());
        }
        var event = new EventEnvelope<>(UUID.randomUUID(), EventTypes.PLANNING_RECALCULATION_REQUESTED, SCHEMA_VERSION,
                OffsetDateTime.now(clock), a.event().correlationId(), a.event().eventId().toString(),
                new SourceSystem("mfgsync", WORKFLOW), a.plant(), keys, "planning:" + a.event().idempotencyKey(), payload);
        CanonicalMessages.write(exchange.getMessage(), event, commit.purchaseOrder());
    }

    /** HIGH: the body and headers become the EscalationRaised event to the supplier's procurement owner. */
    public void toEscalation(Exchange exchange) {
        Assessment a = assessment(exchange);
        SupplierCommitChanged commit = a.event().payload();
        SupplierProfile.Contact owner = profiles.find(commit.supplier()).map(SupplierProfile::procurementOwner).orElse(null);
        var payload = new EscalationRaised(WORKFLOW, "Supplier " + commit.supplier() + " commit " + commit.confirmationId()
                + " to purchase order " + commit.purchaseOrder() + " is " + a.risk().detail(), EscalationRaised.Severity.HIGH,
                "procurement", owner == null ? null : owner.name(), owner == null ? null : owner.email(), a.risk().rule(),
                null, null, null, null, null, null, null);
        var event = new EventEnvelope<>(UUID.randomUUID(), EventTypes.ESCALATION_RAISED, SCHEMA_VERSION,
                OffsetDateTime.now(clock), a.event().correlationId(), a.event().eventId().toString(),
                new SourceSystem("mfgsync", WORKFLOW), a.plant(), keys(commit), "escalation:" + a.event().idempotencyKey(),
                payload);
        CanonicalMessages.write(exchange.getMessage(), event, commit.purchaseOrder());
    }

    /** The body back to the commit envelope (after a step replaced it), with the commit's own idempotency key. */
    public void restoreCommit(Exchange exchange) {
        exchange.getMessage().setBody(exchange.getProperty(COMMIT, String.class));
        exchange.setProperty(EventHeaders.IDEMPOTENCY_KEY, exchange.getProperty(COMMIT_KEY, String.class));
        exchange.setProperty(OutboundPolicy.TARGET, exchange.getProperty(PlantRouting.ERP_INSTANCE, String.class));
    }

    /** Split step: one QMS reschedule request; idempotencyKey per commit and line, target the QMS instance. */
    public void prepareReschedule(Exchange exchange) throws JsonProcessingException {
        JsonNode request = CanonicalJson.MAPPER.readTree(exchange.getMessage().getBody(String.class));
        exchange.setProperty(EventHeaders.IDEMPOTENCY_KEY, "qms-reschedule:" + exchange.getProperty(COMMIT_KEY, String.class)
                + ":" + request.path("poLine").asText());
        exchange.setProperty(OutboundPolicy.TARGET, qmsInstance);
        exchange.setProperty("rescheduleDetail", "line " + request.path("poLine").asText() + " item "
                + request.path("item").asText() + " from " + request.path("previousDate").asText() + " to "
                + request.path("newDate").asText());
    }

    String rescheduleRequest(EventEnvelope<SupplierCommitChanged> event, String plant, InspectionReschedule move)
            throws JsonProcessingException {
        ObjectNode request = CanonicalJson.MAPPER.createObjectNode();
        request.put("plant", plant);
        request.put("purchaseOrder", event.payload().purchaseOrder());
        request.put("poLine", move.poLine());
        request.put("supplier", event.payload().supplier());
        request.put("item", move.item());
        request.put("quantity", move.quantity());
        request.put("unitOfMeasure", move.unitOfMeasure());
        request.put("previousDate", move.previousDate().toString());
        request.put("newDate", move.newDate().toString());
        request.put("reason", "supplier commit " + event.payload().confirmationId() + " moves the delivery");
        request.put("correlationId", event.correlationId());
        return CanonicalJson.MAPPER.writeValueAsString(request);
    }

    private static Map<String, String> keys(SupplierCommitChanged commit) {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("purchaseOrder", commit.purchaseOrder());
        keys.put("supplier", commit.supplier());
        return keys;
    }

    private static Assessment assessment(Exchange exchange) {
        Assessment assessment = exchange.getProperty(ASSESSMENT, Assessment.class);
        if (assessment == null) {
            throw new IllegalStateException("supplierCommits.assess must run first");
        }
        return assessment;
    }
}
