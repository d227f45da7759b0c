package org.mfgsync.visibility;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mfgsync.testing.StateDatabase;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Flows written by the trace writer are found by any of their keys, newest first, with their steps and exceptions. */
class TraceQueryTest {

    DataSource db;
    WorkflowTrace trace;
    TraceQuery query;

    @BeforeEach
    void setUp() throws Exception {
        db = StateDatabase.create();
        trace = new WorkflowTrace(db, () -> Map.of("quality-containment", Map.of("erp-blocked", Duration.ofSeconds(60))),
                new SimpleMeterRegistry());
        query = new TraceQuery(db, 3, 100);
    }

    @Test
    void shouldFindAFlowByEachOfItsKeysWithItsTimeline() throws Exception {
        Exchange flow = started("corr-a", "L-1", "4500000001", "SUP-1");
        trace.record(flow, "erp-blocked", WorkflowTrace.DONE);
        trace.record(flow, "scar-opened", WorkflowTrace.SKIPPED, "no SCAR for this defect");
        flush();

        for (String key : List.of("lot=L-1", "purchaseOrder=4500000001", "supplier=SUP-1", "plant=3000", "item=BRK-4711",
                "inspectionLot=IL-L-1", "purchaseOrder=4500000001&poLine=10", "correlationId=corr-a")) {
            TraceQuery.Page page = query.search(search(key));
            assertThat(page.flows()).as(key).extracting(TraceQuery.Flow::correlationId).containsExactly("corr-a");
        }
        TraceQuery.Flow found = query.find("corr-a").orElseThrow();
        assertThat(found.workflows()).containsExactly("quality-containment");
        assertThat(found.businessKeys()).containsEntry("lot", List.of("L-1")).containsEntry("plant", List.of("3000"))
                .containsEntry("poLine", List.of("10"));
        assertThat(found.steps()).extracting(TraceQuery.Step::step, TraceQuery.Step::outcome, TraceQuery.Step::detail)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("erp-blocked", "DONE", null),
                        org.assertj.core.groups.Tuple.tuple("scar-opened", "SKIPPED", "no SCAR for this defect"));
        assertThat(found.steps().get(0).slaMillis()).isEqualTo(60_000L);
        assertThat(found.summary().outcomes()).containsExactly(Map.entry("DONE", 1), Map.entry("SKIPPED", 1));
        assertThat(found.firstAt()).isEqualTo(found.steps().get(0).recordedAt());
        assertThat(found.stepsTruncated()).isFalse();
    }

    @Test
    void shouldMatchEveryKeyGivenAndNothingElse() throws Exception {
        trace.record(started("corr-a", "L-1", "4500000001", "SUP-1"), "erp-blocked", WorkflowTrace.DONE);
        trace.record(started("corr-b", "L-2", "4500000001", "SUP-1"), "erp-blocked", WorkflowTrace.DONE);
        flush();

        assertThat(ids("purchaseOrder=4500000001")).containsExactlyInAnyOrder("corr-b", "corr-a");
        assertThat(ids("purchaseOrder=4500000001&lot=L-2")).containsExactly("corr-b");
        assertThat(ids("purchaseOrder=4500000001&lot=L-3")).isEmpty();
        assertThat(ids("purchaseOrder=4500000001&poLine=20")).isEmpty();
        assertThat(ids("lot=L-1&correlationId=corr-b")).isEmpty();
        assertThat(ids("correlationId=corr-unknown")).isEmpty();
        assertThat(query.find("corr-unknown")).isEmpty();
    }

    @Test
    void shouldPageNewestFirstWithinTheWindow() throws Exception {
        for (String id : List.of("corr-1", "corr-2", "corr-3")) {
            trace.record(started(id, "L-" + id, "4500000009", "SUP-9"), "erp-blocked", WorkflowTrace.DONE);
            flush();
        }

        TraceQuery.Page first = query.search(search("supplier=SUP-9&size=2"));
        assertThat(first.flows()).extracting(TraceQuery.Flow::correlationId).containsExactly("corr-3", "corr-2");
        assertThat(first.more()).isTrue();
        TraceQuery.Page second = query.search(search("supplier=SUP-9&size=2&page=1"));
        assertThat(second.flows()).extracting(TraceQuery.Flow::correlationId).containsExactly("corr-1");
        assertThat(second.more()).isFalse();
        // a window that ended before the flows were seen finds none of them
        assertThat(ids("supplier=SUP-9&from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z")).isEmpty();
    }

    @Test
    void shouldCapAFlowsStepsAndLinkItsExceptions() throws Exception {
        Exchange flow = started("corr-x", "L-9", "4500000002", "SUP-2");
        for (String step : List.of("a", "b", "c", "d")) {
            trace.record(flow, step, WorkflowTrace.FAILED);
        }
        flush();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        try (Connection c = db.getConnection(); PreparedStatement insert = c.prepareStatement("INSERT INTO mfgsync_exception "
                + "(id, workflow, step, fact_key, correlation_id, error_class, error, decision, status, attempts, first_seen, last_seen) "
                + "VALUES (?, 'quality-containment', 'erp-blocked', ?, ?, 'HttpOperationFailedException', 'HTTP 422', "
                + "'MANUAL_REVIEW', ?, 1, ?, ?)")) {
            insert.setString(1, "ex-own");
            insert.setString(2, "fact-1");
            insert.setString(3, "corr-x");
            insert.setString(4, "OPEN");
            insert.setObject(5, now);
            insert.setObject(6, now);
            insert.executeUpdate();
            // another flow's exception, replayed under this flow's correlation id
            insert.setString(1, "ex-replayed");
            insert.setString(2, "fact-2");
            insert.setString(3, "corr-other");
            insert.setString(4, "RESOLVED");
            insert.executeUpdate();
            insert.setString(1, "ex-unrelated");
            insert.setString(2, "fact-3");
            insert.executeUpdate();
        }
        try (Connection c = db.getConnection(); PreparedStatement insert = c.prepareStatement("INSERT INTO mfgsync_exception_attempt "
                + "(id, exception_id, kind, at, correlation_id) VALUES ('at-1', 'ex-replayed', 'REPLAYED', ?, 'corr-x')")) {
            insert.setObject(1, now);
            insert.executeUpdate();
        }

        TraceQuery.Flow found = query.find("corr-x").orElseThrow();
        assertThat(found.steps()).extracting(TraceQuery.Step::step).containsExactly("a", "b", "c");
        assertThat(found.stepsTruncated()).isTrue();
        assertThat(found.exceptions()).extracting(TraceQuery.ExceptionLink::id).containsExactlyInAnyOrder("ex-own", "ex-replayed");
        assertThat(found.summary().openExceptions()).isEqualTo(1);
    }

    private List<String> ids(String query) {
        return this.query.search(search(query)).flows().stream().map(TraceQuery.Flow::correlationId).toList();
    }

    private static TraceSearch search(String query) {
        return TraceSearch.parse(query, TraceSearchTest.LIMITS, Instant.now().plusSeconds(1));
    }

    private Exchange started(String correlationId, String lot, String po, String supplier) throws Exception {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setBody("""
                {"eventId":"e-%1$s","eventType":"InspectionCompleted","occurredAt":"%2$s","correlationId":"%1$s","plant":"3000",
                 "businessKeys":{"inspectionLot":"IL-%3$s","item":"BRK-4711","lot":"%3$s","supplier":"%5$s",
                  "purchaseOrder":"%4$s","poLine":"10"}}""".formatted(correlationId, OffsetDateTime.now(ZoneOffset.UTC), lot, po,
                supplier));
        trace.start(exchange, "quality-containment");
        return exchange;
    }

    private void flush() {
        assertThat(trace.flush(Duration.ofSeconds(10))).isTrue();
    }
}
