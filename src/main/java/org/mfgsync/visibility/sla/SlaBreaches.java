package org.mfgsync.visibility.sla;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.mfgsync.canonical.CanonicalJson;
import org.mfgsync.resilience.StateStore;
import org.mfgsync.visibility.sla.SlaBreach.Status;

/**
 * The SLA breaches in the state database (table {@code sla_breach}, V13). A breach is inserted once per kind and
 * subject (the unique constraint decides between replicas), cleared once, and marked published once its events are on
 * Kafka. Every statement binds its values.
 */
@ApplicationScoped
public class SlaBreaches {

    private static final String COLUMNS = "id, kind, subject_key, workflow, expected_step, status, correlation_id, plant, "
            + "business_keys, detail, due_at, raised_at, playbook_decision, published_at, cleared_at, cleared_reason";
    private static final TypeReference<LinkedHashMap<String, String>> KEYS = new TypeReference<>() {
    };
    /** Subjects looked up per statement (bound parameters of an IN list). */
    static final int LOOKUP_CHUNK = 100;

    private final DataSource dataSource;

    @Inject
    public SlaBreaches(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Of these subjects of {@code kind}, the ones that have a breach already (open or cleared). */
    public Set<String> known(String kind, Collection<String> subjects) {
        Set<String> known = new HashSet<>();
        List<String> all = new ArrayList<>(subjects);
        try (Connection c = dataSource.getConnection()) {
            for (int from = 0; from < all.size(); from += LOOKUP_CHUNK) {
                List<String> chunk = all.subList(from, Math.min(all.size(), from + LOOKUP_CHUNK));
                String marks = String.join(", ", Collections.nCopies(chunk.size(), "?"));
                try (PreparedStatement select = c.prepareStatement(
                        "SELECT subject_key FROM sla_breach WHERE kind = ? AND subject_key IN (" + marks + ")")) {
                    select.setString(1, kind);
                    for (int i = 0; i < chunk.size(); i++) {
                        select.setString(i + 2, chunk.get(i));
                    }
                    try (ResultSet rs = select.executeQuery()) {
                        while (rs.next()) {
                            known.add(rs.getString(1));
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw StateStore.failure("Could not read the SLA breaches of " + kind, e);
        }
        return known;
    }

    /** Inserts an OPEN breach; empty when its kind and subject were breached before (here or on another replica). */
    public Optional<SlaBreach> raise(SlaBreach breach) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement insert = c.prepareStatement("INSERT INTO sla_breach (id, kind, subject_key, workflow, "
                        + "expected_step, status, correlation_id, plant, business_keys, detail, due_at, raised_at, "
                        + "playbook_decision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, breach.id());
            insert.setString(2, breach.kind());
            insert.setString(3, breach.subject());
            insert.setString(4, breach.workflow());
            insert.setString(5, breach.expectedStep());
            insert.setString(6, Status.OPEN.name());
            insert.setString(7, breach.correlationId());
            insert.setString(8, breach.plant());
            insert.setString(9, json(breach.businessKeys()));
            insert.setString(10, truncate(breach.detail(), 2000));
            insert.setTimestamp(11, timestamp(breach.dueAt()));
            insert.setTimestamp(12, timestamp(breach.raisedAt()));
            insert.setString(13, breach.playbookDecision());
            insert.executeUpdate();
            return Optional.of(breach);
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                return Optional.empty();
            }
            throw StateStore.failure("Could not record the SLA breach " + breach.kind() + " " + breach.subject(), e);
        }
    }

    /** Clears an OPEN breach; false when it was cleared already. */
    public boolean clear(String id, String reason, OffsetDateTime at) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement update = c.prepareStatement("UPDATE sla_breach SET status = ?, cleared_at = ?, "
                        + "cleared_reason = ? WHERE id = ? AND status = ?")) {
            update.setString(1, Status.CLEARED.name());
            update.setTimestamp(2, timestamp(at));
            update.setString(3, truncate(reason, 500));
            update.setString(4, id);
            update.setString(5, Status.OPEN.name());
            return update.executeUpdate() == 1;
        } catch (SQLException e) {
            throw StateStore.failure("Could not clear the SLA breach " + id, e);
        }
    }

    /** Records that the breach's events are on Kafka. */
    public void published(String id, OffsetDateTime at) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement update = c.prepareStatement("UPDATE sla_breach SET published_at = ? WHERE id = ? "
                        + "AND published_at IS NULL")) {
            update.setTimestamp(1, timestamp(at));
            update.setString(2, id);
            update.executeUpdate();
        } catch (SQLException e) {
            throw StateStore.failure("Could not mark the SLA breach " + id + " published", e);
        }
    }

    /** Breaches raised whose events are not on Kafka yet, oldest first. */
    public List<SlaBreach> unpublished(int limit) {
        return select("SELECT " + COLUMNS + " FROM sla_breach WHERE published_at IS NULL ORDER BY raised_at, id "
                + "FETCH FIRST " + limit + " ROWS ONLY");
    }

    /** Open breaches of {@code kind}, oldest first. */
    public List<SlaBreach> open(String kind, int limit) {
        return select("SELECT " + COLUMNS + " FROM sla_breach WHERE status = ? AND kind = ? ORDER BY raised_at, id "
                + "FETCH FIRST " + limit + " ROWS ONLY", Status.OPEN.name(), kind);
    }

    /**
     * Breaches with {@code status}, of {@code kind} when given: open ones oldest first (the longest late on top),
     * cleared ones most recently cleared first.
     */
    public List<SlaBreach> list(Status status, String kind, int limit) {
        String order = status == Status.OPEN ? " ORDER BY raised_at, id" : " ORDER BY cleared_at DESC, id";
        String page = " FETCH FIRST " + limit + " ROWS ONLY";
        return kind == null
                ? select("SELECT " + COLUMNS + " FROM sla_breach WHERE status = ?" + order + page, status.name())
                : select("SELECT " + COLUMNS + " FROM sla_breach WHERE status = ? AND kind = ?" + order + page,
                        status.name(), kind);
    }

    /** Open breaches per kind (kinds without any are absent). */
    public Map<String, Long> openByKind() {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT kind, COUNT(*) FROM sla_breach WHERE status = ? "
                        + "GROUP BY kind")) {
            select.setString(1, Status.OPEN.name());
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getLong(2));
                }
            }
        } catch (SQLException e) {
            throw StateStore.failure("Could not count the open SLA breaches", e);
        }
        return counts;
    }

    private List<SlaBreach> select(String sql, String... values) {
        List<SlaBreach> found = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement select = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                select.setString(i + 1, values[i]);
            }
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    found.add(breachOf(rs));
                }
            }
        } catch (SQLException e) {
            throw StateStore.failure("Could not read the SLA breaches", e);
        }
        return found;
    }

    private static SlaBreach breachOf(ResultSet rs) throws SQLException {
        return new SlaBreach(rs.getString("id"), rs.getString("kind"), rs.getString("subject_key"), rs.getString("workflow"),
                rs.getString("expected_step"), Status.valueOf(rs.getString("status")), rs.getString("correlation_id"),
                rs.getString("plant"), keys(rs.getString("business_keys")), rs.getString("detail"), time(rs, "due_at"),
                time(rs, "raised_at"), rs.getString("playbook_decision"), time(rs, "published_at"), time(rs, "cleared_at"),
                rs.getString("cleared_reason"));
    }

    private static OffsetDateTime time(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant().atOffset(ZoneOffset.UTC);
    }

    private static Timestamp timestamp(OffsetDateTime time) {
        return time == null ? null : Timestamp.from(time.toInstant());
    }

    private static String json(Map<String, String> keys) {
        try {
            return CanonicalJson.MAPPER.writeValueAsString(keys == null ? Map.of() : keys);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("business keys not writable as JSON", e);
        }
    }

    private static Map<String, String> keys(String json) throws SQLException {
        try {
            return CanonicalJson.MAPPER.readValue(json, KEYS);
        } catch (JsonProcessingException e) {
            throw new SQLException("business_keys of an SLA breach is not a JSON object", e);
        }
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
