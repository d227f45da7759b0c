package org.mfgsync.purchasing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.mfgsync.canonical.CanonicalJson;
import org.mfgsync.canonical.EventHeaders;
import org.mfgsync.partner.PlantRouting;
import org.mfgsync.resilience.OutboundPolicy;
import org.mfgsync.visibility.WorkflowTrace;

/**
 * Batches of supplier commits for an ERP instance and plant (contract 2: {@code direct:erp.supplier-commits}). Low-risk
 * commits are aggregated in the state database (JdbcAggregationRepository); the aggregate's state is the body, a JSON
 * document {@code {erpInstance, plant, commits[]}}, because the repository keeps the body but not the properties.
 */
@ApplicationScoped
@Named("supplierCommitBatches")
public class SupplierCommitBatches implements AggregationStrategy {

    /** Exchange property: the batch document sent (the ERP call leaves its answer in the body). */
    static final String BATCH_DOCUMENT = "batchDocument";

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger("org.mfgsync.purchasing");

    private final PurchasingConfig config;
    private final WorkflowTrace trace;
    private final Clock clock;

    @Inject
    public SupplierCommitBatches(PurchasingConfig config, WorkflowTrace trace) {
        this(config, trace, Clock.systemUTC());
    }

    SupplierCommitBatches(PurchasingConfig config, WorkflowTrace trace, Clock clock) {
        this.config = config;
        this.trace = trace;
        this.clock = clock;
    }

    /** Adds the commit in the new exchange's body to the batch state; a commit already in the batch is not added twice. */
    @Override
    public Exchange aggregate(Exchange batch, Exchange commit) {
        try {
            JsonNode envelope = CanonicalJson.MAPPER.readTree(commit.getMessage().getBody(String.class));
            ObjectNode state;
            if (batch == null) {
                state = CanonicalJson.MAPPER.createObjectNode();
                state.put("erpInstance", commit.getProperty(PlantRouting.ERP_INSTANCE, String.class));
                state.put("plant", commit.getProperty(PlantRouting.PLANT, String.class));
                state.putArray("commits");
            } else {
                state = (ObjectNode) CanonicalJson.MAPPER.readTree(batch.getMessage().getBody(String.class));
            }
            add((ArrayNode) state.get("commits"), envelope);
            Exchange target = batch == null ? commit : batch;
            target.getMessage().setBody(CanonicalJson.MAPPER.writeValueAsString(state));
            return target;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("supplier commit batch state is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    static void add(ArrayNode commits, JsonNode envelope) {
        String key = envelope.path("idempotencyKey").asText();
        for (JsonNode present : commits) {
            if (present.path("idempotencyKey").asText().equals(key)) {
                return; // the same commit redelivered after a crash between the add and the offset commit
            }
        }
        commits.add(envelope);
    }

    /** Completion predicate: the batch holds {@code batch-size} commits. */
    public boolean isFull(Exchange batch) throws JsonProcessingException {
        return CanonicalJson.MAPPER.readTree(batch.getMessage().getBody(String.class)).path("commits").size()
                >= config.supplierCommits().batchSize();
    }

    /**
     * Route step on a completed batch: the body becomes the batch document of contract 2, with a batch id derived from
     * the commits' idempotency keys (a batch flushed again after a crash is the same batch for the ERP); sets the
     * properties the ERP call needs (idempotencyKey = batchId, correlationId, plant).
     */
    public void toBatchDocument(Exchange exchange) throws JsonProcessingException {
        JsonNode state = CanonicalJson.MAPPER.readTree(exchange.getMessage().getBody(String.class));
        List<JsonNode> commits = new ArrayList<>();
        state.path("commits").forEach(commits::add);
        String batchId = batchId(commits);
        String erpInstance = state.path("erpInstance").asText();
        String plant = state.path("plant").asText();
        String correlationId = commits.size() == 1 ? commits.get(0).path("correlationId").asText() : batchId;
        exchange.getMessage().setBody(document(batchId, erpInstance, plant, correlationId, commits, OffsetDateTime.now(clock)));
        exchange.getMessage().getHeaders().clear();
        exchange.getMessage().setHeader(EventHeaders.CORRELATION_ID, correlationId);
        exchange.getMessage().setHeader(EventHeaders.IDEMPOTENCY_KEY, batchId);
        exchange.setProperty(EventHeaders.IDEMPOTENCY_KEY, batchId);
        exchange.setProperty(EventHeaders.CORRELATION_ID, correlationId);
        // the aggregator's threads carry no correlation id of their own: the batch's goes into the log lines
        org.slf4j.MDC.put(org.mfgsync.visibility.Correlation.MDC_KEY, correlationId);
        exchange.setProperty(PlantRouting.PLANT, plant);
        exchange.setProperty("batchSize", commits.size());
        exchange.setProperty(BATCH_DOCUMENT, exchange.getMessage().getBody(String.class));
    }

    /** The batch document (contract 2) for commits going to one ERP instance and plant. */
    static String document(String batchId, String erpInstance, String plant, String correlationId, List<JsonNode> commits,
            OffsetDateTime createdAt) throws JsonProcessingException {
        ObjectNode document = CanonicalJson.MAPPER.createObjectNode();
        document.put("batchId", batchId);
        document.put("erpInstance", erpInstance);
        document.put("plant", plant);
        document.put("createdAt", createdAt.format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        document.put("correlationId", correlationId);
        ArrayNode array = document.putArray("commits");
        commits.forEach(array::add);
        return CanonicalJson.MAPPER.writeValueAsString(document);
    }

    /** {@code SCB-} and 32 hex digits of the SHA-256 of the commits' sorted idempotency keys. */
    static String batchId(List<JsonNode> commits) {
        List<String> keys = commits.stream().map(c -> c.path("idempotencyKey").asText()).sorted().toList();
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(String.join("\n", keys).getBytes(StandardCharsets.UTF_8));
            return "SCB-" + HexFormat.of().formatHex(hash, 0, 16).toUpperCase(java.util.Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Route step when the ERP did not take a flushed batch: one WARN line, then the failure again, so the aggregator does
     * not confirm the batch and offers it again after {@code batch-retry-interval} (also after a restart).
     */
    public void notTaken(Exchange exchange) throws Exception {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        LOG.warnf("Supplier commit batch not taken by the ERP, kept and offered again in %s batchId=%s erpInstance=%s plant=%s "
                + "commits=%s error=%s", config.supplierCommits().batchRetryInterval(),
                exchange.getProperty(EventHeaders.IDEMPOTENCY_KEY, String.class),
                exchange.getProperty(PlantRouting.ERP_INSTANCE, String.class), exchange.getProperty(PlantRouting.PLANT, String.class),
                exchange.getProperty("batchSize"), failure == null ? "unknown" : failure.getMessage());
        throw failure != null ? failure : new IllegalStateException("supplier commit batch not taken");
    }

    /** Dead-letter route step: a batch offered {@code batch-max-redeliveries} times and never taken, with the reason. */
    public void exhausted(Exchange exchange) {
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new IllegalStateException("supplier commit batch "
                + exchange.getProperty(EventHeaders.IDEMPOTENCY_KEY, String.class) + " of " + exchange.getProperty("batchSize")
                + " commit(s) for plant " + exchange.getProperty(PlantRouting.PLANT, String.class)
                + " was not taken by its ERP after " + config.supplierCommits().batchMaxRedeliveries() + " offers"));
    }

    /** Route step after the ERP took a flushed batch: each commit's workflow trace records its ERP update. */
    public void traceDelivered(Exchange exchange) throws java.io.IOException {
        JsonNode batch = CanonicalJson.MAPPER.readTree(exchange.getProperty(BATCH_DOCUMENT, String.class));
        CamelContext camel = exchange.getContext();
        for (JsonNode commit : batch.path("commits")) {
            Exchange step = new DefaultExchange(camel);
            step.getMessage().setBody(CanonicalJson.MAPPER.writeValueAsString(commit));
            step.setProperty(OutboundPolicy.TARGET, exchange.getProperty(OutboundPolicy.TARGET, String.class));
            trace.start(step, SupplierCommits.WORKFLOW);
            trace.record(step, "erp-updated", WorkflowTrace.DONE, "batch " + batch.path("batchId").asText() + " of "
                    + batch.path("commits").size() + " commit(s)");
        }
    }
}
