package org.mfgsync.visibility.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The KPI and scorecard figures made from a period's facts: rates, percentiles, and empty periods said as such. */
class KpiFiguresTest {

    static final KpiPeriod PERIOD = new KpiPeriod(Instant.parse("2026-12-01T00:00:00Z"), Instant.parse("2026-12-08T00:00:00Z"), null);

    @Test
    void shouldMakeEachKpiOfItsFacts() {
        Kpis.Facts facts = new Kpis.Facts(10, 2, new long[] { 60_000, 4_000, 10_000 }, new long[] { 3_600_000, 600_000 }, 1,
                Map.of("erp-cloud", 7L, "qms-cloud", 3L), Map.of("erp-cloud", 1L, "notification", 2L), 1, 1, 4,
                Map.of("qms.receive-inspection-result", 2L, "purchasing.supplier-commit", 1L), new long[] { 100, 300, 200 });

        Kpis kpis = Kpis.of(PERIOD, facts);

        assertThat(kpis.flows()).isEqualTo(new Kpis.Flows(10, 8, 0.8));
        assertThat(kpis.qualityContainmentTime()).isEqualTo(new Kpis.Distribution(3, 10_000L, 60_000L));
        assertThat(kpis.supplierResponseTime()).isEqualTo(new Kpis.SupplierResponse(2, 1, 600_000L, 3_600_000L));
        assertThat(kpis.targets()).containsExactly(new Kpis.TargetFailures("erp-cloud", 7, 1, 0.125),
                new Kpis.TargetFailures("notification", 0, 2, 1.0), new Kpis.TargetFailures("qms-cloud", 3, 0, 0.0));
        assertThat(kpis.manualInterventions()).isEqualTo(new Kpis.ManualInterventions(2, 1, 1, 4));
        assertThat(kpis.duplicatesSuppressed().total()).isEqualTo(3);
        assertThat(kpis.duplicatesSuppressed().byChannel()).containsExactly(Map.entry("purchasing.supplier-commit", 1L),
                Map.entry("qms.receive-inspection-result", 2L));
        assertThat(kpis.reportingLatency()).isEqualTo(new Kpis.Distribution(3, 200L, 300L));
        assertThat(kpis.unavailable()).isEmpty();
    }

    @Test
    void shouldSayWhyAnEmptyPeriodHasNoFigures() {
        Kpis.Facts nothing = new Kpis.Facts(0, 0, new long[0], new long[0], 0, Map.of(), Map.of(), 0, 0, 0, Map.of(), new long[0]);

        Kpis kpis = Kpis.of(new KpiPeriod(PERIOD.from(), PERIOD.to(), "3000"), nothing);

        assertThat(kpis.flows()).isEqualTo(new Kpis.Flows(0, 0, null));
        assertThat(kpis.qualityContainmentTime()).isEqualTo(new Kpis.Distribution(0, null, null));
        assertThat(kpis.supplierResponseTime()).isEqualTo(new Kpis.SupplierResponse(0, 0, null, null));
        assertThat(kpis.targets()).isEmpty();
        assertThat(kpis.reportingLatency()).isEqualTo(new Kpis.Distribution(0, null, null));
        assertThat(kpis.manualInterventions().total()).isZero();
        assertThat(kpis.unavailable()).containsOnlyKeys("flows.automationRate", "qualityContainmentTime",
                "supplierResponseTime", "targets", "duplicatesSuppressed.plant", "reportingLatency");
        assertThat(kpis.unavailable().get("supplierResponseTime")).contains("no PO revision was delivered");
    }

    @Test
    void shouldTellDeliveriesAwaitingACommitFromNoDeliveries() {
        Kpis.Facts awaiting = new Kpis.Facts(1, 0, new long[0], new long[0], 2, Map.of(), Map.of(), 0, 0, 0, Map.of(), new long[0]);
        assertThat(Kpis.of(PERIOD, awaiting).unavailable().get("supplierResponseTime")).contains("no supplier has committed yet");
    }

    @Test
    void shouldScoreASuppliersCommitLinesAndQuality() {
        List<Scorecard.CommitLine> lines = List.of(
                line("c1", "PO1", "10", "2026-12-18", "2026-12-20", "LOW", false),
                line("c2", "PO1", "10", "2026-12-28", "2026-12-20", "HIGH", true),
                line("c3", "PO2", "10", "2026-12-20", "2026-12-20", "HIGH", false),
                line("c3", "PO2", "20", null, "2026-12-20", "HIGH", false));

        Scorecard card = Scorecard.of("SUP-1", PERIOD, new Scorecard.Facts(lines, 5, 4, 1, 4));

        assertThat(card.commits()).isEqualTo(new Scorecard.Commits(3, 4, 3, 2, 2.0 / 3, 3, 1, 1.0 / 3, 2));
        assertThat(card.quality()).isEqualTo(new Scorecard.Quality(5, 4, 0.8, 1, 4, null, null));
        assertThat(card.asnAccuracy()).isNull();
        assertThat(card.unavailable()).containsEntry("asnAccuracy", "not available until shipments exist")
                .containsKeys("quality.scarsClosed", "quality.openScarAgeDays").doesNotContainKey("commits.onTimeRate");
    }

    @Test
    void shouldGiveAnEmptyScorecardNoRates() {
        Scorecard card = Scorecard.of("SUP-1", PERIOD, new Scorecard.Facts(List.of(), 0, 0, 0, 0));

        assertThat(card.commits()).isEqualTo(new Scorecard.Commits(0, 0, 0, 0, null, 0, 0, null, 0));
        assertThat(card.quality().rejectRate()).isNull();
        assertThat(card.unavailable()).containsKeys("commits.onTimeRate", "commits.changesPerLine", "quality.rejectRate",
                "asnAccuracy");
    }

    static Scorecard.CommitLine line(String key, String po, String poLine, String committed, String need, String risk,
            boolean changes) {
        return new Scorecard.CommitLine(key, po, poLine, committed == null ? null : LocalDate.parse(committed),
                LocalDate.parse(need), risk, changes);
    }
}
