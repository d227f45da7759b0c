package org.mfgsync.visibility.kpi;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.mfgsync.resilience.StateStore;

/**
 * Reads the facts of a period from the state the workflows keep, by SQL only (no workflow class is used): the trace
 * ({@code workflow_step}, {@code trace_key}), exception records and their attempts, the suppressed-duplicate tally,
 * the supplier commit lines (V14) and quality containments. Every query is bounded by the period (at most
 * {@code mfgsync.kpi.max-range}) and starts from an index on its time or key column; every value is a bound parameter.
 * Plain JDBC that H2 and PostgreSQL both run.
 * <p>
 * What each KPI counts is configuration ({@code mfgsync.kpi.flows.*}, {@link Flows}): visibility names no workflow
 * step of its own.
 */
@ApplicationScoped
public class KpiStore {

    /** The actor of the automatic replays (resilience.Replays): not a manual intervention. */
    static final String AUTO_RETRY_ACTOR = "auto-retry";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9-]{1,60}");

    /**
     * Which trace steps each KPI counts: the containment block is {@code containmentWorkflow}'s {@code blockStep} on an
     * {@code inspectionEvent}; an accepted inspection is its {@code decidedStep} SKIPPED; a PO revision delivered is
     * {@code poWorkflow}'s {@code deliveredStep}. The names go into the queries' text, so they are checked here.
     */
    public record Flows(String containmentWorkflow, String blockStep, String decidedStep, String inspectionEvent,
            String nonconformanceEvent, String poWorkflow, String deliveredStep) {
        public Flows {
            for (String name : new String[] { containmentWorkflow, blockStep, decidedStep, inspectionEvent,
                    nonconformanceEvent, poWorkflow, deliveredStep }) {
                if (name == null || !NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException("mfgsync.kpi.flows.*: not a workflow, step or event name: " + name);
                }
            }
        }

        static Flows of(KpiConfig.Flows config) {
            return new Flows(config.containmentWorkflow(), config.blockStep(), config.decidedStep(), config.inspectionEvent(),
                    config.nonconformanceEvent(), config.poWorkflow(), config.deliveredStep());
        }
    }

    private final DataSource dataSource;
    private final Flows flows;

    @Inject
    public KpiStore(DataSource dataSource, KpiConfig config) {
        this(dataSource, Flows.of(config.flows()));
    }

    public KpiStore(DataSource dataSource, Flows flows) {
        this.dataSource = dataSource;
        this.flows = flows;
    }

    /** The KPI facts of a period, all plants or one. */
    public Kpis.Facts kpiFacts(KpiPeriod period) {
        try (Connection c = dataSource.getConnection()) {
            long[] flows = flows(c, period);
            Map<String, Long> done = countBy(c, "SELECT s.target, COUNT(*) FROM workflow_step s WHERE s.recorded_at >= ? "
                    + "AND s.recorded_at < ? AND s.outcome = 'DONE' AND s.target IS NOT NULL" + plant(period, "s")
                    + " GROUP BY s.target", period);
            Map<String, Long> failed = countBy(c, "SELECT e.target, COUNT(*) FROM mfgsync_exception e WHERE e.first_seen >= ? "
                    + "AND e.first_seen < ? AND e.target IS NOT NULL" + plant(period, "e") + " GROUP BY e.target", period);
            long[] manual = interventions(c, period);
            int awaiting = 0;
            List<long[]> deliveries = deliveriesAndCommits(c, period);
            long[] response = new long[deliveries.size()];
            int answered = 0;
            for (long[] pair : deliveries) {
                if (pair[1] < 0) {
                    awaiting++;
                } else {
                    response[answered++] = pair[1] - pair[0];
                }
            }
            return new Kpis.Facts(flows[0], flows[1], containmentMillis(c, period), Arrays.copyOf(response, answered),
                    awaiting, done, failed, manual[0], manual[1], manual[2], duplicates(c, period), latency(c, period));
        } catch (SQLException e) {
            throw StateStore.failure("Could not read the KPIs of a period", e);
        }
    }

    /**
     * Flows with a step of their own in the period (a step of an event: what a watcher observed about a flow, such as the
     * SLA watchdog's {@code sla-breached}, is no step of it), and those of them with an exception a person acted on or
     * that is still open.
     */
    private static long[] flows(Connection c, KpiPeriod period) throws SQLException {
        String sql = "SELECT COUNT(*), COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM mfgsync_exception e "
                + "WHERE e.correlation_id = f.correlation_id AND (e.status IN ('OPEN', 'REPLAYING') OR EXISTS ("
                + "SELECT 1 FROM mfgsync_exception_attempt a WHERE a.exception_id = e.id AND a.kind IN ('REPLAYED', 'DISCARDED') "
                + "AND (a.actor IS NULL OR a.actor <> '" + AUTO_RETRY_ACTOR + "')))) THEN 1 ELSE 0 END), 0) "
                + "FROM (SELECT DISTINCT s.correlation_id FROM workflow_step s WHERE s.recorded_at >= ? AND s.recorded_at < ? "
                + "AND s.correlation_id <> 'unknown' AND s.event_id IS NOT NULL" + plant(period, "s") + ") f";
        try (PreparedStatement query = prepare(c, sql, period)) {
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return new long[] { rs.getLong(1), rs.getLong(2) };
            }
        }
    }

    private long[] containmentMillis(Connection c, KpiPeriod period) throws SQLException {
        return longs(c, "SELECT s.elapsed_millis FROM workflow_step s WHERE s.recorded_at >= ? AND s.recorded_at < ? "
                + "AND s.workflow = '" + flows.containmentWorkflow() + "' AND s.step = '" + flows.blockStep() + "' AND s.outcome = 'DONE' "
                + "AND s.event_type = '" + flows.inspectionEvent() + "' AND s.elapsed_millis IS NOT NULL" + plant(period, "s"), period);
    }

    /** Per PO revision delivered in the period: when, and when the first commit for its PO came after it (-1: none yet). */
    private List<long[]> deliveriesAndCommits(Connection c, KpiPeriod period) throws SQLException {
        String sql = "SELECT s.recorded_at, (SELECT MIN(l.received_at) FROM supplier_commit_line l "
                + "WHERE l.purchase_order = s.purchase_order AND l.received_at >= s.recorded_at) FROM workflow_step s "
                + "WHERE s.recorded_at >= ? AND s.recorded_at < ? AND s.workflow = '" + flows.poWorkflow() + "' AND s.step = '"
                + flows.deliveredStep() + "' AND s.outcome = 'DONE' AND s.purchase_order IS NOT NULL" + plant(period, "s");
        List<long[]> pairs = new ArrayList<>();
        try (PreparedStatement query = prepare(c, sql, period); ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                OffsetDateTime delivered = rs.getObject(1, OffsetDateTime.class);
                OffsetDateTime committed = rs.getObject(2, OffsetDateTime.class);
                pairs.add(new long[] { delivered.toInstant().toEpochMilli(),
                        committed == null ? -1 : committed.toInstant().toEpochMilli() });
            }
        }
        return pairs;
    }

    /** Manual replays, manual discards, automatic replays in the period. */
    private static long[] interventions(Connection c, KpiPeriod period) throws SQLException {
        String sql = "SELECT a.kind, CASE WHEN a.actor = '" + AUTO_RETRY_ACTOR + "' THEN 1 ELSE 0 END, COUNT(*) "
                + "FROM mfgsync_exception_attempt a JOIN mfgsync_exception e ON e.id = a.exception_id "
                + "WHERE a.at >= ? AND a.at < ? AND a.kind IN ('REPLAYED', 'DISCARDED')" + plant(period, "e")
                + " GROUP BY a.kind, CASE WHEN a.actor = '" + AUTO_RETRY_ACTOR + "' THEN 1 ELSE 0 END";
        long[] counts = new long[3];
        try (PreparedStatement query = prepare(c, sql, period); ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                boolean automatic = rs.getInt(2) == 1;
                if (automatic) {
                    counts[2] += rs.getLong(3);
                } else if ("REPLAYED".equals(rs.getString(1))) {
                    counts[0] += rs.getLong(3);
                } else {
                    counts[1] += rs.getLong(3);
                }
            }
        }
        return counts;
    }

    /** Suppressed duplicates per step, by the hours that begin in the period (its first hour counted whole). */
    private static Map<String, Long> duplicates(Connection c, KpiPeriod period) throws SQLException {
        Map<String, Long> counts = new HashMap<>();
        try (PreparedStatement query = c.prepareStatement("SELECT step, SUM(suppressed) FROM duplicate_suppressed "
                + "WHERE hour_start >= ? AND hour_start < ? GROUP BY step")) {
            query.setObject(1, OffsetDateTime.ofInstant(period.from(), ZoneOffset.UTC).truncatedTo(ChronoUnit.HOURS));
            query.setObject(2, OffsetDateTime.ofInstant(period.to(), ZoneOffset.UTC));
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return counts;
    }

    /** Per event with a step in the period: its occurrence to its first trace step (the smallest elapsed time). */
    private static long[] latency(Connection c, KpiPeriod period) throws SQLException {
        return longs(c, "SELECT MIN(s.elapsed_millis) FROM workflow_step s WHERE s.recorded_at >= ? AND s.recorded_at < ? "
                + "AND s.event_id IS NOT NULL AND s.elapsed_millis IS NOT NULL" + plant(period, "s") + " GROUP BY s.event_id", period);
    }

    // ---- the supplier scorecard -----------------------------------------------------------------------------------

    /** Whether mfgsync has seen the supplier: a PO in the book, a commit or a containment. */
    public boolean knowsSupplier(String supplier) {
        try (Connection c = dataSource.getConnection()) {
            for (String table : List.of("purchase_order_book", "supplier_commit_line", "quality_containment")) {
                try (PreparedStatement query = c.prepareStatement("SELECT 1 FROM " + table + " WHERE supplier = ? "
                        + "FETCH FIRST 1 ROWS ONLY")) {
                    query.setString(1, supplier);
                    try (ResultSet rs = query.executeQuery()) {
                        if (rs.next()) {
                            return true;
                        }
                    }
                }
            }
            return false;
        } catch (SQLException e) {
            throw StateStore.failure("Could not look the supplier up", e);
        }
    }

    public Scorecard.Facts scorecardFacts(String supplier, KpiPeriod period) {
        try (Connection c = dataSource.getConnection()) {
            List<Scorecard.CommitLine> lines = new ArrayList<>();
            try (PreparedStatement query = c.prepareStatement("SELECT l.commit_key, l.purchase_order, l.po_line, "
                    + "l.committed_date, l.need_date, l.risk_level, CASE WHEN EXISTS (SELECT 1 FROM supplier_commit_line p "
                    + "WHERE p.purchase_order = l.purchase_order AND p.po_line = l.po_line AND p.received_at < l.received_at) "
                    + "THEN 1 ELSE 0 END FROM supplier_commit_line l WHERE l.supplier = ? AND l.received_at >= ? "
                    + "AND l.received_at < ?")) {
                query.setString(1, supplier);
                bindPeriod(query, 2, period);
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        java.sql.Date committed = rs.getDate(4);
                        java.sql.Date need = rs.getDate(5);
                        lines.add(new Scorecard.CommitLine(rs.getString(1), rs.getString(2), rs.getString(3),
                                committed == null ? null : committed.toLocalDate(), need == null ? null : need.toLocalDate(),
                                rs.getString(6), rs.getInt(7) == 1));
                    }
                }
            }
            // the supplier's flows begun in the period (trace_key by supplier), their inspection and NCR events
            long inspections = 0, accepted = 0, nonconformances = 0;
            try (PreparedStatement query = c.prepareStatement("SELECT s.event_type, s.event_id, MAX(CASE WHEN s.step = '"
                    + flows.decidedStep() + "' AND s.outcome = 'SKIPPED' THEN 1 ELSE 0 END) FROM trace_key k "
                    + "JOIN workflow_step s ON s.correlation_id = k.correlation_id WHERE k.key_name = 'supplier' "
                    + "AND k.key_value = ? AND k.first_seen_at >= ? AND k.first_seen_at < ? AND s.supplier = ? "
                    + "AND s.event_type IN ('" + flows.inspectionEvent() + "', '" + flows.nonconformanceEvent() + "') "
                    + "AND s.event_id IS NOT NULL GROUP BY s.event_type, s.event_id")) {
                query.setString(1, supplier);
                bindPeriod(query, 2, period);
                query.setString(4, supplier);
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        if (flows.inspectionEvent().equals(rs.getString(1))) {
                            inspections++;
                            accepted += rs.getInt(3);
                        } else {
                            nonconformances++;
                        }
                    }
                }
            }
            long scars;
            try (PreparedStatement query = c.prepareStatement("SELECT COUNT(*) FROM quality_containment WHERE supplier = ? "
                    + "AND scar_opened_at >= ? AND scar_opened_at < ?")) {
                query.setString(1, supplier);
                bindPeriod(query, 2, period);
                try (ResultSet rs = query.executeQuery()) {
                    rs.next();
                    scars = rs.getLong(1);
                }
            }
            return new Scorecard.Facts(lines, inspections, inspections - accepted, nonconformances, scars);
        } catch (SQLException e) {
            throw StateStore.failure("Could not read the scorecard of a supplier", e);
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    /** The plant condition, when the period names one: a fixed fragment, its value bound after the period's. */
    private static String plant(KpiPeriod period, String alias) {
        return period.plant() == null ? "" : " AND " + alias + ".plant = ?";
    }

    private static PreparedStatement prepare(Connection c, String sql, KpiPeriod period) throws SQLException {
        PreparedStatement statement = c.prepareStatement(sql);
        bindPeriod(statement, 1, period);
        if (period.plant() != null) {
            statement.setString(3, period.plant());
        }
        return statement;
    }

    private static void bindPeriod(PreparedStatement statement, int first, KpiPeriod period) throws SQLException {
        statement.setObject(first, OffsetDateTime.ofInstant(period.from(), ZoneOffset.UTC));
        statement.setObject(first + 1, OffsetDateTime.ofInstant(period.to(), ZoneOffset.UTC));
    }

    private static Map<String, Long> countBy(Connection c, String sql, KpiPeriod period) throws SQLException {
        Map<String, Long> counts = new HashMap<>();
        try (PreparedStatement query = prepare(c, sql, period); ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
        }
        return counts;
    }

    private static long[] longs(Connection c, String sql, KpiPeriod period) throws SQLException {
        long[] values = new long[64];
        int n = 0;
        try (PreparedStatement query = prepare(c, sql, period); ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                if (n == values.length) {
                    values = Arrays.copyOf(values, n * 2);
                }
                values[n++] = rs.getLong(1);
            }
        }
        return Arrays.copyOf(values, n);
    }

    /** The trailing period ending now, for the gauges. */
    static KpiPeriod trailing(Duration window, Instant now) {
        return new KpiPeriod(now.minus(window), now, null);
    }
}
