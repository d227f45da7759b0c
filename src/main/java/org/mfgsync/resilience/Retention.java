package org.mfgsync.resilience;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * The retention purge ({@code mfgsync.retention.*}): deletes DONE claims, trace rows, closed exception records and
 * audit rows older than their retention, in chunks. It runs on one instance at a time (cluster lease
 * {@value #LEASE}); the other replicas skip their turn.
 */
@ApplicationScoped
@Named("retention")
public class Retention {

    static final String LEASE = "retention-purge";
    private static final Logger LOG = Logger.getLogger("org.mfgsync.resilience");

    private final DataSource dataSource;
    private final ClusterLeases leases;
    private final RetentionConfig config;
    private final MeterRegistry meters;
    private final Clock clock;

    @Inject
    public Retention(DataSource dataSource, ClusterLeases leases, RetentionConfig config, MeterRegistry meters) {
        this(dataSource, leases, config, meters, Clock.systemUTC());
    }

    Retention(DataSource dataSource, ClusterLeases leases, RetentionConfig config, MeterRegistry meters, Clock clock) {
        this.dataSource = dataSource;
        this.leases = leases;
        this.config = config;
        this.meters = meters;
        this.clock = clock;
    }

    /** Timer step: purges when this instance holds the purge lease; answers the rows deleted per table (empty if not). */
    public Map<String, Long> purge() {
        // held a little longer than a period, so the holder keeps it while it runs on schedule
        if (!leases.tryHold(LEASE, config.period().plus(config.period().dividedBy(2)))) {
            return Map.of();
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        Map<String, Long> deleted = new LinkedHashMap<>();
        deleted.put("claims", chunked("DELETE FROM CAMEL_MESSAGEPROCESSED WHERE (processorName, messageId) IN (SELECT "
                + "processorName, messageId FROM CAMEL_MESSAGEPROCESSED WHERE state = 'DONE' AND createdAt < ? "
                + "FETCH FIRST %d ROWS ONLY)", now.minus(config.claims())));
        deleted.put("trace", chunked("DELETE FROM workflow_step WHERE id IN (SELECT id FROM workflow_step WHERE "
                + "recorded_at < ? FETCH FIRST %d ROWS ONLY)", now.minus(config.trace())));
        // the trace's business-key index ages with the trace: a key first seen before its retention finds no step
        deleted.put("traceKeys", chunked("DELETE FROM trace_key WHERE (correlation_id, key_name, key_value) IN (SELECT "
                + "correlation_id, key_name, key_value FROM trace_key WHERE first_seen_at < ? FETCH FIRST %d ROWS ONLY)",
                now.minus(config.trace())));
        deleted.put("exceptions", chunked("DELETE FROM mfgsync_exception WHERE id IN (SELECT id FROM mfgsync_exception "
                + "WHERE status IN ('RESOLVED', 'DISCARDED') AND last_seen < ? FETCH FIRST %d ROWS ONLY)",
                now.minus(config.exceptions())));
        deleted.put("audit", chunked("DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE occurred_at < ? "
                + "FETCH FIRST %d ROWS ONLY)", now.minus(config.audit())));
        // the facts of KPIs and scorecards (V14) are kept as long as the audit log: a year's scorecards
        deleted.put("supplierCommitLines", chunked("DELETE FROM supplier_commit_line WHERE (commit_key, po_line) IN (SELECT "
                + "commit_key, po_line FROM supplier_commit_line WHERE received_at < ? FETCH FIRST %d ROWS ONLY)",
                now.minus(config.audit())));
        deleted.put("duplicateTally", chunked("DELETE FROM duplicate_suppressed WHERE (hour_start, step) IN (SELECT "
                + "hour_start, step FROM duplicate_suppressed WHERE hour_start < ? FETCH FIRST %d ROWS ONLY)",
                now.minus(config.audit())));
        deleted.forEach((table, rows) -> meters.counter("mfgsync.retention.purged", "table", table).increment(rows));
        LOG.infof("Retention purge claims=%d trace=%d traceKeys=%d exceptions=%d audit=%d", deleted.get("claims"),
                deleted.get("trace"), deleted.get("traceKeys"), deleted.get("exceptions"), deleted.get("audit"));
        return deleted;
    }

    private long chunked(String sqlTemplate, OffsetDateTime olderThan) {
        String sql = String.format(sqlTemplate, config.chunk());
        long total = 0;
        try (Connection c = dataSource.getConnection(); PreparedStatement delete = c.prepareStatement(sql)) {
            int deleted;
            do {
                delete.setObject(1, olderThan);
                deleted = delete.executeUpdate();
                total += deleted;
            } while (deleted == config.chunk());
        } catch (SQLException e) {
            throw StateStore.failure("Could not purge old rows", e);
        }
        return total;
    }
}
