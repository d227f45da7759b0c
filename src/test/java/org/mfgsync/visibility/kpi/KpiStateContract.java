package org.mfgsync.visibility.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mfgsync.canonical.EventEnvelope;
import org.mfgsync.canonical.SourceSystem;
import org.mfgsync.canonical.SupplierCommitChanged;
import org.mfgsync.canonical.SupplierCommitChanged.ConfirmationType;
import org.mfgsync.purchasing.BookedOrder;
import org.mfgsync.purchasing.CommitAssessment;
import org.mfgsync.purchasing.RiskClassification;
import org.mfgsync.purchasing.SupplierCommitChecks.CommittedLine;
import org.mfgsync.purchasing.SupplierCommitLines;
import org.mfgsync.resilience.LeasedIdempotentRepository;

/**
 * The KPI and scorecard queries (KpiStore), the supplier commit lines (SupplierCommitLines) and the suppressed-duplicate
 * tally (LeasedIdempotentRepository) on the state tables, the same on every state database (H2 in development,
 * PostgreSQL in production). Each test has its own period (a random hour years ahead), plant and supplier: the
 * PostgreSQL variant shares one database.
 */
abstract class KpiStateContract {

    /** The flows application.properties names (mfgsync.kpi.flows.*). */
    static final KpiStore.Flows FLOWS = new KpiStore.Flows("quality-containment", "erp-blocked", "contained",
            "InspectionCompleted", "NonconformanceRaised", "po-revision", "supplier-delivered");

    DataSource dataSource;
    KpiStore store;
    String run;
    String plant;
    OffsetDateTime t0;

    abstract DataSource dataSource() throws Exception;

    @BeforeEach
    void setUp() throws Exception {
        dataSource = dataSource();
        store = new KpiStore(dataSource, FLOWS);
        run = UUID.randomUUID().toString().substring(0, 8);
        plant = "P" + run;
        t0 = OffsetDateTime.of(2031, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC).plusHours(ThreadLocalRandom.current().nextInt(500_000));
    }

    @Test
    void kpiFactsOfAPeriodComeFromTheTraceTheExceptionsTheCommitsAndTheDuplicateTally() throws Exception {
        // containments: blocked 4 s, 10 s and 60 s after their inspections; C's block failed first and was replayed
        step("A", "quality-containment", "erp-blocked", "DONE", "erp-cloud", "InspectionCompleted", null, 1, 4_000);
        step("A", "quality-containment", "scar-opened", "DONE", "qms-cloud", "InspectionCompleted", null, 1, 5_000);
        step("B", "quality-containment", "erp-blocked", "DONE", "erp-cloud", "InspectionCompleted", null, 2, 10_000);
        step("C", "quality-containment", "erp-blocked", "DONE", "erp-cloud", "InspectionCompleted", null, 3, 60_000);
        String c = exception("C", "erp-cloud", "RESOLVED", 2);
        attempt(c, "REPLAYED", "admin-api:token", 2);
        // PO revisions: D answered by a commit 6 minutes after its delivery, E not (yet)
        step("D", "po-revision", "supplier-delivered", "DONE", "supplier-x", "PurchaseOrderChanged", "PO" + run + "1", 4, 1_000);
        step("E", "po-revision", "supplier-delivered", "DONE", "supplier-x", "PurchaseOrderChanged", "PO" + run + "2", 5, 2_000);
        commitLines(t0.plusMinutes(10), "S" + run, "PO" + run + "1", "HIGH", line("10", "2031-06-01", "2031-06-01"));
        // F waits for a person, G was replayed automatically, H was discarded by a person
        step("F", "supplier-commit", "validated", "FAILED", null, "SupplierCommitChanged", null, 6, 500);
        exception("F", "erp-cloud", "OPEN", 6);
        step("G", "supplier-commit", "erp-updated", "DONE", "erp-cloud", "SupplierCommitChanged", null, 7, 700);
        attempt(exception("G", "erp-cloud", "RESOLVED", 7), "REPLAYED", "auto-retry", 7);
        step("H", "quality-containment", "scar-opened", "DONE", "qms-cloud", "NonconformanceRaised", null, 8, 800);
        attempt(exception("H", "qms-cloud", "DISCARDED", 8), "DISCARDED", "admin-api:ops", 9);
        // what the SLA watchdog observed about a flow (no event of its own) makes no flow
        insertStep("corr-W-" + run, "quality-containment", "sla-breached", "DONE", null, null, null, plant, null,
                t0.plusMinutes(9), null);
        // outside: before the period, another plant
        step("X", "quality-containment", "erp-blocked", "DONE", "erp-cloud", "InspectionCompleted", null, -1, 99_000);
        insertStep("corr-Y-" + run, "quality-containment", "erp-blocked", "DONE", "erp-cloud", "InspectionCompleted",
                "ev-Y-" + run, "OTHER", null, t0.plusMinutes(1), 99_000L);
        // a step of the period twice a duplicate
        String dupStep = "test.duplicates-" + run;
        Clock inPeriod = Clock.fixed(t0.plusMinutes(20).toInstant(), ZoneOffset.UTC);
        LeasedIdempotentRepository claims = new LeasedIdempotentRepository(dataSource, dupStep, 60_000, inPeriod);
        assertThat(claims.add("key-1")).isTrue();
        assertThat(claims.confirm("key-1")).isTrue();
        assertThat(claims.add("key-1")).as("a duplicate").isFalse();
        assertThat(claims.add("key-1")).as("a duplicate").isFalse();

        Kpis.Facts facts = store.kpiFacts(new KpiPeriod(t0.toInstant(), t0.plusHours(1).toInstant(), plant));

        assertThat(facts.flows()).isEqualTo(8);
        assertThat(facts.flowsWithManualAction()).as("C replayed, F open, H discarded").isEqualTo(3);
        assertThat(facts.containmentMillis()).containsExactlyInAnyOrder(4_000, 10_000, 60_000);
        assertThat(facts.responseMillis()).containsExactly(Duration.ofMinutes(6).toMillis());
        assertThat(facts.awaitingResponse()).isEqualTo(1);
        assertThat(facts.doneByTarget()).isEqualTo(Map.of("erp-cloud", 4L, "qms-cloud", 2L, "supplier-x", 2L));
        assertThat(facts.failedByTarget()).isEqualTo(Map.of("erp-cloud", 3L, "qms-cloud", 1L));
        assertThat(facts.replays()).isEqualTo(1);
        assertThat(facts.discards()).isEqualTo(1);
        assertThat(facts.automaticReplays()).isEqualTo(1);
        assertThat(facts.duplicatesByStep()).containsEntry(dupStep, 2L);
        assertThat(facts.reportingLatencyMillis()).as("per event, its first step")
                .containsExactlyInAnyOrder(4_000, 10_000, 60_000, 1_000, 2_000, 500, 700, 800);

        Kpis kpis = Kpis.of(new KpiPeriod(t0.toInstant(), t0.plusHours(1).toInstant(), plant), facts);
        assertThat(kpis.flows().automationRate()).isEqualTo(5.0 / 8);
        assertThat(kpis.qualityContainmentTime()).isEqualTo(new Kpis.Distribution(3, 10_000L, 60_000L));

        Kpis.Facts empty = store.kpiFacts(new KpiPeriod(t0.minusDays(3).toInstant(), t0.minusDays(2).toInstant(), plant));
        assertThat(empty.flows()).isZero();
        assertThat(empty.containmentMillis()).isEmpty();
        assertThat(empty.doneByTarget()).isEmpty();
    }

    @Test
    void aScorecardCountsTheSuppliersCommitLinesInspectionsNcrsAndScars() throws Exception {
        String supplier = "S" + run;
        String po1 = "PO" + run + "1";
        String po2 = "PO" + run + "2";
        commitLines(t0.plusMinutes(1), supplier, po1, "HIGH", line("10", "2031-06-18", "2031-06-20"));
        commitLines(t0.plusMinutes(2), supplier, po1, "HIGH", line("10", "2031-06-28", "2031-06-20"));
        commitLines(t0.plusMinutes(3), supplier, po2, "LOW", line("10", "2031-06-20", "2031-06-20"), line("20", null, "2031-06-20"));
        // the same commit again (a retry): nothing new
        commitLines(t0.plusMinutes(4), supplier, po2, "LOW", line("10", "2031-06-20", "2031-06-20"), line("20", null, "2031-06-20"));
        // a rejected inspection, an accepted one, an NCR; and another supplier's inspection in the same flow
        supplierFlow("I1", supplier, "erp-blocked", "DONE", "InspectionCompleted");
        supplierFlow("I2", supplier, "contained", "SKIPPED", "InspectionCompleted");
        supplierFlow("N1", supplier, "scar-opened", "SKIPPED", "NonconformanceRaised");
        containment("L1" + run, supplier, t0.plusMinutes(5));
        containment("L2" + run, supplier, t0.plusMinutes(6));
        containment("L3" + run, supplier, t0.minusDays(1));

        assertThat(store.knowsSupplier(supplier)).isTrue();
        assertThat(store.knowsSupplier("N" + run)).isFalse();
        Scorecard.Facts facts = store.scorecardFacts(supplier, new KpiPeriod(t0.toInstant(), t0.plusHours(1).toInstant(), null));
        assertThat(facts.lines()).hasSize(4);
        assertThat(facts.lines()).filteredOn(Scorecard.CommitLine::changesEarlier).singleElement()
                .satisfies(l -> assertThat(l.committedDate()).isEqualTo(LocalDate.parse("2031-06-28")));
        assertThat(facts.inspections()).isEqualTo(2);
        assertThat(facts.rejectedInspections()).isEqualTo(1);
        assertThat(facts.nonconformances()).isEqualTo(1);
        assertThat(facts.scarsOpened()).isEqualTo(2);

        Scorecard card = Scorecard.of(supplier, new KpiPeriod(t0.toInstant(), t0.plusHours(1).toInstant(), null), facts);
        assertThat(card.commits()).isEqualTo(new Scorecard.Commits(3, 4, 3, 2, 2.0 / 3, 3, 1, 1.0 / 3, 2));
    }

    // ---- state rows as the workflows leave them --------------------------------------------------------------------

    /** A step of flow {@code flow} of this run, {@code minute} minutes into the period, its event {@code ev-<flow>}. */
    void step(String flow, String workflow, String step, String outcome, String target, String eventType, String po,
            int minute, long elapsedMillis) throws SQLException {
        insertStep("corr-" + flow + "-" + run, workflow, step, outcome, target, eventType, "ev-" + flow + "-" + run, plant, po,
                t0.plusMinutes(minute), elapsedMillis);
    }

    void insertStep(String correlationId, String workflow, String step, String outcome, String target, String eventType,
            String eventId, String stepPlant, String po, OffsetDateTime at, Long elapsedMillis) throws SQLException {
        insertStep(correlationId, workflow, step, outcome, target, eventType, eventId, stepPlant, po, null, at, elapsedMillis);
    }

    void insertStep(String correlationId, String workflow, String step, String outcome, String target, String eventType,
            String eventId, String stepPlant, String po, String supplier, OffsetDateTime at, Long elapsedMillis)
            throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement insert = c.prepareStatement("INSERT INTO "
                + "workflow_step (correlation_id, workflow, step, outcome, target, event_id, event_type, plant, purchase_order, "
                + "supplier, started_at, recorded_at, elapsed_millis, sla_breached) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE)")) {
            insert.setString(1, correlationId);
            insert.setString(2, workflow);
            insert.setString(3, step);
            insert.setString(4, outcome);
            insert.setString(5, target);
            insert.setString(6, eventId);
            insert.setString(7, eventType);
            insert.setString(8, stepPlant);
            insert.setString(9, po);
            insert.setString(10, supplier);
            if (elapsedMillis == null) {
                insert.setNull(11, java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
                insert.setObject(12, at);
                insert.setNull(13, java.sql.Types.BIGINT);
            } else {
                insert.setObject(11, at.minusNanos(elapsedMillis * 1_000_000));
                insert.setObject(12, at);
                insert.setLong(13, elapsedMillis);
            }
            insert.executeUpdate();
        }
    }

    String exception(String flow, String target, String status, int minute) throws SQLException {
        String id = UUID.randomUUID().toString();
        try (Connection c = dataSource.getConnection(); PreparedStatement insert = c.prepareStatement("INSERT INTO "
                + "mfgsync_exception (id, workflow, step, target, fact_key, correlation_id, plant, error_class, error, decision, "
                + "status, attempts, first_seen, last_seen) VALUES (?, 'test', ?, ?, ?, ?, ?, 'http-4xx', 'refused', "
                + "'MANUAL_REVIEW', ?, 1, ?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, "delivery." + target);
            insert.setString(3, target);
            insert.setString(4, "fact-" + flow + "-" + run);
            insert.setString(5, "corr-" + flow + "-" + run);
            insert.setString(6, plant);
            insert.setString(7, status);
            insert.setObject(8, t0.plusMinutes(minute));
            insert.setObject(9, t0.plusMinutes(minute));
            insert.executeUpdate();
        }
        return id;
    }

    void attempt(String exceptionId, String kind, String actor, int minute) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement insert = c.prepareStatement("INSERT INTO "
                + "mfgsync_exception_attempt (id, exception_id, kind, at, actor) VALUES (?, ?, ?, ?, ?)")) {
            insert.setString(1, UUID.randomUUID().toString());
            insert.setString(2, exceptionId);
            insert.setString(3, kind);
            insert.setObject(4, t0.plusMinutes(minute).plusSeconds(30));
            insert.setString(5, actor);
            insert.executeUpdate();
        }
    }

    /** One step of a flow keyed by supplier, as the trace writer leaves it (the step and its trace_key row). */
    void supplierFlow(String flow, String supplier, String step, String outcome, String eventType) throws SQLException {
        String correlationId = "corr-" + flow + "-" + run;
        insertStep(correlationId, "quality-containment", step, outcome, null, eventType, "ev-" + flow + "-" + run, plant, null,
                supplier, t0.plusMinutes(1), 100L);
        try (Connection c = dataSource.getConnection(); PreparedStatement insert = c.prepareStatement(
                "INSERT INTO trace_key (correlation_id, key_name, key_value, first_seen_at) VALUES (?, 'supplier', ?, ?)")) {
            insert.setString(1, correlationId);
            insert.setString(2, supplier);
            insert.setObject(3, t0.plusMinutes(1));
            insert.executeUpdate();
        }
    }

    void containment(String lot, String supplier, OffsetDateTime scarOpenedAt) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement insert = c.prepareStatement("INSERT INTO "
                + "quality_containment (plant, item, lot, supplier, quantity, unit_of_measure, state, opened_by_key, "
                + "opened_by_reference, scar_id, scar_opened_at, correlation_id, updated_at) VALUES (?, 'BRK-4711', ?, ?, 10, "
                + "'EA', 'BLOCKED', ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, plant);
            insert.setString(2, lot);
            insert.setString(3, supplier);
            insert.setString(4, "key-" + lot);
            insert.setString(5, "IL-" + lot);
            insert.setString(6, "SCAR-" + lot);
            insert.setObject(7, scarOpenedAt);
            insert.setString(8, "corr-" + lot);
            insert.setObject(9, scarOpenedAt);
            insert.executeUpdate();
        }
    }

    record Line(String poLine, String committed, String need) {
    }

    static Line line(String poLine, String committed, String need) {
        return new Line(poLine, committed, need);
    }

    /** A commit of the supplier for the PO's lines, kept by SupplierCommitLines as the workflow does, received at {@code at}. */
    void commitLines(OffsetDateTime at, String supplier, String po, String risk, Line... lines) {
        List<CommittedLine> committed = new ArrayList<>();
        for (Line l : lines) {
            committed.add(new CommittedLine(l.poLine(), ConfirmationType.CHANGE,
                    new BookedOrder.Line(l.poLine(), "ADDED", "BRK-4711", BigDecimal.TEN, "EA", LocalDate.parse(l.need()), plant),
                    BigDecimal.TEN, "EA", l.committed() == null ? null : LocalDate.parse(l.committed()), null));
        }
        var payload = new SupplierCommitChanged(po, null, supplier, "C-" + po, ConfirmationType.CHANGE,
                SupplierCommitChanged.Level.LINE, at, null, null, null);
        // one commit per PO and lines: the key says which commit it is (a retry of the same commit has the same key)
        String key = "supplier:" + supplier + ":" + po + ":" + lines[0].committed();
        var event = new EventEnvelope<>(UUID.randomUUID(), "SupplierCommitChanged", "1.0", at, "corr-" + key, null,
                new SourceSystem("supplier", "test"), plant, Map.of("purchaseOrder", po), key, payload);
        var assessment = new CommitAssessment(event, "{}", committed, plant, "erp-cloud",
                new RiskClassification(RiskClassification.Level.valueOf(risk), "test", "test"), List.of(), null);
        new SupplierCommitLines(dataSource, Clock.fixed(at.toInstant(), ZoneOffset.UTC)).record(assessment);
    }
}
