package org.mfgsync.purchasing;

import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.mfgsync.backbone.BusinessRuleException;
import org.mfgsync.backbone.CanonicalMessages.Outgoing;
import org.mfgsync.backbone.Ids;
import org.mfgsync.canonical.CanonicalJson;
import org.mfgsync.canonical.EscalationRaised;
import org.mfgsync.canonical.EventEnvelope;
import org.mfgsync.canonical.EventTypes;
import org.mfgsync.canonical.PlanningRecalculationRequested;
import org.mfgsync.canonical.SourceSystem;
import org.mfgsync.canonical.SupplierCommitChanged;
import org.mfgsync.partner.PlantRouting;
import org.mfgsync.purchasing.SupplierCommitChecks.CommittedLine;
import org.mfgsync.purchasing.SupplierCommitChecks.InspectionReschedule;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Route steps of the supplier commit workflow (routes/workflows/supplier-commit.camel.yaml): assess a commit against the
 * PO book ({@link CommitAssessment}: the rules are {@link SupplierCommitChecks}), and build what the HIGH path, the
 * batch and the QMS get from the assessment in the exchange property {@value #COMMIT}.
 */
@ApplicationScoped
@Named("supplierCommits")
@RegisterForReflection
public class SupplierCommits {

    public static final String WORKFLOW = "supplier-commit";
    static final String SCHEMA_VERSION = "1.0";

    /** Exchange property: the {@link CommitAssessment} the later steps work on. */
    public static final String COMMIT = "supplierCommit";

    static final TypeReference<EventEnvelope<SupplierCommitChanged>> EVENT = new TypeReference<>() {
    };

    /** One move of an incoming inspection for the QMS: the request, its idempotency key and what the trace shows. */
    public record RescheduleRequest(String idempotencyKey, String detail, String request) {
    }

    private final PurchaseOrderBook book;
    private final RiskPolicies policies;
    private final SupplierProfiles profiles;
    private final PlantRouting plants;
    private final PurchasingConfig config;
    private final Clock clock;

    @Inject
    public SupplierCommits(PurchaseOrderBook book, RiskPolicies policies, SupplierProfiles profiles, PlantRouting plants,
            PurchasingConfig config) {
        this.book = book;
        this.policies = policies;
        this.profiles = profiles;
        this.plants = plants;
        this.config = config;
        this.clock = Clock.systemUTC();
    }

    /**
     * Validates the commit against the PO book, resolves its plant (the event's, else the PO line's delivery plant) and
     * that plant's ERP instance, classifies its risk and finds the inspections it moves. A commit that breaks a rule
     * (unknown PO or line, wrong supplier, implausible quantity or date, unknown plant) is assessed as refused.
     */
    public CommitAssessment assess(@Body String commit) throws JsonProcessingException, SQLException {
        EventEnvelope<SupplierCommitChanged> event = CanonicalJson.MAPPER.readValue(commit, EVENT);
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
            return CommitAssessment.refused(event, commit, refused);
        }
        SupplierCommitRiskPolicy policy = policies.supplierCommitRisk();
        RiskClassification risk = SupplierCommitChecks.classify(event.payload(), lines, policy);
        return new CommitAssessment(event, commit, lines, plant, erpInstance, risk,
                SupplierCommitChecks.inspectionReschedules(lines, policy), null);
    }

    /** HIGH or LOW; null when the commit is refused. */
    public RiskClassification.Level riskLevel(@ExchangeProperty(COMMIT) CommitAssessment a) {
        return a.level();
    }

    /** What the trace shows: the risk and why, or the rule the commit breaks. */
    public String riskDetail(@ExchangeProperty(COMMIT) CommitAssessment a) {
        return a.detail();
    }

    /** A refused commit fails with the rule it breaks: the dead letter keeps it for a replay after a fix. */
    public void refuse(@ExchangeProperty(COMMIT) CommitAssessment a) {
        if (a.refusal() == null) {
            throw new IllegalStateException("commit " + a.key() + " was not refused");
        }
        throw a.refusal();
    }

    /** The plant the commit is for: its ERP instance takes it. */
    public String plant(@ExchangeProperty(COMMIT) CommitAssessment a) {
        return a.plant();
    }

    /** The commit's own idempotency key. */
    public String commitKey(@ExchangeProperty(COMMIT) CommitAssessment a) {
        return a.key();
    }

    /** HIGH: the id of the batch of this one commit (contract 2), its idempotency key at the ERP. */
    public String batchOfOneId(@ExchangeProperty(COMMIT) CommitAssessment a) {
        return SupplierCommitBatches.batchIdFor(List.of(a.key()));
    }

    /** HIGH: the batch document of this one commit (contract 2). */
    public String batchOfOne(@ExchangeProperty(COMMIT) CommitAssessment a) throws JsonProcessingException {
        JsonNode commit = CanonicalJson.MAPPER.readTree(a.json());
        return SupplierCommitBatches.document(batchOfOneId(a), a.erpInstance(), a.plant(), a.event().correlationId(),
                List.of(commit), OffsetDateTime.now(clock));
    }

    /** HIGH: the PlanningRecalculationRequested event for the commit's plant. */
    public Outgoing planningRequest(@ExchangeProperty(COMMIT) CommitAssessment a) {
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
        var event = new EventEnvelope<>(Ids.randomUuid(), EventTypes.PLANNING_RECALCULATION_REQUESTED, SCHEMA_VERSION,
                OffsetDateTime.now(clock), a.event().correlationId(), a.event().eventId().toString(),
                new SourceSystem("mfgsync", WORKFLOW), a.plant(), keys, "planning:" + a.key(), payload);
        return Outgoing.of(event, commit.purchaseOrder());
    }

    /** HIGH: the EscalationRaised event to the supplier's procurement owner. */
    public Outgoing escalation(@ExchangeProperty(COMMIT) CommitAssessment a) {
        SupplierCommitChanged commit = a.event().payload();
        SupplierProfile.Contact owner = profiles.find(commit.supplier()).map(SupplierProfile::procurementOwner).orElse(null);
        var payload = new EscalationRaised(WORKFLOW, "Supplier " + commit.supplier() + " commit " + commit.confirmationId()
                + " to purchase order " + commit.purchaseOrder() + " is " + a.risk().detail(), EscalationRaised.Severity.HIGH,
                "procurement", owner == null ? null : owner.name(), owner == null ? null : owner.email(), a.risk().rule(),
                null, null, null, null, null, null, null);
        var event = new EventEnvelope<>(Ids.randomUuid(), EventTypes.ESCALATION_RAISED, SCHEMA_VERSION,
                OffsetDateTime.now(clock), a.event().correlationId(), a.event().eventId().toString(),
                new SourceSystem("mfgsync", WORKFLOW), a.plant(), keys(commit), "escalation:" + a.key(), payload);
        return Outgoing.of(event, commit.purchaseOrder());
    }

    /** The incoming inspections the commit moves: one QMS reschedule request each, keyed per commit and line. */
    public List<RescheduleRequest> reschedules(@ExchangeProperty(COMMIT) CommitAssessment a) throws JsonProcessingException {
        List<RescheduleRequest> requests = new ArrayList<>();
        for (InspectionReschedule move : a.reschedules()) {
            requests.add(new RescheduleRequest("qms-reschedule:" + a.key() + ":" + move.poLine(), "line " + move.poLine()
                    + " item " + move.item() + " from " + move.previousDate() + " to " + move.newDate(),
                    rescheduleRequest(a.event(), a.plant(), move)));
        }
        return requests;
    }

    public String rescheduleKey(@Body RescheduleRequest r) {
        return r.idempotencyKey();
    }

    public String rescheduleDetail(@Body RescheduleRequest r) {
        return r.detail();
    }

    public String rescheduleRequest(@Body RescheduleRequest r) {
        return r.request();
    }

    static String rescheduleRequest(EventEnvelope<SupplierCommitChanged> event, String plant, InspectionReschedule move)
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
}
