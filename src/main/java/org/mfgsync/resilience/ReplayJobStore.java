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

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Replay jobs in the state database (V15__replay_jobs.sql). Every change of state is one conditional statement, so
 * replicas working the same job (each runs the worker) never take the same record: a record is taken only while it
 * is PENDING (or RUNNING under a lease that ran out) and only while its job is RUNNING. The job's and its records'
 * shapes are defined here, with the store that keeps them; {@link ReplayJobs} works them.
 */
@ApplicationScoped
public class ReplayJobStore {

    public enum JobStatus {
        RUNNING, STOPPED, DONE
    }

    public enum ItemState {
        PENDING, RUNNING, DONE
    }

    /** What became of one record of a job (or, in a dry run, what would). */
    public enum Outcome {
        /** put back on its topic; the exception record resolves when it went through */
        REPLAYED,
        /** not sent: the failed step's claim on its key is done, the effect happened already */
        DUPLICATE,
        /** not sent: the record was no longer OPEN (replayed, resolved or discarded meanwhile) */
        SKIPPED,
        /** not sent: the record has no topic or original message to replay, or no longer exists */
        NOT_REPLAYABLE,
        /** sending failed; the record is OPEN again */
        FAILED
    }

    /** A job; {@code items} only when one job is read. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Job(String id, JobStatus status, Map<String, String> filter, String createdBy, OffsetDateTime createdAt,
            OffsetDateTime updatedAt, long paceMillis, int total, int done, Map<String, Integer> outcomes, List<Item> items) {
    }

    /** One record of a job, with its exception record's status now (REPLAYING until it went through, then RESOLVED). */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(int position, String exceptionId, String target, String step, Map<String, String> businessKeys,
            ItemState state, Outcome outcome, String detail, String correlationId, OffsetDateTime doneAt,
            String exceptionStatus) {
    }


    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, String>> KEYS = new TypeReference<>() {
    };
    private static final String JOB_COLUMNS = "id, status, filter_json, created_by, created_at, updated_at, pace_millis, total";

    private final DataSource dataSource;

    @Inject
    public ReplayJobStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Creates a RUNNING job over the given records (in that order), in one transaction. */
    public void create(String id, Map<String, String> filter, String createdBy, long paceMillis, List<ExceptionRecord> records,
            OffsetDateTime now) {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO mfgsync_replay_job (id, status, filter_json, "
                        + "created_by, created_at, updated_at, pace_millis, next_at, total) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    insert.setString(1, id);
                    insert.setString(2, JobStatus.RUNNING.name());
                    insert.setString(3, truncate(JSON.writeValueAsString(filter), 2000));
                    insert.setString(4, truncate(createdBy, 200));
                    insert.setObject(5, now);
                    insert.setObject(6, now);
                    insert.setLong(7, paceMillis);
                    insert.setObject(8, now);
                    insert.setInt(9, records.size());
                    insert.executeUpdate();
                }
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO mfgsync_replay_job_item (job_id, seq, "
                        + "exception_id, target, step, business_keys, state) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                    int seq = 0;
                    for (ExceptionRecord record : records) {
                        insert.setString(1, id);
                        insert.setInt(2, seq++);
                        insert.setString(3, record.id());
                        insert.setString(4, record.target());
                        insert.setString(5, record.step());
                        insert.setString(6, truncate(JSON.writeValueAsString(record.businessKeys()), 4000));
                        insert.setString(7, ItemState.PENDING.name());
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
                c.commit();
            } catch (SQLException | JsonProcessingException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw StateStore.failure("Could not create replay job " + id, e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write replay job " + id, e);
        }
    }

    /** The job with its records and each record's exception status now. */
    public Optional<Job> find(String id) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT " + JOB_COLUMNS + " FROM mfgsync_replay_job WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(job(rs, items(c, id)));
            }
        } catch (SQLException e) {
            throw StateStore.failure("Could not read replay job " + id, e);
        }
    }

    /** The newest jobs, without their records. */
    public List<Job> recent(int limit) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT " + JOB_COLUMNS
                        + " FROM mfgsync_replay_job ORDER BY created_at DESC, id")) {
            select.setMaxRows(limit);
            List<Job> jobs = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    jobs.add(job(rs, null));
                }
            }
            return jobs;
        } catch (SQLException e) {
            throw StateStore.failure("Could not list replay jobs", e);
        }
    }

    /** from → to; false when the job is not in {@code from}. */
    public boolean transition(String id, JobStatus from, JobStatus to, OffsetDateTime now) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement update = c.prepareStatement(
                        "UPDATE mfgsync_replay_job SET status = ?, updated_at = ?, next_at = ? WHERE id = ? AND status = ?")) {
            update.setString(1, to.name());
            update.setObject(2, now);
            update.setObject(3, now);
            update.setString(4, id);
            update.setString(5, from.name());
            return update.executeUpdate() == 1;
        } catch (SQLException e) {
            throw StateStore.failure("Could not change replay job " + id + " to " + to, e);
        }
    }

    /** RUNNING jobs whose next record is due, the longest waiting first. */
    public List<Due> due(OffsetDateTime now) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT id, pace_millis, created_by FROM mfgsync_replay_job "
                        + "WHERE status = ? AND next_at <= ? ORDER BY next_at, id")) {
            select.setMaxRows(20);
            select.setString(1, JobStatus.RUNNING.name());
            select.setObject(2, now);
            List<Due> due = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    due.add(new Due(rs.getString(1), rs.getLong(2), rs.getString(3)));
                }
            }
            return due;
        } catch (SQLException e) {
            throw StateStore.failure("Could not look for due replay jobs", e);
        }
    }

    /** A RUNNING job whose next record may be replayed now. */
    public record Due(String id, long paceMillis, String createdBy) {
    }

    /** A record this instance took: replay it, then {@link #finish} it. */
    public record Taken(String jobId, int seq, String exceptionId, String step, int total) {
    }

    /**
     * Takes the job's next record (PENDING, or RUNNING under a lease that ran out), only while the job is RUNNING;
     * empty when none is left or another instance took it first.
     */
    public Optional<Taken> takeNext(String jobId, String owner, OffsetDateTime now, OffsetDateTime leaseUntil) {
        try (Connection c = dataSource.getConnection()) {
            Integer seq = null;
            String exceptionId = null;
            String step = null;
            try (PreparedStatement select = c.prepareStatement("SELECT seq, exception_id, step FROM mfgsync_replay_job_item "
                    + "WHERE job_id = ? AND (state = ? OR (state = ? AND lease_until < ?)) ORDER BY seq")) {
                select.setMaxRows(1);
                select.setString(1, jobId);
                select.setString(2, ItemState.PENDING.name());
                select.setString(3, ItemState.RUNNING.name());
                select.setObject(4, now);
                try (ResultSet rs = select.executeQuery()) {
                    if (rs.next()) {
                        seq = rs.getInt(1);
                        exceptionId = rs.getString(2);
                        step = rs.getString(3);
                    }
                }
            }
            if (seq == null) {
                return Optional.empty();
            }
            try (PreparedStatement update = c.prepareStatement("UPDATE mfgsync_replay_job_item SET state = ?, owner = ?, "
                    + "lease_until = ? WHERE job_id = ? AND seq = ? AND (state = ? OR (state = ? AND lease_until < ?)) "
                    + "AND EXISTS (SELECT 1 FROM mfgsync_replay_job j WHERE j.id = ? AND j.status = ?)")) {
                update.setString(1, ItemState.RUNNING.name());
                update.setString(2, owner);
                update.setObject(3, leaseUntil);
                update.setString(4, jobId);
                update.setInt(5, seq);
                update.setString(6, ItemState.PENDING.name());
                update.setString(7, ItemState.RUNNING.name());
                update.setObject(8, now);
                update.setString(9, jobId);
                update.setString(10, JobStatus.RUNNING.name());
                if (update.executeUpdate() != 1) {
                    return Optional.empty();
                }
            }
            int total;
            try (PreparedStatement select = c.prepareStatement("SELECT total FROM mfgsync_replay_job WHERE id = ?")) {
                select.setString(1, jobId);
                try (ResultSet rs = select.executeQuery()) {
                    rs.next();
                    total = rs.getInt(1);
                }
            }
            return Optional.of(new Taken(jobId, seq, exceptionId, step, total));
        } catch (SQLException e) {
            throw StateStore.failure("Could not take the next record of replay job " + jobId, e);
        }
    }

    /** Records the outcome of a record this instance took, and when the job's next record is due. */
    public void finish(Taken taken, String owner, Outcome outcome, String detail, String correlationId, OffsetDateTime now,
            OffsetDateTime nextAt) {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement update = c.prepareStatement("UPDATE mfgsync_replay_job_item SET state = ?, outcome = ?, "
                    + "detail = ?, correlation_id = ?, done_at = ?, lease_until = NULL WHERE job_id = ? AND seq = ? "
                    + "AND state = ? AND owner = ?")) {
                update.setString(1, ItemState.DONE.name());
                update.setString(2, outcome.name());
                update.setString(3, truncate(detail, 2000));
                update.setString(4, truncate(correlationId, 100));
                update.setObject(5, now);
                update.setString(6, taken.jobId());
                update.setInt(7, taken.seq());
                update.setString(8, ItemState.RUNNING.name());
                update.setString(9, owner);
                update.executeUpdate();
            }
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE mfgsync_replay_job SET updated_at = ?, next_at = ? WHERE id = ?")) {
                update.setObject(1, now);
                update.setObject(2, nextAt);
                update.setString(3, taken.jobId());
                update.executeUpdate();
            }
        } catch (SQLException e) {
            throw StateStore.failure("Could not record the outcome of replay job " + taken.jobId() + " record " + taken.seq(), e);
        }
    }

    /** RUNNING → DONE once every record is done; false while records are left. */
    public boolean completeIfDone(String jobId, OffsetDateTime now) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement update = c.prepareStatement("UPDATE mfgsync_replay_job SET status = ?, updated_at = ? "
                        + "WHERE id = ? AND status = ? AND NOT EXISTS (SELECT 1 FROM mfgsync_replay_job_item i "
                        + "WHERE i.job_id = ? AND i.state <> ?)")) {
            update.setString(1, JobStatus.DONE.name());
            update.setObject(2, now);
            update.setString(3, jobId);
            update.setString(4, JobStatus.RUNNING.name());
            update.setString(5, jobId);
            update.setString(6, ItemState.DONE.name());
            return update.executeUpdate() == 1;
        } catch (SQLException e) {
            throw StateStore.failure("Could not complete replay job " + jobId, e);
        }
    }

    /** Whether the step's claim on the key is DONE: the record's effect happened already, a replay would be a duplicate. */
    public boolean effectDone(String step, String key) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement(
                        "SELECT state FROM CAMEL_MESSAGEPROCESSED WHERE processorName = ? AND messageId = ?")) {
            select.setString(1, step);
            select.setString(2, key);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() && "DONE".equals(rs.getString(1));
            }
        } catch (SQLException e) {
            throw StateStore.failure("Could not read the claim of " + step, e);
        }
    }

    private static List<Item> items(Connection c, String jobId) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT i.seq, i.exception_id, i.target, i.step, i.business_keys, "
                + "i.state, i.outcome, i.detail, i.correlation_id, i.done_at, e.status FROM mfgsync_replay_job_item i "
                + "LEFT JOIN mfgsync_exception e ON e.id = i.exception_id WHERE i.job_id = ? ORDER BY i.seq")) {
            select.setString(1, jobId);
            List<Item> items = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    String outcome = rs.getString(7);
                    items.add(new Item(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4), keys(rs.getString(5)),
                            ItemState.valueOf(rs.getString(6)), outcome == null ? null : Outcome.valueOf(outcome),
                            rs.getString(8), rs.getString(9), rs.getObject(10, OffsetDateTime.class), rs.getString(11)));
                }
            }
            return items;
        }
    }

    private Job job(ResultSet rs, List<Item> items) throws SQLException {
        String id = rs.getString("id");
        Map<String, Integer> outcomes = new LinkedHashMap<>();
        int done = 0;
        if (items != null) {
            for (Item item : items) {
                if (item.state() == ItemState.DONE) {
                    done++;
                    outcomes.merge(item.outcome().name(), 1, Integer::sum);
                }
            }
        } else {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement select = c.prepareStatement("SELECT outcome, COUNT(*) FROM mfgsync_replay_job_item "
                            + "WHERE job_id = ? AND state = ? GROUP BY outcome ORDER BY outcome")) {
                select.setString(1, id);
                select.setString(2, ItemState.DONE.name());
                try (ResultSet counts = select.executeQuery()) {
                    while (counts.next()) {
                        outcomes.put(counts.getString(1), counts.getInt(2));
                        done += counts.getInt(2);
                    }
                }
            }
        }
        return new Job(id, JobStatus.valueOf(rs.getString("status")), keys(rs.getString("filter_json")),
                rs.getString("created_by"), rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("updated_at", OffsetDateTime.class), rs.getLong("pace_millis"), rs.getInt("total"), done,
                outcomes, items);
    }

    private static Map<String, String> keys(String json) {
        if (json == null) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, KEYS);
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
