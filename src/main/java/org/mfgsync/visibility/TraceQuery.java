package org.mfgsync.visibility;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import javax.sql.DataSource;

import com.fasterxml.jackson.annotation.JsonInclude;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Reads the process trace by flow: finds flows by business key in {@code trace_key} (one index range per key, newest
 * first, joined on the flow for each further key) or by correlation id, then loads each flow's keys, its steps from
 * {@code workflow_step} and the exception records of its correlation id (their own, or a replay's). Every value is a
 * bound parameter; key names come from {@link TraceSearch#KEY_PARAMETERS}. Plain JDBC, so {@code make bench-trace}
 * measures this very class against PostgreSQL.
 */
@ApplicationScoped
public class TraceQuery {

    /** One flow (correlation id) with its timeline. */
    @RegisterForReflection
    public record Flow(String correlationId, List<String> workflows, Map<String, List<String>> businessKeys,
            OffsetDateTime firstAt, OffsetDateTime lastAt, Summary summary, List<Step> steps, boolean stepsTruncated,
            List<ExceptionLink> exceptions) {
    }

    /** How a flow stands: steps per outcome, SLA breaches, exceptions not yet closed. */
    @RegisterForReflection
    public record Summary(int steps, Map<String, Integer> outcomes, int slaBreaches, int openExceptions) {
    }

    /** One step of a flow's timeline. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Step(String workflow, String step, String outcome, String target, String eventType, String eventId,
            String detail, OffsetDateTime recordedAt, Long elapsedMillis, Long slaMillis, boolean slaBreached) {
    }

    /** An exception record of the flow, as the exception API shows it in full at {@code /api/v1/exceptions/{id}}. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ExceptionLink(String id, String workflow, String step, String target, String errorClass, String error,
            String decision, String status, int attempts, OffsetDateTime firstSeen, OffsetDateTime lastSeen) {
    }

    /** A page of flows, newest first; {@code more} when a further page has flows. */
    @RegisterForReflection
    public record Page(int page, int size, boolean more, List<Flow> flows) {
    }

    static final String STEP_COLUMNS = "workflow, step, outcome, target, event_type, event_id, detail, recorded_at, "
            + "elapsed_millis, sla_millis, sla_breached";

    private final DataSource dataSource;
    private final int maxStepsPerFlow;
    private final int maxKeysPerFlow;

    @Inject
    public TraceQuery(DataSource dataSource, TraceConfig config) {
        this(dataSource, config.maxStepsPerFlow(), config.maxKeysPerFlow());
    }

    public TraceQuery(DataSource dataSource, int maxStepsPerFlow, int maxKeysPerFlow) {
        this.dataSource = dataSource;
        this.maxStepsPerFlow = maxStepsPerFlow;
        this.maxKeysPerFlow = maxKeysPerFlow;
    }

    /** The flows matching every key of the search (and its correlation id, if given), newest first. */
    public Page search(TraceSearch search) {
        try (Connection c = dataSource.getConnection()) {
            List<String> ids = search.keys().isEmpty() ? byCorrelationId(c, search.correlationId())
                    : byKeys(c, search);
            boolean more = ids.size() > search.size();
            return new Page(search.page(), search.size(), more, load(c, more ? ids.subList(0, search.size()) : ids));
        } catch (SQLException e) {
            throw new IllegalStateException("Could not search the trace", e);
        }
    }

    /** One flow, whatever its time; empty when the trace has no step of it. */
    public Optional<Flow> find(String correlationId) {
        try (Connection c = dataSource.getConnection()) {
            return load(c, List.of(correlationId)).stream().findFirst();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the trace of a flow", e);
        }
    }

    /**
     * A correlation id alone names one flow: its own window is its steps, so the search's window does not apply
     * (as {@code GET /api/v1/traces/{correlationId}}).
     */
    private static List<String> byCorrelationId(Connection c, String correlationId) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "SELECT correlation_id FROM workflow_step WHERE correlation_id = ? FETCH FIRST 1 ROWS ONLY")) {
            select.setString(1, correlationId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? List.of(rs.getString(1)) : List.of();
            }
        }
    }

    /**
     * The first key is the index range (key, value, window) in first-seen order; each further key (and a correlation
     * id) is one primary-key probe of the same flow. One row more than the page tells whether there is a next page.
     */
    private static List<String> byKeys(Connection c, TraceSearch search) throws SQLException {
        List<Map.Entry<String, String>> keys = new ArrayList<>(search.keys().entrySet());
        StringBuilder sql = new StringBuilder("SELECT k0.correlation_id, k0.first_seen_at FROM trace_key k0");
        for (int i = 1; i < keys.size(); i++) {
            sql.append(" JOIN trace_key k").append(i).append(" ON k").append(i).append(".correlation_id = k0.correlation_id AND k")
                    .append(i).append(".key_name = ? AND k").append(i).append(".key_value = ?");
        }
        sql.append(" WHERE k0.key_name = ? AND k0.key_value = ? AND k0.first_seen_at >= ? AND k0.first_seen_at < ?");
        if (search.correlationId() != null) {
            sql.append(" AND k0.correlation_id = ?");
        }
        // the lookup index read backwards, to the last column: no sort
        sql.append(" ORDER BY k0.first_seen_at DESC, k0.correlation_id DESC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY");
        try (PreparedStatement select = c.prepareStatement(sql.toString())) {
            int p = 1;
            for (int i = 1; i < keys.size(); i++) {
                select.setString(p++, keys.get(i).getKey());
                select.setString(p++, keys.get(i).getValue());
            }
            select.setString(p++, keys.get(0).getKey());
            select.setString(p++, keys.get(0).getValue());
            // as OffsetDateTime: compared as instants whatever the session's or the JVM's time zone
            select.setObject(p++, search.from().atOffset(ZoneOffset.UTC));
            select.setObject(p++, search.to().atOffset(ZoneOffset.UTC));
            if (search.correlationId() != null) {
                select.setString(p++, search.correlationId());
            }
            select.setLong(p++, (long) search.page() * search.size());
            select.setInt(p, search.size() + 1);
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        }
    }

    /**
     * The flows of a page, in the page's order, each with its keys, steps and exception records: three statements for
     * the whole page (a flow's steps and keys capped per flow by ROW_NUMBER), not three per flow.
     */
    private List<Flow> load(Connection c, List<String> ids) throws SQLException {
        if (ids.isEmpty()) {
            return List.of();
        }
        String in = String.join(", ", java.util.Collections.nCopies(ids.size(), "?"));
        Map<String, List<Step>> steps = new HashMap<>();
        try (PreparedStatement select = c.prepareStatement("SELECT correlation_id, " + STEP_COLUMNS + " FROM (SELECT "
                + "correlation_id, id, " + STEP_COLUMNS + ", ROW_NUMBER() OVER (PARTITION BY correlation_id ORDER BY recorded_at, id) "
                + "AS n FROM workflow_step WHERE correlation_id IN (" + in + ")) s WHERE n <= ? ORDER BY correlation_id, n")) {
            int p = bind(select, 1, ids);
            select.setInt(p, maxStepsPerFlow + 1);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    steps.computeIfAbsent(rs.getString("correlation_id"), id -> new ArrayList<>()).add(step(rs));
                }
            }
        }
        Map<String, Map<String, List<String>>> keys = new HashMap<>();
        try (PreparedStatement select = c.prepareStatement("SELECT correlation_id, key_name, key_value FROM (SELECT correlation_id, "
                + "key_name, key_value, ROW_NUMBER() OVER (PARTITION BY correlation_id ORDER BY key_name, key_value) AS n "
                + "FROM trace_key WHERE correlation_id IN (" + in + ")) s WHERE n <= ? ORDER BY correlation_id, n")) {
            int p = bind(select, 1, ids);
            select.setInt(p, maxKeysPerFlow);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    keys.computeIfAbsent(rs.getString(1), id -> new TreeMap<>()).computeIfAbsent(rs.getString(2),
                            name -> new ArrayList<>()).add(rs.getString(3));
                }
            }
        }
        Map<String, Map<String, ExceptionLink>> exceptions = exceptions(c, ids, in);

        List<Flow> flows = new ArrayList<>();
        for (String id : ids) {
            List<Step> timeline = steps.get(id);
            if (timeline == null) {
                continue;
            }
            boolean truncated = timeline.size() > maxStepsPerFlow;
            if (truncated) {
                timeline = timeline.subList(0, maxStepsPerFlow);
            }
            List<ExceptionLink> linked = List.copyOf(exceptions.getOrDefault(id, Map.of()).values());
            LinkedHashSet<String> workflows = new LinkedHashSet<>();
            Map<String, Integer> outcomes = new TreeMap<>();
            int breaches = 0;
            for (Step step : timeline) {
                workflows.add(step.workflow());
                outcomes.merge(step.outcome(), 1, Integer::sum);
                breaches += step.slaBreached() ? 1 : 0;
            }
            int open = (int) linked.stream().filter(e -> "OPEN".equals(e.status()) || "REPLAYING".equals(e.status())).count();
            flows.add(new Flow(id, List.copyOf(workflows), keys.getOrDefault(id, Map.of()), timeline.get(0).recordedAt(),
                    timeline.get(timeline.size() - 1).recordedAt(), new Summary(timeline.size(), outcomes, breaches, open),
                    timeline, truncated, linked));
        }
        return flows;
    }

    /** Per flow, its exception records: those of its correlation id, and those replayed under it. */
    private static Map<String, Map<String, ExceptionLink>> exceptions(Connection c, List<String> ids, String in)
            throws SQLException {
        String columns = "e.id, e.workflow, e.step, e.target, e.error_class, e.error, e.decision, e.status, e.attempts, "
                + "e.first_seen, e.last_seen";
        Map<String, Map<String, ExceptionLink>> found = new HashMap<>();
        try (PreparedStatement select = c.prepareStatement("SELECT e.correlation_id AS flow, " + columns
                + " FROM mfgsync_exception e WHERE e.correlation_id IN (" + in + ") UNION ALL SELECT a.correlation_id AS flow, "
                + columns + " FROM mfgsync_exception_attempt a JOIN mfgsync_exception e ON e.id = a.exception_id "
                + "WHERE a.correlation_id IN (" + in + ") ORDER BY 11, 2")) {
            bind(select, bind(select, 1, ids), ids);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    found.computeIfAbsent(rs.getString("flow"), id -> new LinkedHashMap<>()).putIfAbsent(rs.getString("id"),
                            new ExceptionLink(rs.getString("id"), rs.getString("workflow"), rs.getString("step"),
                                    rs.getString("target"), rs.getString("error_class"), rs.getString("error"),
                                    rs.getString("decision"), rs.getString("status"), rs.getInt("attempts"),
                                    rs.getObject("first_seen", OffsetDateTime.class), rs.getObject("last_seen", OffsetDateTime.class)));
                }
            }
        }
        return found;
    }

    /** Binds the ids from parameter {@code first} on; answers the next parameter's index. */
    private static int bind(PreparedStatement statement, int first, List<String> ids) throws SQLException {
        int p = first;
        for (String id : ids) {
            statement.setString(p++, id);
        }
        return p;
    }

    private static Step step(ResultSet rs) throws SQLException {
        return new Step(rs.getString("workflow"), rs.getString("step"), rs.getString("outcome"), rs.getString("target"),
                rs.getString("event_type"), rs.getString("event_id"), rs.getString("detail"),
                rs.getObject("recorded_at", OffsetDateTime.class), longOrNull(rs, "elapsed_millis"),
                longOrNull(rs, "sla_millis"), rs.getBoolean("sla_breached"));
    }

    private static Long longOrNull(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
