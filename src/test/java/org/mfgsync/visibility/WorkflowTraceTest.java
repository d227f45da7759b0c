package org.mfgsync.visibility;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mfgsync.backbone.CanonicalMessages;
import org.mfgsync.canonical.EventEnvelope;
import org.mfgsync.canonical.SourceSystem;
import org.mfgsync.testing.StateDatabase;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Each workflow step leaves a trace row with its business keys and its time against the step's SLA. */
class WorkflowTraceTest {

    DataSource db;
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    WorkflowTrace trace;

    @BeforeEach
    void setUp() throws Exception {
        db = StateDatabase.create();
        SlaConfig config = () -> Map.of("quality-containment", Map.of("erp-blocked", Duration.ofSeconds(60)));
        trace = new WorkflowTrace(db, config, meters);
    }

    @Test
    void aStepWithinItsSlaIsRecordedWithTheInstancesKeys() throws Exception {
        Exchange exchange = eventOccurred(OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(5));
        exchange.setProperty("target", "erp-legacy-b");

        trace.record(exchange, "erp-blocked", WorkflowTrace.DONE);
        assertThat(trace.flush(Duration.ofSeconds(10))).as("written behind the step").isTrue();

        try (Connection c = db.getConnection(); ResultSet row = c.createStatement().executeQuery(
                "SELECT correlation_id, workflow, step, outcome, target, plant, item, lot, supplier, elapsed_millis, "
                        + "sla_millis, sla_breached FROM workflow_step")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString("correlation_id")).isEqualTo("corr-1");
            assertThat(row.getString("step")).isEqualTo("erp-blocked");
            assertThat(row.getString("outcome")).isEqualTo("DONE");
            assertThat(row.getString("target")).isEqualTo("erp-legacy-b");
            assertThat(row.getString("plant")).isEqualTo("2000");
            assertThat(row.getString("item")).isEqualTo("BRK-4711");
            assertThat(row.getString("lot")).isEqualTo("L-1");
            assertThat(row.getString("supplier")).isEqualTo("SUP-ACME");
            assertThat(row.getLong("elapsed_millis")).isBetween(5_000L, 60_000L);
            assertThat(row.getLong("sla_millis")).isEqualTo(60_000L);
            assertThat(row.getBoolean("sla_breached")).isFalse();
            assertThat(row.next()).isFalse();
        }
        assertThat(meters.counter("mfgsync.workflow.steps", "workflow", "quality-containment", "step", "erp-blocked",
                "outcome", "DONE").count()).isEqualTo(1.0);
        assertThat(meters.find("mfgsync.sla.breaches").counter()).isNull();
    }

    @Test
    void aStepLaterThanItsSlaIsRecordedAndCountedAsABreach() throws Exception {
        Exchange exchange = eventOccurred(OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(90));

        trace.record(exchange, "erp-blocked", WorkflowTrace.DONE);
        trace.record(exchange, "scar-opened", WorkflowTrace.DONE, "no SLA set for this step");
        assertThat(trace.flush(Duration.ofSeconds(10))).isTrue();

        try (Connection c = db.getConnection(); ResultSet row = c.createStatement().executeQuery(
                "SELECT step, sla_breached, sla_millis, detail FROM workflow_step ORDER BY id")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getBoolean("sla_breached")).isTrue();
            assertThat(row.next()).isTrue();
            assertThat(row.getString("step")).isEqualTo("scar-opened");
            assertThat(row.getBoolean("sla_breached")).isFalse();
            assertThat(row.getObject("sla_millis")).isNull();
            assertThat(row.getString("detail")).isEqualTo("no SLA set for this step");
        }
        assertThat(meters.counter("mfgsync.sla.breaches", "kind", "step-late", "workflow", "quality-containment", "step", "erp-blocked").count())
                .isEqualTo(1.0);
    }

    @Test
    void everyBusinessKeyOfAFlowIsIndexedOnceHoweverManyStepsItHas() throws Exception {
        Exchange exchange = eventOccurred(OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(5));

        trace.record(exchange, "erp-blocked", WorkflowTrace.DONE);
        trace.record(exchange, "scar-opened", WorkflowTrace.DONE);
        assertThat(trace.flush(Duration.ofSeconds(10))).isTrue();
        trace.record(exchange, "procurement-notified", WorkflowTrace.DONE);
        assertThat(trace.flush(Duration.ofSeconds(10))).isTrue();

        assertThat(traceKeys("corr-1")).containsExactlyInAnyOrder("item=BRK-4711", "lot=L-1", "plant=2000", "supplier=SUP-ACME");
        assertThat(count("SELECT COUNT(*) FROM workflow_step WHERE correlation_id = 'corr-1'")).isEqualTo(3);
    }

    @Test
    void aLaterInstanceOfTheSameFlowAddsOnlyItsNewKeys() throws Exception {
        trace.record(eventOccurred(OffsetDateTime.now(ZoneOffset.UTC)), "erp-blocked", WorkflowTrace.DONE);
        assertThat(trace.flush(Duration.ofSeconds(10))).isTrue();

        Exchange scar = new DefaultExchange(new DefaultCamelContext());
        scar.getMessage().setBody("""
                {"eventId":"e-2","eventType":"CorrectiveActionRequested","occurredAt":"2026-03-02T08:15:00Z",
                 "correlationId":"corr-1","plant":"2000","businessKeys":{"supplier":"SUP-ACME","correctiveAction":"SCAR-7"}}""");
        trace.start(scar, "quality-containment");
        trace.record(scar, "scar-opened", WorkflowTrace.DONE);
        assertThat(trace.flush(Duration.ofSeconds(10))).isTrue();

        assertThat(traceKeys("corr-1")).containsExactlyInAnyOrder("item=BRK-4711", "lot=L-1", "plant=2000", "supplier=SUP-ACME",
                "correctiveAction=SCAR-7");
    }

    @Test
    void aFlowIsIndexedByTheKeysOfTheEventsItPublishes() throws Exception {
        Exchange exchange = eventOccurred(OffsetDateTime.now(ZoneOffset.UTC));
        trace.record(exchange, "erp-blocked", WorkflowTrace.DONE);

        // as canonicalMessage leaves a published event for the trace step after it
        exchange.setProperty(CanonicalMessages.PUBLISHED_EVENT, published("corr-1", Map.of("correctiveAction", "SCAR-7", "lot", "L-OTHER")));
        trace.record(exchange, "scar-opened", WorkflowTrace.DONE);
        assertThat(exchange.getProperty(CanonicalMessages.PUBLISHED_EVENT)).as("taken once").isNull();
        exchange.setProperty(CanonicalMessages.PUBLISHED_EVENT, published("corr-other", Map.of("nonconformance", "NC-1")));
        trace.record(exchange, "procurement-notified", WorkflowTrace.DONE);
        assertThat(trace.flush(Duration.ofSeconds(10))).isTrue();

        // a key the flow has keeps its value; another flow's event adds nothing
        assertThat(traceKeys("corr-1")).containsExactlyInAnyOrder("item=BRK-4711", "lot=L-1", "plant=2000", "supplier=SUP-ACME",
                "correctiveAction=SCAR-7");
    }

    @Test
    void keysWrittenBeforeARestartAreNotWrittenTwice() throws Exception {
        trace.record(eventOccurred(OffsetDateTime.now(ZoneOffset.UTC)), "erp-blocked", WorkflowTrace.DONE);
        assertThat(trace.flush(Duration.ofSeconds(10))).isTrue();

        // a new writer remembers nothing: the keys are offered again and must be skipped, not fail the batch
        WorkflowTrace restarted = new WorkflowTrace(db, () -> Map.of(), meters);
        Exchange again = new DefaultExchange(new DefaultCamelContext());
        again.getMessage().setBody(exchangeBody(OffsetDateTime.now(ZoneOffset.UTC)));
        restarted.start(again, "quality-containment");
        restarted.record(again, "erp-released", WorkflowTrace.DONE);
        assertThat(restarted.flush(Duration.ofSeconds(10))).isTrue();

        assertThat(traceKeys("corr-1")).hasSize(4);
        assertThat(count("SELECT COUNT(*) FROM workflow_step WHERE correlation_id = 'corr-1'")).isEqualTo(2);
    }

    @Test
    void aKeyTooLongForTheIndexIsLeftOutAndTheStepStillWritten() throws Exception {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setBody("""
                {"eventId":"e-3","eventType":"InspectionCompleted","occurredAt":"2026-03-02T08:15:00Z","correlationId":"corr-3",
                 "businessKeys":{"lot":"L-3","inspectionLot":"%s"}}""".formatted("X".repeat(201)));
        trace.start(exchange, "quality-containment");
        trace.record(exchange, "erp-blocked", WorkflowTrace.DONE);
        assertThat(trace.flush(Duration.ofSeconds(10))).isTrue();

        assertThat(traceKeys("corr-3")).containsExactly("lot=L-3");
    }

    @Test
    void theInstanceIsReadFromTheEnvelopeWhateverThePayloadHolds() throws Exception {
        WorkflowTrace.Instance instance = WorkflowTrace.instanceOf("quality-containment", """
                {"payload":{"lot":"L-9","defects":[{"code":"D1","plant":"9999"}],"businessKeys":{"lot":"not this"}},
                 "eventId":"e-1","eventType":"NonconformanceRaised","occurredAt":"2026-03-02T08:15:00.5+01:00",
                 "correlationId":"corr-9","plant":"3000","causationId":null,
                 "businessKeys":{"item":"BRK-4711","lot":"L-9","supplier":"SUP-ACME"},"schemaVersion":"1.0"}""");

        assertThat(instance).isEqualTo(new WorkflowTrace.Instance("quality-containment", "corr-9", "e-1", "NonconformanceRaised",
                OffsetDateTime.of(2026, 3, 2, 8, 15, 0, 500_000_000, ZoneOffset.ofHours(1)), "3000",
                Map.of("item", "BRK-4711", "lot", "L-9", "supplier", "SUP-ACME")));
        assertThat(instance.businessKeys().keySet()).containsExactly("item", "lot", "supplier");
    }

    @Test
    void anEventThatIsNoJsonObjectIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> WorkflowTrace.instanceOf("po-revision", "[1,2]"))
                .isInstanceOf(com.fasterxml.jackson.core.JsonParseException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> WorkflowTrace.instanceOf("po-revision", "{\"eventId\":\"a\",\"eventId\":\"b\"}"))
                .isInstanceOf(com.fasterxml.jackson.core.JsonParseException.class).hasMessageContaining("Duplicate field");
    }

    private static EventEnvelope<Object> published(String correlationId, Map<String, String> keys) {
        return new EventEnvelope<>(UUID.randomUUID(), "CorrectiveActionRequested", "1.0", OffsetDateTime.now(ZoneOffset.UTC),
                correlationId, null, new SourceSystem("mfgsync", "mfgsync"), "2000", keys, "k-1", Map.of());
    }

    private Exchange eventOccurred(OffsetDateTime occurredAt) throws Exception {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setBody(exchangeBody(occurredAt));
        trace.start(exchange, "quality-containment");
        return exchange;
    }

    private static String exchangeBody(OffsetDateTime occurredAt) {
        return """
                {"eventId":"7f0c3f5e-9a51-4c1e-8f6e-2f4a4d3b1c11","eventType":"InspectionCompleted","schemaVersion":"1.0",
                 "occurredAt":"%s","correlationId":"corr-1","plant":"2000",
                 "businessKeys":{"supplier":"SUP-ACME","item":"BRK-4711","lot":"L-1"},"payload":{}}""".formatted(occurredAt);
    }

    private java.util.List<String> traceKeys(String correlationId) throws Exception {
        java.util.List<String> keys = new java.util.ArrayList<>();
        try (Connection c = db.getConnection(); java.sql.PreparedStatement select = c.prepareStatement(
                "SELECT key_name, key_value FROM trace_key WHERE correlation_id = ?")) {
            select.setString(1, correlationId);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    keys.add(row.getString(1) + "=" + row.getString(2));
                }
            }
        }
        return keys;
    }

    private long count(String sql) throws Exception {
        try (Connection c = db.getConnection(); ResultSet row = c.createStatement().executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }
}
