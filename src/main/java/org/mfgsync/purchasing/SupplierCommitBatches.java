package org.mfgsync.purchasing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.mfgsync.canonical.CanonicalJson;
import org.mfgsync.partner.PlantRouting;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Batches of supplier commits for an ERP instance and plant (contract 2: {@code direct:erp.supplier-commits}). Low-risk
 * commits are aggregated in the state database (JdbcAggregationRepository) by {@link #join}; the aggregate's state is
 * the body, a JSON document {@code {erpInstance, plant, commits[]}}, because the repository keeps the body but not the
 * properties. A completed batch becomes a {@link Flush} (exchange property {@value #BATCH}) for the steps that send it.
 */
@ApplicationScoped
@Named("supplierCommitBatches")
@RegisterForReflection
public class SupplierCommitBatches {

    /** Exchange property: the {@link Flush} of a completed batch. */
    public static final String BATCH = "supplierCommitBatch";
    /** Exchange property in a {@code doCatch}: the exception it caught. */
    static final String EXCEPTION_CAUGHT = org.apache.camel.Exchange.EXCEPTION_CAUGHT;

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger("org.mfgsync.purchasing");

    /** A completed batch as it goes to its ERP: contract 2's document and what it is made of. */
    public record Flush(String batchId, String erpInstance, String plant, String correlationId, List<JsonNode> commits,
            String document) {
    }

    private final PurchasingConfig config;
    private final Clock clock;

    @Inject
    public SupplierCommitBatches(PurchasingConfig config) {
        this(config, Clock.systemUTC());
    }

    SupplierCommitBatches(PurchasingConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /**
     * The aggregation (route option {@code aggregationStrategyMethodName: join}): the batch state with the commit added;
     * the first commit of a batch ({@code batch} null) starts it for the commit's ERP instance and plant. A commit
     * already in the batch is not added twice.
     */
    public String join(String batch, CommitAssessment commit) {
        try {
            JsonNode envelope = CanonicalJson.MAPPER.readTree(commit.json());
            ObjectNode state;
            if (batch == null) {
                state = CanonicalJson.MAPPER.createObjectNode();
                state.put("erpInstance", commit.erpInstance());
                state.put("plant", commit.plant());
                state.putArray("commits");
            } else {
                state = (ObjectNode) CanonicalJson.MAPPER.readTree(batch);
            }
            addOnce((ArrayNode) state.get("commits"), envelope);
            return CanonicalJson.MAPPER.writeValueAsString(state);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("supplier commit batch state is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    static void addOnce(ArrayNode commits, JsonNode envelope) {
        String key = envelope.path("idempotencyKey").asText();
        for (JsonNode present : commits) {
            if (present.path("idempotencyKey").asText().equals(key)) {
                return; // the same commit redelivered after a crash between the add and the offset commit
            }
        }
        commits.add(envelope);
    }

    /** Completion predicate: the batch holds {@code batch-size} commits. */
    public boolean isFull(@Body String batch) throws JsonProcessingException {
        return CanonicalJson.MAPPER.readTree(batch).path("commits").size() >= config.supplierCommits().batchSize();
    }

    /**
     * A completed batch (its state in the body) as it goes to the ERP: the batch document of contract 2, with a batch id
     * derived from the commits' idempotency keys (a batch flushed again after a crash is the same batch for the ERP). The
     * aggregator's threads carry no correlation id of their own: the batch's goes into the log lines from here.
     */
    public Flush flush(@Body String batch) throws JsonProcessingException {
        JsonNode state = CanonicalJson.MAPPER.readTree(batch);
        List<JsonNode> commits = new ArrayList<>();
        state.path("commits").forEach(commits::add);
        String batchId = batchId(commits);
        String erpInstance = state.path("erpInstance").asText();
        String plant = state.path("plant").asText();
        String correlationId = commits.size() == 1 ? commits.get(0).path("correlationId").asText() : batchId;
        String document = document(batchId, erpInstance, plant, correlationId, commits, OffsetDateTime.now(clock));
        org.slf4j.MDC.put(org.mfgsync.visibility.Correlation.MDC_KEY, correlationId);
        return new Flush(batchId, erpInstance, plant, correlationId, commits, document);
    }

    /** The batch document; the batch id (its idempotency key), correlation id, plant and size. */
    public String documentOf(@ExchangeProperty(BATCH) Flush flush) {
        return flush.document();
    }

    public String idOf(@ExchangeProperty(BATCH) Flush flush) {
        return flush.batchId();
    }

    public String correlationIdOf(@ExchangeProperty(BATCH) Flush flush) {
        return flush.correlationId();
    }

    public String plantOf(@ExchangeProperty(BATCH) Flush flush) {
        return flush.plant();
    }

    public int sizeOf(@ExchangeProperty(BATCH) Flush flush) {
        return flush.commits().size();
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
        return batchIdFor(commits.stream().map(c -> c.path("idempotencyKey").asText()).toList());
    }

    /** {@link #batchId} of the commits with these idempotency keys. */
    static String batchIdFor(Collection<String> idempotencyKeys) {
        List<String> keys = idempotencyKeys.stream().sorted().toList();
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(String.join("\n", keys).getBytes(StandardCharsets.UTF_8));
            return "SCB-" + HexFormat.of().formatHex(hash, 0, 16).toUpperCase(java.util.Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * When the ERP did not take a flushed batch: one WARN line, then the failure again, so the aggregator does not
     * confirm the batch and offers it again after {@code batch-retry-interval} (also after a restart).
     */
    public void notTaken(@ExchangeProperty(EXCEPTION_CAUGHT) Exception failure, @ExchangeProperty(BATCH) Flush flush,
            @ExchangeProperty(PlantRouting.ERP_INSTANCE) String erpInstance) throws Exception {
        LOG.warnf("Supplier commit batch not taken by the ERP, kept and offered again in %s batchId=%s erpInstance=%s plant=%s "
                + "commits=%s error=%s", config.supplierCommits().batchRetryInterval(), flush.batchId(), erpInstance,
                flush.plant(), flush.commits().size(), failure == null ? "unknown" : failure.getMessage());
        throw failure != null ? failure : new IllegalStateException("supplier commit batch not taken");
    }

    /** For the dead letter: a batch offered {@code batch-max-redeliveries} times and never taken, with the reason. */
    public IllegalStateException exhausted(@ExchangeProperty(BATCH) Flush flush) {
        return new IllegalStateException("supplier commit batch " + flush.batchId() + " of " + flush.commits().size()
                + " commit(s) for plant " + flush.plant() + " was not taken by its ERP after "
                + config.supplierCommits().batchMaxRedeliveries() + " offers");
    }

    /** After the ERP took a flushed batch: each commit, whose workflow instance records its ERP update. */
    public List<String> commitsOf(@ExchangeProperty(BATCH) Flush flush) throws JsonProcessingException {
        List<String> commits = new ArrayList<>(flush.commits().size());
        for (JsonNode commit : flush.commits()) {
            commits.add(CanonicalJson.MAPPER.writeValueAsString(commit));
        }
        return commits;
    }

    /** What each commit's trace shows for its ERP update. */
    public String deliveredDetail(@ExchangeProperty(BATCH) Flush flush) {
        return "batch " + flush.batchId() + " of " + flush.commits().size() + " commit(s)";
    }
}
