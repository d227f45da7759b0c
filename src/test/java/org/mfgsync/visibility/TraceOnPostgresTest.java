package org.mfgsync.visibility;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mfgsync.testing.MigratedPostgres;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The trace keys on the production state store: V12 through Flyway on a real PostgreSQL; two writers (two replicas, or
 * one after a restart) offering the same flow's keys leave one row per key and lose no step; the trace API's query
 * finds the flow by a key within a window bound as instants. Skipped where the machine has no PostgreSQL installed
 * (failed instead with -Dtests.postgres=required).
 */
class TraceOnPostgresTest {

    @RegisterExtension
    static final MigratedPostgres dataSource = new MigratedPostgres();

    @Test
    void twoWritersOfOneFlowLeaveEachKeyOnceAndTheFlowIsFoundByItsKeys() throws Exception {
        WorkflowTrace replicaA = new WorkflowTrace(dataSource, Map::of, new SimpleMeterRegistry());
        WorkflowTrace replicaB = new WorkflowTrace(dataSource, Map::of, new SimpleMeterRegistry());

        replicaA.record(started(replicaA), "erp-blocked", WorkflowTrace.DONE);
        replicaB.record(started(replicaB), "scar-opened", WorkflowTrace.DONE);
        assertThat(replicaA.flush(Duration.ofSeconds(10))).isTrue();
        assertThat(replicaB.flush(Duration.ofSeconds(10))).isTrue();

        try (Connection c = dataSource.getConnection(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT key_name || '=' || key_value FROM trace_key WHERE correlation_id = 'corr-pg-1' ORDER BY 1")) {
            java.util.List<String> keys = new java.util.ArrayList<>();
            while (rs.next()) {
                keys.add(rs.getString(1));
            }
            assertThat(keys).containsExactly("lot=L-PG-1", "plant=3000", "purchaseOrder=4500000777", "supplier=SUP-PG");
        }
        TraceQuery query = new TraceQuery(dataSource, 1000, 500);
        TraceQuery.Page page = query.search(TraceSearch.parse("lot=L-PG-1&supplier=SUP-PG", TraceSearchTest.LIMITS,
                Instant.now().plusSeconds(1)));
        assertThat(page.flows()).singleElement().satisfies(flow -> {
            assertThat(flow.correlationId()).isEqualTo("corr-pg-1");
            assertThat(flow.steps()).extracting(TraceQuery.Step::step).containsExactlyInAnyOrder("erp-blocked", "scar-opened");
        });
        assertThat(query.search(TraceSearch.parse("lot=L-PG-1&from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z",
                TraceSearchTest.LIMITS, Instant.now())).flows()).as("outside the window").isEmpty();
    }

    private static Exchange started(WorkflowTrace trace) throws Exception {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setBody("""
                {"eventId":"e-pg-1","eventType":"InspectionCompleted","occurredAt":"%s","correlationId":"corr-pg-1","plant":"3000",
                 "businessKeys":{"lot":"L-PG-1","supplier":"SUP-PG","purchaseOrder":"4500000777"}}"""
                .formatted(OffsetDateTime.now(ZoneOffset.UTC)));
        trace.start(exchange, "quality-containment");
        return exchange;
    }
}
