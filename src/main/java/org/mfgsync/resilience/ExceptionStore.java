package org.mfgsync.resilience;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.mfgsync.backbone.Ids;
import org.mfgsync.resilience.ExceptionRecord.Attempt;
import org.mfgsync.resilience.ExceptionRecord.Filter;
import org.mfgsync.resilience.ExceptionRecord.Status;
import org.mfgsync.resilience.ResilienceConfig.Decision;

/**
 * Exception records in the state database (tables from V2__exceptions.sql). Every state change is one conditional
 * statement, so replicas racing on the same record (two replays, a replay and a discard) cannot both win.
 */
@ApplicationScoped
public class ExceptionStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, String>> KEYS = new TypeReference<>() {
    };
    private static final String COLUMNS = "id, workflow, step, target, fact_key, correlation_id, event_id, event_type, "
            + "business_keys, source_topic, message_key, payload, error_class, error, decision, status, status_reason, "
            + "attempts, first_seen, last_seen, next_retry_at";

    private final DataSource dataSource;

    @Inject
    public ExceptionStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The outcome of recording a failure: the record's id, and whether this fact failed at this step for the first time. */
    public record Recorded(String id, boolean first, int attempts) {
    }

    /** Records a failure: a new record, or one more attempt on the record of the same step and fact. */
    public Recorded recordFailure(ExceptionRecord failure, OffsetDateTime now, OffsetDateTime nextRetryAt) {
        String id = Ids.randomId();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO mfgsync_exception (id, workflow, step, target, "
                    + "fact_key, correlation_id, event_id, event_type, plant, purchase_order, supplier, item, lot, "
                    + "business_keys, source_topic, message_key, payload, error_class, error, decision, status, attempts, "
                    + "first_seen, last_seen, next_retry_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)")) {
                Map<String, String> keys = failure.businessKeys();
                int i = 1;
                insert.setString(i++, id);
                insert.setString(i++, failure.workflow());
                insert.setString(i++, failure.step());
                insert.setString(i++, failure.target());
                insert.setString(i++, failure.factKey());
                insert.setString(i++, failure.correlationId());
                insert.setString(i++, failure.eventId());
                insert.setString(i++, failure.eventType());
                insert.setString(i++, keys.get("plant"));
                insert.setString(i++, keys.get("purchaseOrder"));
                insert.setString(i++, keys.get("supplier"));
                insert.setString(i++, keys.get("item"));
                insert.setString(i++, keys.get("lot"));
                insert.setString(i++, JSON.writeValueAsString(keys));
                insert.setString(i++, failure.sourceTopic());
                insert.setString(i++, failure.messageKey());
                insert.setString(i++, failure.payload());
                insert.setString(i++, failure.errorClass());
                insert.setString(i++, truncate(failure.error(), 2000));
                insert.setString(i++, failure.decision().name());
                insert.setString(i++, Status.OPEN.name());
                insert.setObject(i++, now);
                insert.setObject(i++, now);
                insert.setObject(i++, nextRetryAt);
                insert.executeUpdate();
                addAttempt(c, id, "FAILED", failure.correlationId(), null, failure.error(), now);
                return new Recorded(id, true, 1);
            } catch (SQLException e) {
                if (!isUniqueViolation(e)) {
                    throw e;
                }
            }
            // the same fact failed at the same step before: one more attempt on its record, open again
            try (PreparedStatement update = c.prepareStatement("UPDATE mfgsync_exception SET attempts = attempts + 1, "
                    + "last_seen = ?, error_class = ?, error = ?, correlation_id = ?, status = ?, status_reason = NULL, "
                    + "next_retry_at = ? WHERE step = ? AND fact_key = ?")) {
                update.setObject(1, now);
                update.setString(2, failure.errorClass());
                update.setString(3, truncate(failure.error(), 2000));
                update.setString(4, failure.correlationId());
                update.setString(5, Status.OPEN.name());
                update.setObject(6, nextRetryAt);
                update.setString(7, failure.step());
                update.setString(8, failure.factKey());
                update.executeUpdate();
            }
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT id, attempts FROM mfgsync_exception WHERE step = ? AND fact_key = ?")) {
                select.setString(1, failure.step());
                select.setString(2, failure.factKey());
                try (ResultSet rs = select.executeQuery()) {
                    rs.next();
                    String existing = rs.getString(1);
                    addAttempt(c, existing, "FAILED", failure.correlationId(), null, failure.error(), now);
                    return new Recorded(existing, false, rs.getInt(2));
                }
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("Could not record the exception of step " + failure.step(), e);
        }
    }

    public Optional<ExceptionRecord> find(String id) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM mfgsync_exception WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(read(rs, true).withHistory(history(c, id)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read exception " + id, e);
        }
    }

    /** Newest first, without payloads. */
    public List<ExceptionRecord> list(Filter filter, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM mfgsync_exception WHERE 1 = 1");
        List<String> args = new ArrayList<>();
        condition(sql, args, "status", filter.status() == null ? null : filter.status().name());
        condition(sql, args, "workflow", filter.workflow());
        condition(sql, args, "supplier", filter.supplier());
        condition(sql, args, "purchase_order", filter.purchaseOrder());
        condition(sql, args, "plant", filter.plant());
        condition(sql, args, "item", filter.item());
        condition(sql, args, "lot", filter.lot());
        sql.append(" ORDER BY last_seen DESC, id");
        try (Connection c = dataSource.getConnection(); PreparedStatement select = c.prepareStatement(sql.toString())) {
            select.setMaxRows(limit);
            for (int i = 0; i < args.size(); i++) {
                select.setString(i + 1, args.get(i));
            }
            List<ExceptionRecord> found = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    found.add(read(rs, false));
                }
            }
            return found;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not list exceptions", e);
        }
    }

    /** OPEN → REPLAYING; false when the record is not open (already replaying, resolved or discarded). */
    public boolean claimForReplay(String id, String correlationId, String actor, OffsetDateTime now) {
        return transition(id, Status.OPEN, Status.REPLAYING, null, "REPLAYED", correlationId, actor, null, now);
    }

    /** REPLAYING → OPEN when the replay could not even be sent. */
    public void replayNotSent(String id, String reason, OffsetDateTime now) {
        transition(id, Status.REPLAYING, Status.OPEN, null, "REPLAY_NOT_SENT", null, null, reason, now);
    }

    /** REPLAYING → RESOLVED: the replayed message went through the step. */
    public boolean resolve(String id, String correlationId, OffsetDateTime now) {
        return transition(id, Status.REPLAYING, Status.RESOLVED, null, "RESOLVED", correlationId, null, null, now);
    }

    /** OPEN → DISCARDED with the operator's reason. */
    public boolean discard(String id, String reason, String actor, OffsetDateTime now) {
        return transition(id, Status.OPEN, Status.DISCARDED, reason, "DISCARDED", null, actor, reason, now);
    }

    public void note(String id, String kind, String correlationId, String detail, OffsetDateTime now) {
        try (Connection c = dataSource.getConnection()) {
            addAttempt(c, id, kind, correlationId, null, detail, now);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not note on exception " + id, e);
        }
    }

    /** Open auto-retry records whose next replay is due and that have attempts left. */
    public List<String> dueForAutoRetry(OffsetDateTime now, int maxAttempts, int limit) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT id FROM mfgsync_exception WHERE status = ? "
                        + "AND decision = ? AND next_retry_at <= ? AND attempts <= ? ORDER BY first_seen, id")) {
            select.setMaxRows(limit);
            select.setString(1, Status.OPEN.name());
            select.setString(2, Decision.AUTO_RETRY.name());
            select.setObject(3, now);
            select.setInt(4, maxAttempts);
            List<String> due = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    due.add(rs.getString(1));
                }
            }
            return due;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not look for due auto-retries", e);
        }
    }

    private boolean transition(String id, Status from, Status to, String reason, String kind, String correlationId,
            String actor, String detail, OffsetDateTime now) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement update = c.prepareStatement(
                        "UPDATE mfgsync_exception SET status = ?, status_reason = ? WHERE id = ? AND status = ?")) {
            update.setString(1, to.name());
            update.setString(2, reason);
            update.setString(3, id);
            update.setString(4, from.name());
            boolean changed = update.executeUpdate() == 1;
            if (changed) {
                addAttempt(c, id, kind, correlationId, actor, detail, now);
            }
            return changed;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not change exception " + id + " to " + to, e);
        }
    }

    private static void condition(StringBuilder sql, List<String> args, String column, String value) {
        if (value != null && !value.isBlank()) {
            sql.append(" AND ").append(column).append(" = ?");
            args.add(value);
        }
    }

    private static void addAttempt(Connection c, String exceptionId, String kind, String correlationId, String actor,
            String detail, OffsetDateTime now) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO mfgsync_exception_attempt "
                + "(id, exception_id, kind, at, correlation_id, actor, detail) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, Ids.randomId());
            insert.setString(2, exceptionId);
            insert.setString(3, kind);
            insert.setObject(4, now);
            insert.setString(5, correlationId);
            insert.setString(6, actor);
            insert.setString(7, truncate(detail, 2000));
            insert.executeUpdate();
        }
    }

    private static List<Attempt> history(Connection c, String id) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT kind, at, correlation_id, actor, detail "
                + "FROM mfgsync_exception_attempt WHERE exception_id = ? ORDER BY at, id")) {
            select.setString(1, id);
            List<Attempt> history = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    history.add(new Attempt(rs.getString(1), rs.getObject(2, OffsetDateTime.class), rs.getString(3),
                            rs.getString(4), rs.getString(5)));
                }
            }
            return history;
        }
    }

    private static ExceptionRecord read(ResultSet rs, boolean withPayload) throws SQLException {
        Map<String, String> keys;
        try {
            String json = rs.getString("business_keys");
            keys = json == null ? Map.of() : JSON.readValue(json, KEYS);
        } catch (JsonProcessingException e) {
            keys = Map.of();
        }
        return new ExceptionRecord(rs.getString("id"), rs.getString("workflow"), rs.getString("step"),
                rs.getString("target"), rs.getString("fact_key"), rs.getString("correlation_id"),
                rs.getString("event_id"), rs.getString("event_type"), keys, rs.getString("source_topic"),
                rs.getString("message_key"), withPayload ? rs.getString("payload") : null, rs.getString("error_class"),
                rs.getString("error"), Decision.valueOf(rs.getString("decision")), Status.valueOf(rs.getString("status")),
                rs.getString("status_reason"), rs.getInt("attempts"), rs.getObject("first_seen", OffsetDateTime.class),
                rs.getObject("last_seen", OffsetDateTime.class), rs.getObject("next_retry_at", OffsetDateTime.class),
                null);
    }

    /** Unique-key violation: SQLState 23505 (H2 and PostgreSQL alike). */
    static boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState());
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
