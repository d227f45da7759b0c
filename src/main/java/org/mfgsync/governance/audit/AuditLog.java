package org.mfgsync.governance.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The append-only audit log in the state database ({@code audit_log}): who did what, when, to what, with what
 * outcome. Entries are only ever inserted; there is no update or delete.
 */
@ApplicationScoped
@Named("auditLog")
public class AuditLog {

    /** One audit record. {@code details} is free text, usually JSON. */
    @RegisterForReflection
    public record Entry(Instant occurredAt, String actor, String action, String subject, String outcome,
            String correlationId, String details) {
    }

    private final DataSource dataSource;

    public AuditLog(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void record(Entry entry) {
        String sql = "INSERT INTO audit_log (occurred_at, actor, action, subject, outcome, correlation_id, details)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(sql)) {
            insert.setObject(1, OffsetDateTime.ofInstant(entry.occurredAt(), ZoneOffset.UTC));
            insert.setString(2, truncate(entry.actor(), 200));
            insert.setString(3, truncate(entry.action(), 100));
            insert.setString(4, truncate(entry.subject(), 1000));
            insert.setString(5, truncate(entry.outcome(), 50));
            insert.setString(6, truncate(entry.correlationId(), 100));
            insert.setString(7, entry.details());
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not write the audit log", e);
        }
    }

    /** The newest entries of one action, newest first. */
    public List<Entry> recent(String action, int limit) {
        String sql = "SELECT occurred_at, actor, action, subject, outcome, correlation_id, details FROM audit_log"
                + " WHERE action = ? ORDER BY id DESC FETCH FIRST ? ROWS ONLY";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, action);
            query.setInt(2, limit);
            List<Entry> entries = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    Timestamp at = rows.getTimestamp(1);
                    entries.add(new Entry(at.toInstant(), rows.getString(2), rows.getString(3), rows.getString(4),
                            rows.getString(5), rows.getString(6), rows.getString(7)));
                }
            }
            return entries;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the audit log", e);
        }
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
