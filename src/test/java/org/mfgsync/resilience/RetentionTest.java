package org.mfgsync.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mfgsync.testing.StateDatabase;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class RetentionTest {

    static final OffsetDateTime NOW = OffsetDateTime.of(2026, 12, 6, 12, 0, 0, 0, ZoneOffset.UTC);

    DataSource db;

    @BeforeEach
    void freshDatabase() throws Exception {
        db = StateDatabase.create();
    }

    @Test
    void shouldPurgeOnlyDoneClaimsAndClosedExceptionsOlderThanTheirRetention() throws Exception {
        claim("old-done", "DONE", NOW.minusDays(31));
        claim("old-pending", "PENDING", NOW.minusDays(31));
        claim("young-done", "DONE", NOW.minusDays(29));
        exception("e-old-resolved", "RESOLVED", NOW.minusDays(91));
        exception("e-old-open", "OPEN", NOW.minusDays(91));
        exception("e-young-resolved", "RESOLVED", NOW.minusDays(89));

        var deleted = retention(new ClusterLeases(db, java.time.Clock.fixed(NOW.toInstant(), ZoneOffset.UTC))).purge();

        assertThat(deleted).containsEntry("claims", 1L).containsEntry("exceptions", 1L);
        assertThat(count("SELECT COUNT(*) FROM CAMEL_MESSAGEPROCESSED")).isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM mfgsync_exception WHERE id = 'e-old-open'")).as("open work is never purged").isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM mfgsync_exception")).isEqualTo(2);
    }

    @Test
    void shouldPurgeTraceKeysFirstSeenBeforeTheTracesRetention() throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement insert = c.prepareStatement(
                "INSERT INTO trace_key (correlation_id, key_name, key_value, first_seen_at) VALUES (?, 'lot', ?, ?)")) {
            for (int days : new int[] { 91, 92, 89 }) {
                insert.setString(1, "corr-" + days);
                insert.setString(2, "L-" + days);
                insert.setObject(3, NOW.minusDays(days));
                insert.executeUpdate();
            }
        }

        var deleted = retention(new ClusterLeases(db, java.time.Clock.fixed(NOW.toInstant(), ZoneOffset.UTC))).purge();

        assertThat(deleted).containsEntry("traceKeys", 2L);
        assertThat(count("SELECT COUNT(*) FROM trace_key WHERE correlation_id = 'corr-89'")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM trace_key")).isEqualTo(1);
    }

    @Test
    void shouldRunOnOneInstanceAtATime() throws Exception {
        ClusterLeases leases = new ClusterLeases(db, java.time.Clock.fixed(NOW.toInstant(), ZoneOffset.UTC));
        try (Connection c = db.getConnection(); PreparedStatement insert = c.prepareStatement(
                "INSERT INTO mfgsync_cluster_lease (name, owner, lease_until) VALUES (?, ?, ?)")) {
            insert.setString(1, Retention.LEASE);
            insert.setString(2, "another-replica");
            insert.setObject(3, NOW.plusMinutes(30));
            insert.executeUpdate();
        }
        claim("old-done", "DONE", NOW.minusDays(31));

        assertThat(retention(leases).purge()).as("the other replica holds the purge").isEmpty();
        assertThat(count("SELECT COUNT(*) FROM CAMEL_MESSAGEPROCESSED")).isEqualTo(1);

        ClusterLeases later = new ClusterLeases(db, java.time.Clock.fixed(NOW.plusMinutes(31).toInstant(), ZoneOffset.UTC));
        assertThat(retention(later).purge()).as("its lease ran out: taken over").containsEntry("claims", 1L);
    }

    Retention retention(ClusterLeases leases) {
        RetentionConfig config = new RetentionConfig() {
            public Duration period() { return Duration.ofHours(1); }
            public Duration claims() { return Duration.ofDays(30); }
            public Duration trace() { return Duration.ofDays(90); }
            public Duration exceptions() { return Duration.ofDays(90); }
            public Duration audit() { return Duration.ofDays(365); }
            public int chunk() { return 1; }
        };
        return new Retention(db, leases, config, new SimpleMeterRegistry(),
                java.time.Clock.fixed(NOW.toInstant(), ZoneOffset.UTC));
    }

    void claim(String key, String state, OffsetDateTime createdAt) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement insert = c.prepareStatement("INSERT INTO CAMEL_MESSAGEPROCESSED "
                + "(processorName, messageId, createdAt, state, leaseUntil, owner) VALUES ('s', ?, ?, ?, ?, 'o')")) {
            insert.setString(1, key);
            insert.setObject(2, createdAt);
            insert.setString(3, state);
            insert.setObject(4, state.equals("DONE") ? null : createdAt.plusMinutes(5));
            insert.executeUpdate();
        }
    }

    void exception(String id, String status, OffsetDateTime lastSeen) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement insert = c.prepareStatement("INSERT INTO mfgsync_exception "
                + "(id, workflow, step, fact_key, error_class, error, decision, status, attempts, first_seen, last_seen) "
                + "VALUES (?, 'w', 's', ?, 'unexpected', 'e', 'MANUAL_REVIEW', ?, 1, ?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, id);
            insert.setString(3, status);
            insert.setObject(4, lastSeen);
            insert.setObject(5, lastSeen);
            insert.executeUpdate();
        }
    }

    long count(String sql) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement select = c.prepareStatement(sql); ResultSet rs = select.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
