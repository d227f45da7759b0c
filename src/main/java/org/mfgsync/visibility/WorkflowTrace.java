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
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.jboss.logging.Logger;
import org.mfgsync.canonical.CanonicalJson;
import org.mfgsync.resilience.OutboundPolicy;
import org.mfgsync.workflow.WorkflowConfig;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Records every workflow step's outcome (table {@code workflow_step}) with the workflow instance's correlation id and
 * business keys, measures it against the step's SLA ({@link WorkflowConfig#sla()}), counts it in metrics and logs it:
 * the one INFO line per business step. A workflow route calls {@link #start} on the event that triggers it, then
 * {@link #record} after each step.
 */
@ApplicationScoped
@Named("workflowTrace")
public class WorkflowTrace {

    private static final Logger LOG = Logger.getLogger("org.mfgsync.workflow");

    /** Exchange property: the workflow instance (what triggered it, its keys), set by {@link #start}. */
    public static final String INSTANCE = "workflowInstance";

    /** What a workflow instance started from. */
    @RegisterForReflection
    public record Instance(String workflow, String correlationId, String eventId, String eventType, OffsetDateTime startedAt,
            String plant, Map<String, String> businessKeys) {
    }

    /** Outcomes of a step. */
    public static final String DONE = "DONE";
    public static final String SKIPPED = "SKIPPED";
    public static final String HELD = "HELD";
    public static final String FAILED = "FAILED";

    private final DataSource dataSource;
    private final WorkflowConfig config;
    private final MeterRegistry meters;

    @Inject
    public WorkflowTrace(DataSource dataSource, WorkflowConfig config, MeterRegistry meters) {
        this.dataSource = dataSource;
        this.config = config;
        this.meters = meters;
    }

    /** Route step: the body is the canonical event (envelope JSON) that starts an instance of {@code workflow}. */
    public void start(Exchange exchange, String workflow) throws IOException {
        JsonNode event = CanonicalJson.MAPPER.readTree(exchange.getMessage().getBody(String.class));
        Map<String, String> keys = new LinkedHashMap<>();
        event.path("businessKeys").fields().forEachRemaining(e -> keys.put(e.getKey(), e.getValue().asText()));
        String occurredAt = event.path("occurredAt").asText(null);
        exchange.setProperty(INSTANCE, new Instance(workflow, event.path("correlationId").asText(null),
                event.path("eventId").asText(null), event.path("eventType").asText(null),
                occurredAt == null ? null : OffsetDateTime.parse(occurredAt), event.path("plant").asText(null), keys));
    }

    /** Route step after a workflow step: records its outcome, e.g. {@code method: "record(${exchange}, 'erp-blocked', 'DONE')"}. */
    public void record(Exchange exchange, String step, String outcome) {
        record(exchange, step, outcome, null);
    }

    /** As {@link #record(Exchange, String, String)}, with a short detail (e.g. why a step was skipped). */
    public void record(Exchange exchange, String step, String outcome, String detail) {
        Instance instance = exchange.getProperty(INSTANCE, Instance.class);
        if (instance == null) {
            throw new IllegalStateException("workflowTrace.record(" + step + ") before workflowTrace.start");
        }
        String target = exchange.getProperty(OutboundPolicy.TARGET, String.class);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        Long elapsed = instance.startedAt() == null ? null : Duration.between(instance.startedAt(), now).toMillis();
        Duration sla = config.sla().getOrDefault(instance.workflow(), Map.of()).get(step);
        boolean breached = sla != null && elapsed != null && elapsed > sla.toMillis();
        Map<String, String> keys = instance.businessKeys();
        String plant = instance.plant() != null ? instance.plant() : keys.get("plant");

        meters.counter("mfgsync.workflow.steps", "workflow", instance.workflow(), "step", step, "outcome", outcome).increment();
        if (breached) {
            meters.counter("mfgsync.sla.breaches", "workflow", instance.workflow(), "step", step).increment();
            LOG.warnf("SLA breached workflow=%s step=%s elapsedMs=%d slaMs=%d plant=%s keys=%s", instance.workflow(), step,
                    elapsed, sla.toMillis(), plant, keys);
        }
        LOG.infof("Workflow step workflow=%s step=%s outcome=%s target=%s plant=%s keys=%s elapsedMs=%s%s",
                instance.workflow(), step, outcome, target, plant, keys, elapsed,
                detail == null || detail.isBlank() ? "" : " detail=" + detail);

        try (Connection c = dataSource.getConnection();
                PreparedStatement insert = c.prepareStatement("INSERT INTO workflow_step (correlation_id, workflow, step, "
                        + "outcome, target, event_id, event_type, plant, purchase_order, supplier, item, lot, detail, "
                        + "started_at, recorded_at, elapsed_millis, sla_millis, sla_breached) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, instance.correlationId() != null ? instance.correlationId()
                    : exchange.getProperty("correlationId", "unknown", String.class));
            insert.setString(2, instance.workflow());
            insert.setString(3, step);
            insert.setString(4, outcome);
            insert.setString(5, target);
            insert.setString(6, instance.eventId());
            insert.setString(7, instance.eventType());
            insert.setString(8, plant);
            insert.setString(9, keys.get("purchaseOrder"));
            insert.setString(10, keys.get("supplier"));
            insert.setString(11, keys.get("item"));
            insert.setString(12, keys.get("lot"));
            insert.setString(13, detail == null ? null : detail.length() > 2000 ? detail.substring(0, 2000) : detail);
            insert.setTimestamp(14, instance.startedAt() == null ? null : Timestamp.from(instance.startedAt().toInstant()));
            insert.setTimestamp(15, Timestamp.from(now.toInstant()));
            setLong(insert, 16, elapsed);
            setLong(insert, 17, sla == null ? null : sla.toMillis());
            insert.setBoolean(18, breached);
            insert.executeUpdate();
        } catch (SQLException e) {
            // the trace is for visibility: a state database hiccup must not undo a step whose effect already happened
            LOG.warnf("Workflow step not recorded in the trace workflow=%s step=%s: %s", instance.workflow(), step, e.getMessage());
        }
    }

    private static void setLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }
}
