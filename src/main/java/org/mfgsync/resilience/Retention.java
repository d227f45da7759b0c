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
        deleted.put("claims", chunked("CAMEL_MESSAGEPROCESSED", "state = 'DONE' AND createdAt < ?", now.minus(config.claims())));
        deleted.put("trace", chunked("workflow_step", "recorded_at < ?", now.minus(config.trace())));
        // the trace's business-key index ages with the trace: a key first seen before its retention finds no step
        deleted.put("traceKeys", chunked("trace_key", "first_seen_at < ?", now.minus(config.trace())));
        deleted.put("exceptions", chunked("mfgsync_exception", "status IN ('RESOLVED', 'DISCARDED') AND last_seen < ?",
                now.minus(config.exceptions())));
        deleted.put("audit", chunked("audit_log", "occurred_at < ?", now.minus(config.audit())));
        // the facts of KPIs and scorecards (V14) are kept as long as the audit log: a year's scorecards
        deleted.put("supplierCommitLines", chunked("supplier_commit_line", "received_at < ?", now.minus(config.audit())));
        deleted.put("duplicateTally", chunked("duplicate_suppressed", "hour_start < ?", now.minus(config.audit())));
        deleted.forEach((table, rows) -> meters.counter("mfgsync.retention.purged", "table", table).increment(rows));
        LOG.infof("Retention purge claims=%d trace=%d traceKeys=%d exceptions=%d audit=%d", deleted.get("claims"),
                deleted.get("trace"), deleted.get("traceKeys"), deleted.get("exceptions"), deleted.get("audit"));
        return deleted;
    }

    /**
     * Deletes the rows of {@code table} matching {@code condition} (one time parameter) a chunk at a time, each chunk
     * found through the condition's index. Not {@code (key columns) IN (SELECT ... FETCH FIRST n)}: H2 evaluates a
     * row-value IN subquery once per row of the outer table, which made one purge round of a busy trace_key table take
     * minutes of CPU. H2 deletes a chunk with {@code DELETE ... FETCH FIRST}; PostgreSQL, which has no limit on DELETE,
     * by the physical row ids of the chunk.
     */
    private long chunked(String table, String condition, OffsetDateTime olderThan) {
        long total = 0;
        try (Connection c = dataSource.getConnection()) {
            String sql = "PostgreSQL".equals(c.getMetaData().getDatabaseProductName())
                    ? "DELETE FROM " + table + " WHERE ctid IN (SELECT ctid FROM " + table + " WHERE " + condition
                            + " LIMIT " + config.chunk() + ")"
                    : "DELETE FROM " + table + " WHERE " + condition + " FETCH FIRST " + config.chunk() + " ROWS ONLY";
            try (PreparedStatement delete = c.prepareStatement(sql)) {
                int deleted;
                do {
                    delete.setObject(1, olderThan);
                    deleted = delete.executeUpdate();
                    total += deleted;
                } while (deleted == config.chunk());
            }
        } catch (SQLException e) {
            throw StateStore.failure("Could not purge old rows of " + table, e);
        }
        return total;
    }
}
