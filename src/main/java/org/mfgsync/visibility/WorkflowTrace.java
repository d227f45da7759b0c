package org.mfgsync.visibility;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.jboss.logging.Logger;
import org.mfgsync.backbone.CanonicalMessages;
import org.mfgsync.backbone.LogText;
import org.mfgsync.canonical.CanonicalJson;
import org.mfgsync.canonical.CanonicalTimes;
import org.mfgsync.canonical.EventEnvelope;
import org.mfgsync.backbone.TraceParent;
import org.mfgsync.resilience.OutboundPolicy;
import org.mfgsync.visibility.tracing.FlowSpan;
import org.mfgsync.visibility.tracing.SpanExport;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Records every workflow step's outcome (table {@code workflow_step}) with the workflow instance's correlation id and
 * business keys, measures it against the step's SLA ({@link SlaConfig#sla()}), counts it in metrics and logs it:
 * the one INFO line per business step. Rows are written behind the step by one writer, batched (one transaction per
 * batch), so the trace never holds a workflow up and never undoes a step whose effect already happened. A workflow route calls {@link #start} on the event that triggers it, then
 * {@link #record} after each step.
 * <p>
 * Every business key of a flow (the instance's {@code businessKeys} and its plant) is written once per correlation id
 * to {@code trace_key} in the same batch transaction, so {@link TraceQuery} finds a flow by any of its keys. The writer
 * remembers which keys of its recent flows are written, so a flow's further steps cost no key write at all.
 */
@ApplicationScoped
@Startup
@Named("workflowTrace")
public class WorkflowTrace {

    private static final Logger LOG = Logger.getLogger("org.mfgsync.workflow");

    /**
     * Exchange property on a target's delivering side: the operation the delivery performs at its target, which the
     * step's exported span names (visibility.tracing).
     */
    public static final String OPERATION = "deliveryOperation";

    /** Exchange property: the workflow instance (what triggered it, its keys), set by {@link #start}. */
    public static final String INSTANCE = "workflowInstance";

    /** What a workflow instance started from. */
    @RegisterForReflection
    public record Instance(String workflow, String correlationId, String eventId, String eventType, OffsetDateTime startedAt,
            String plant, Map<String, String> businessKeys) {
    }

    /** The correlation id of a step whose instance came without one; its keys are not indexed (they are no one flow's). */
    static final String UNKNOWN_CORRELATION = "unknown";

    /** Kind of the breaches counted here: a step that finished later than its SLA ({@code mfgsync_sla_breaches_total}). */
    public static final String STEP_LATE = "step-late";

    /** Outcomes of a step. */
    public static final String DONE = "DONE";
    public static final String SKIPPED = "SKIPPED";
    public static final String HELD = "HELD";
    public static final String FAILED = "FAILED";

    static final int MAX_PENDING = 100_000;
    static final int BATCH = 500;
    /** Recent flows whose written keys the writer remembers; an older flow's keys are written again, as no-ops. */
    static final int REMEMBERED_FLOWS = 10_000;
    static final int MAX_KEY_NAME = 40;
    static final int MAX_KEY_VALUE = 200;

    private final DataSource dataSource;
    private final SlaConfig config;
    private final MeterRegistry meters;
    private final SpanExport spans;
    private final BlockingQueue<Row> pending = new ArrayBlockingQueue<>(MAX_PENDING);
    private final AtomicLong enqueued = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final Thread writer;
    /** Writer thread only: per correlation id, the keys already in trace_key (access order, the eldest dropped). */
    private final Map<String, WrittenKeys> writtenKeys = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, WrittenKeys> eldest) {
            return size() > REMEMBERED_FLOWS;
        }
    };
    private String insertKeySql;

    public WorkflowTrace(DataSource dataSource, SlaConfig config, MeterRegistry meters) {
        this(dataSource, config, meters, SpanExport.off());
    }

    @Inject
    public WorkflowTrace(DataSource dataSource, SlaConfig config, MeterRegistry meters, SpanExport spans) {
        this.dataSource = dataSource;
        this.config = config;
        this.meters = meters;
        this.spans = spans;
        // reported from the start (0), so that an alert on lost trace rows has its series before the first loss
        meters.counter("mfgsync.trace.dropped");
        this.writer = new Thread(this::writeLoop, "workflow-trace-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Route step: the body is the canonical event (envelope JSON) that starts an instance of {@code workflow}. */
    public void start(Exchange exchange, String workflow) throws IOException {
        exchange.setProperty(INSTANCE, instanceOf(workflow, exchange.getMessage().getBody(String.class)));
    }

    /**
     * The instance an event starts: the envelope's own fields, read as a stream. The payload is skipped, not built: the
     * workflow's first step reads it (and checks the whole event against its schema) anyway.
     */
    static Instance instanceOf(String workflow, String envelope) throws IOException {
        String correlationId = null, eventId = null, eventType = null, occurredAt = null, plant = null;
        Map<String, String> keys = new LinkedHashMap<>();
        try (JsonParser parser = CanonicalJson.MAPPER.getFactory().createParser(envelope)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new JsonParseException(parser, "a canonical event is a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "correlationId" -> correlationId = parser.getValueAsString();
                    case "eventId" -> eventId = parser.getValueAsString();
                    case "eventType" -> eventType = parser.getValueAsString();
                    case "occurredAt" -> occurredAt = parser.getValueAsString();
                    case "plant" -> plant = parser.getValueAsString();
                    case "businessKeys" -> {
                        if (value == JsonToken.START_OBJECT) {
                            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                                String key = parser.currentName();
                                parser.nextToken();
                                keys.put(key, parser.getValueAsString());
                            }
                        } else {
                            parser.skipChildren();
                        }
                    }
                    default -> parser.skipChildren();
                }
            }
        }
        return new Instance(workflow, correlationId, eventId, eventType,
                occurredAt == null ? null : CanonicalTimes.parse(occurredAt), plant, keys);
    }

    /**
     * A workflow step publishes {@code event}: the flow's instance takes on the business keys of it that it has not
     * got yet (e.g. the SCAR id the QMS gave a containment), so that the trace finds a flow by the keys of the events it
     * publishes too, not only by those of the event that started it. A key the instance has keeps its value. The trace
     * step after a publication does this ({@link CanonicalMessages#PUBLISHED_EVENT}).
     */
    public static void carryKeysOf(Exchange exchange, EventEnvelope<?> event) {
        Instance instance = exchange.getProperty(INSTANCE, Instance.class);
        if (instance == null || event.businessKeys() == null || instance.correlationId() == null
                || !instance.correlationId().equals(event.correlationId())) {
            return;
        }
        Map<String, String> keys = null;
        for (Map.Entry<String, String> key : event.businessKeys().entrySet()) {
            if (key.getValue() != null && !instance.businessKeys().containsKey(key.getKey())) {
                if (keys == null) {
                    keys = new LinkedHashMap<>(instance.businessKeys());
                }
                keys.put(key.getKey(), key.getValue());
            }
        }
        // a new instance only when a key is new: the trace writer skips the keys of an instance it has seen (identity)
        if (keys != null) {
            exchange.setProperty(INSTANCE, new Instance(instance.workflow(), instance.correlationId(), instance.eventId(),
                    instance.eventType(), instance.startedAt(), instance.plant(), keys));
        }
    }

    /** Route step after a workflow step: records its outcome, e.g. {@code method: "record(${exchange}, 'erp-blocked', 'DONE')"}. */
    public void record(Exchange exchange, String step, String outcome) {
        record(exchange, step, outcome, null);
    }

    /** As {@link #record(Exchange, String, String)}, with a short detail (e.g. why a step was skipped). */
    public void record(Exchange exchange, String step, String outcome, String detail) {
        if (exchange.getProperty(CanonicalMessages.PUBLISHED_EVENT) instanceof EventEnvelope<?> published) {
            exchange.removeProperty(CanonicalMessages.PUBLISHED_EVENT);
            carryKeysOf(exchange, published);
        }
        Instance instance = exchange.getProperty(INSTANCE, Instance.class);
        if (instance == null) {
            throw new IllegalStateException("workflowTrace.record(" + step + ") before workflowTrace.start");
        }
        record(exchange, instance, exchange.getProperty(OutboundPolicy.TARGET, String.class),
                instance.correlationId() != null ? null : exchange.getProperty("correlationId", UNKNOWN_CORRELATION, String.class),
                step, outcome, detail);
    }

    /**
     * Records a step of {@code instance} outside any of its exchanges: what a watcher saw about the flow (e.g. the SLA
     * watchdog's {@code sla-breached} on the flow's correlation id). Named apart from the route steps' {@code record}, so
     * a route's bean call never has two methods to choose from.
     */
    public void recordObserved(Instance instance, String step, String outcome, String detail) {
        record(null, instance, null, UNKNOWN_CORRELATION, step, outcome, detail);
    }

    private void record(Exchange exchange, Instance instance, String target, String fallbackCorrelationId, String step, String outcome,
            String detail) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        Long elapsed = instance.startedAt() == null ? null : Duration.between(instance.startedAt(), now).toMillis();
        Duration sla = config.sla().getOrDefault(instance.workflow(), Map.of()).get(step);
        boolean breached = sla != null && elapsed != null && elapsed > sla.toMillis();
        Map<String, String> keys = instance.businessKeys();
        String plant = instance.plant() != null ? instance.plant() : keys.get("plant");

        meters.counter("mfgsync.workflow.steps", "workflow", instance.workflow(), "step", step, "outcome", outcome).increment();
        if (breached) {
            // one family with the SLA watchdog's breaches (visibility.sla), told apart by kind
            meters.counter("mfgsync.sla.breaches", "kind", STEP_LATE, "workflow", instance.workflow(), "step", step).increment();
            LOG.warnf("SLA breached workflow=%s step=%s elapsedMs=%d slaMs=%d plant=%s keys=%s", instance.workflow(), step,
                    elapsed, sla.toMillis(), LogText.escape(plant), LogText.escape(keys));
        }
        LOG.infof("Workflow step workflow=%s step=%s outcome=%s target=%s plant=%s keys=%s elapsedMs=%s%s",
                instance.workflow(), step, outcome, target, LogText.escape(plant), LogText.escape(keys), elapsed,
                detail == null || detail.isBlank() ? "" : " detail=" + LogText.escape(detail));

        Row row = new Row(instance.correlationId() != null ? instance.correlationId() : fallbackCorrelationId, instance.workflow(), step, outcome, target,
                instance.eventId(), instance.eventType(), plant, keys.get("purchaseOrder"), keys.get("supplier"),
                keys.get("item"), keys.get("lot"), detail == null ? null : detail.length() > 2000 ? detail.substring(0, 2000) : detail,
                instance.startedAt() == null ? null : Timestamp.from(instance.startedAt().toInstant()), Timestamp.from(now.toInstant()),
                elapsed, sla == null ? null : sla.toMillis(), breached, keys);
        if (spans.on()) {
            exportSpan(exchange, row, now);
        }
        if (pending.offer(row)) {
            enqueued.incrementAndGet();
        } else {
            // the state database has been away long enough to fill the buffer: the step happened, its row is lost
            meters.counter("mfgsync.trace.dropped").increment();
            LOG.warnf("Workflow step not recorded in the trace (buffer full) workflow=%s step=%s", instance.workflow(), step);
        }
    }

    /**
     * The step as a span (visibility.tracing), while spans are exported: in the flow's trace, the child of the hop
     * that recorded it ({@link HopSpan}), from the hop's start or its previous step to now; a step that made an outbound
     * call has the span id that the call's {@code traceparent} named (a CLIENT span, with the target's operation,
     * attempt and HTTP status), so the target's own span is its child. A step seen by a watcher has no hop: it is a
     * moment of the flow's trace. Its attributes are the trace row's, the business keys under the trace API's names.
     */
    private void exportSpan(Exchange exchange, Row row, OffsetDateTime now) {
        if (UNKNOWN_CORRELATION.equals(row.correlationId())) {
            return;
        }
        long end = now.toEpochSecond() * 1_000_000_000L + now.getNano();
        long start = end;
        String parent = null;
        String callSpan = null;
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("correlationId", row.correlationId());
        attributes.put("mfgsync.workflow", row.workflow());
        attributes.put("mfgsync.step", row.step());
        attributes.put("mfgsync.outcome", row.outcome());
        if (exchange != null) {
            parent = exchange.getProperty(TraceParent.SPAN_ID, String.class);
            callSpan = (String) exchange.removeProperty(TraceParent.CALL_SPAN_ID);
            Long mark = exchange.getProperty(HopSpan.MARK, Long.class);
            if (mark != null && mark <= end) {
                start = mark;
            }
            exchange.setProperty(HopSpan.MARK, end);
            if (row.target() != null) {
                attributes.put("mfgsync.target", row.target());
                String operation = exchange.getProperty(OPERATION, String.class);
                if (operation != null) {
                    attributes.put("mfgsync.operation", operation);
                }
                Integer redelivery = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, Integer.class);
                attributes.put("mfgsync.attempt", redelivery == null ? 1L : redelivery + 1L);
                Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
                if (callSpan != null && status != null) {
                    attributes.put("http.response.status_code", status.longValue());
                }
            }
        } else if (row.target() != null) {
            attributes.put("mfgsync.target", row.target());
        }
        if (row.eventType() != null) {
            attributes.put("mfgsync.event.type", row.eventType());
        }
        if (row.eventId() != null) {
            attributes.put("mfgsync.event.id", row.eventId());
        }
        if (row.detail() != null && !row.detail().isBlank()) {
            attributes.put("mfgsync.detail", row.detail());
        }
        if (row.elapsedMillis() != null) {
            attributes.put("mfgsync.elapsed_ms", row.elapsedMillis());
        }
        if (row.slaMillis() != null) {
            attributes.put("mfgsync.sla_ms", row.slaMillis());
            attributes.put("mfgsync.sla_breached", row.slaBreached());
        }
        SpanExport.putKeys(attributes, row.plant(), row.businessKeys());
        boolean error = FAILED.equals(row.outcome()) || HELD.equals(row.outcome());
        spans.export(new FlowSpan(row.correlationId(), callSpan != null ? callSpan : TraceParent.newSpanId(), parent,
                row.workflow() + " " + row.step(), callSpan != null ? FlowSpan.Kind.CLIENT : FlowSpan.Kind.INTERNAL, start, end,
                error, error ? row.outcome() + (row.detail() == null ? "" : ": " + row.detail()) : null, attributes));
    }

    /** Waits until every row recorded before this call is in the state database (or the timeout passed). */
    public boolean flush(Duration timeout) {
        long target = enqueued.get();
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (written) {
            while (written.get() < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    written.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    /** Writes what is still buffered before the application stops. */
    @PreDestroy
    void close() {
        flush(Duration.ofSeconds(10));
        writer.interrupt();
    }

    /**
     * The writer: takes whatever rows have accumulated (one at a time when idle, hundreds under load) and inserts them in
     * one transaction, so the trace costs one round trip per batch instead of one per step. While the state database
     * is away it keeps the batch and tries again; the buffer holds {@value #MAX_PENDING} rows meanwhile.
     */
    private void writeLoop() {
        List<Row> batch = new ArrayList<>(BATCH);
        while (!Thread.currentThread().isInterrupted()) {
            try {
                if (batch.isEmpty()) {
                    batch.add(pending.take());
                    pending.drainTo(batch, BATCH - 1);
                }
                insert(batch);
                synchronized (written) {
                    written.addAndGet(batch.size());
                    written.notifyAll();
                }
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (SQLException | RuntimeException e) {
                LOG.warnf("Workflow steps not yet recorded in the trace (%d waiting), trying again: %s", batch.size() + pending.size(),
                        e.getMessage());
                try {
                    TimeUnit.SECONDS.sleep(1);
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private void insert(List<Row> rows) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO workflow_step (correlation_id, workflow, step, "
                    + "outcome, target, event_id, event_type, plant, purchase_order, supplier, item, lot, detail, "
                    + "started_at, recorded_at, elapsed_millis, sla_millis, sla_breached) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Row row : rows) {
                    insert.setString(1, row.correlationId());
                    insert.setString(2, row.workflow());
                    insert.setString(3, row.step());
                    insert.setString(4, row.outcome());
                    insert.setString(5, row.target());
                    insert.setString(6, row.eventId());
                    insert.setString(7, row.eventType());
                    insert.setString(8, row.plant());
                    insert.setString(9, row.purchaseOrder());
                    insert.setString(10, row.supplier());
                    insert.setString(11, row.item());
                    insert.setString(12, row.lot());
                    insert.setString(13, row.detail());
                    insert.setTimestamp(14, row.startedAt());
                    insert.setTimestamp(15, row.recordedAt());
                    setLong(insert, 16, row.elapsedMillis());
                    setLong(insert, 17, row.slaMillis());
                    insert.setBoolean(18, row.slaBreached());
                    insert.addBatch();
                }
                insert.executeBatch();
                List<NewKeys> newKeys = newKeys(rows);
                if (!newKeys.isEmpty()) {
                    insertKeys(c, newKeys);
                }
                c.commit();
                // remembered only once durable: a batch that failed writes its keys again when it is retried
                newKeys.forEach(NewKeys::remember);
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    /**
     * The keys of this batch's rows that are not yet known to be in trace_key. The steps of one instance share its key
     * map, so a further step of a known instance costs one lookup and one identity comparison.
     */
    private List<NewKeys> newKeys(List<Row> rows) {
        List<NewKeys> found = new ArrayList<>();
        Map<String, NewKeys> inBatch = new HashMap<>();
        for (Row row : rows) {
            if (UNKNOWN_CORRELATION.equals(row.correlationId())) {
                continue;
            }
            WrittenKeys written = writtenKeys.get(row.correlationId());
            if (written != null && written.lastKeys == row.businessKeys() && Objects.equals(written.lastPlant, row.plant())) {
                continue;
            }
            NewKeys pendingKeys = inBatch.get(row.correlationId());
            if (pendingKeys == null) {
                pendingKeys = new NewKeys(row.correlationId(), written, row.recordedAt());
                inBatch.put(row.correlationId(), pendingKeys);
                found.add(pendingKeys);
            }
            pendingKeys.add("plant", row.plant());
            if (row.businessKeys() != null) {
                row.businessKeys().forEach(pendingKeys::add);
            }
            pendingKeys.lastKeys = row.businessKeys();
            pendingKeys.lastPlant = row.plant();
        }
        return found;
    }

    private void insertKeys(Connection c, List<NewKeys> newKeys) throws SQLException {
        if (insertKeySql == null) {
            // PostgreSQL skips a key another replica wrote meanwhile without failing the batch; H2 (one instance) has
            // no ON CONFLICT outside its PostgreSQL mode and skips an existing key by NOT EXISTS
            insertKeySql = "PostgreSQL".equals(c.getMetaData().getDatabaseProductName())
                    ? "INSERT INTO trace_key (correlation_id, key_name, key_value, first_seen_at) VALUES (?, ?, ?, ?) "
                            + "ON CONFLICT DO NOTHING"
                    : "INSERT INTO trace_key (correlation_id, key_name, key_value, first_seen_at) SELECT ?, ?, ?, ? "
                            + "WHERE NOT EXISTS (SELECT 1 FROM trace_key WHERE correlation_id = ? AND key_name = ? AND key_value = ?)";
        }
        boolean postgres = insertKeySql.endsWith("DO NOTHING");
        try (PreparedStatement insert = c.prepareStatement(insertKeySql)) {
            for (NewKeys flow : newKeys) {
                for (TraceKey key : flow.added) {
                    insert.setString(1, flow.correlationId);
                    insert.setString(2, key.name());
                    insert.setString(3, key.value());
                    insert.setTimestamp(4, flow.firstSeenAt);
                    if (!postgres) {
                        insert.setString(5, flow.correlationId);
                        insert.setString(6, key.name());
                        insert.setString(7, key.value());
                    }
                    insert.addBatch();
                }
            }
            insert.executeBatch();
        }
    }

    /** One business key of a flow. */
    record TraceKey(String name, String value) {
    }

    /** What the writer knows is in trace_key for one flow, and the key map of the instance it saw last. */
    private static final class WrittenKeys {
        final Set<TraceKey> keys = new HashSet<>();
        Map<String, String> lastKeys;
        String lastPlant;
    }

    /** The keys of one flow that this batch writes. */
    private final class NewKeys {
        final String correlationId;
        final WrittenKeys known;
        final Timestamp firstSeenAt;
        final Set<TraceKey> added = new LinkedHashSet<>();
        Map<String, String> lastKeys;
        String lastPlant;

        NewKeys(String correlationId, WrittenKeys known, Timestamp firstSeenAt) {
            this.correlationId = correlationId;
            this.known = known;
            this.firstSeenAt = firstSeenAt;
        }

        void add(String name, String value) {
            // a key too long for its column is not indexed rather than failing every step of the batch
            if (name == null || value == null || value.isBlank() || name.length() > MAX_KEY_NAME || value.length() > MAX_KEY_VALUE) {
                return;
            }
            TraceKey key = new TraceKey(name, value);
            if (known == null || !known.keys.contains(key)) {
                added.add(key);
            }
        }

        void remember() {
            WrittenKeys written = writtenKeys.computeIfAbsent(correlationId, id -> new WrittenKeys());
            written.keys.addAll(added);
            written.lastKeys = lastKeys;
            written.lastPlant = lastPlant;
        }
    }

    /** One trace row as it is written. */
    record Row(String correlationId, String workflow, String step, String outcome, String target, String eventId,
            String eventType, String plant, String purchaseOrder, String supplier, String item, String lot, String detail,
            Timestamp startedAt, Timestamp recordedAt, Long elapsedMillis, Long slaMillis, boolean slaBreached,
            Map<String, String> businessKeys) {
    }

    private static void setLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }
}
