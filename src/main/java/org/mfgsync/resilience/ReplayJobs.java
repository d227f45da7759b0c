package org.mfgsync.resilience;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.jboss.logging.Logger;
import org.mfgsync.backbone.Ids;
import org.mfgsync.governance.audit.AuditLog;
import org.mfgsync.resilience.ExceptionRecord.Filter;
import org.mfgsync.resilience.ExceptionRecord.Status;
import org.mfgsync.resilience.ReplayJobStore.Due;
import org.mfgsync.resilience.ReplayJobStore.Taken;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.mfgsync.resilience.ReplayJobStore.Item;
import org.mfgsync.resilience.ReplayJobStore.ItemState;
import org.mfgsync.resilience.ReplayJobStore.Job;
import org.mfgsync.resilience.ReplayJobStore.JobStatus;
import org.mfgsync.resilience.ReplayJobStore.Outcome;

/**
 * Bulk replay by filter as a job an operator can watch, stop and resume. A dry run says what a replay of the matching
 * OPEN exception records would do: which records, to which target, what goes back on which topic, and which would be
 * duplicates because the failed step's claim on their key is DONE (their effect happened meanwhile). Creating a job
 * fixes its records; the worker (the timer route {@code resilience.replay-jobs}) then replays them one at a time, each
 * with its own outcome in the job and in the audit log.
 * <p>
 * Nothing is lost or doubled across stop, resume and a crash: a record is taken only while its job runs (stop lets the
 * one in flight finish and takes no other), a resumed job goes on with the records still PENDING, and the replay itself
 * claims the exception record OPEN → REPLAYING, so a record taken again after its instance died is found REPLAYING and
 * not sent a second time. Records whose effect is done are not sent at all.
 */
@ApplicationScoped
@Named("replayJobs")
@RegisterForReflection
public class ReplayJobs {

    static final String AUDIT_JOB_CREATE = "exception.replay-job.create";
    static final String AUDIT_JOB_STOP = "exception.replay-job.stop";
    static final String AUDIT_JOB_RESUME = "exception.replay-job.resume";
    /** Longest a worker round works before it lets the timer go on, in milliseconds. */
    static final long ROUND_BUDGET_MILLIS = 2000;
    private static final int PREVIEW_CHARS = 400;
    private static final Logger LOG = Logger.getLogger("org.mfgsync.resilience");

    /** One record of a dry run. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DryRunRecord(String exceptionId, String workflow, String step, String target, String topic,
            String messageKey, String eventType, String idempotencyKey, String correlationId, Map<String, String> businessKeys,
            String errorClass, int attempts, Integer payloadBytes, String payloadPreview, Outcome wouldBe, String reason) {
    }

    /** A dry run: the records a job with this filter would take, and what it would do with each. */
    @RegisterForReflection
    public record DryRun(Map<String, String> filter, int count, boolean truncated, Map<String, Integer> targets,
            int duplicates, int notReplayable, List<DryRunRecord> records) {
    }

    private final ExceptionStore exceptions;
    private final ReplayJobStore jobs;
    private final Replays replays;
    private final AuditLog audit;
    private final ReplayJobsConfig config;
    private final String owner = "replay-worker:" + Ids.randomId();

    @Inject
    public ReplayJobs(ExceptionStore exceptions, ReplayJobStore jobs, Replays replays, AuditLog audit, ReplayJobsConfig config) {
        this.exceptions = exceptions;
        this.jobs = jobs;
        this.replays = replays;
        this.audit = audit;
        this.config = config;
    }

    /** The OPEN records matching the filter, oldest first (so one entity's facts go back in the order they failed). */
    List<ExceptionRecord> matching(Filter filter, int limit) {
        Filter open = new Filter(Status.OPEN, filter.workflow(), filter.supplier(), filter.purchaseOrder(), filter.plant(),
                filter.item(), filter.lot());
        List<ExceptionRecord> found = new ArrayList<>(exceptions.list(open, limit));
        found.sort(Comparator.comparing(ExceptionRecord::firstSeen).thenComparing(ExceptionRecord::id));
        return found;
    }

    public DryRun dryRun(Filter filter, int limit) {
        List<ExceptionRecord> found = matching(filter, limit);
        List<DryRunRecord> records = new ArrayList<>();
        Map<String, Integer> targets = new LinkedHashMap<>();
        int duplicates = 0;
        int notReplayable = 0;
        for (ExceptionRecord listed : found) {
            ExceptionRecord record = exceptions.find(listed.id()).orElse(listed);
            Outcome wouldBe;
            String reason = null;
            if (record.sourceTopic() == null || record.payload() == null) {
                wouldBe = Outcome.NOT_REPLAYABLE;
                reason = "The failed message did not come from a topic; it cannot be replayed from here";
                notReplayable++;
            } else if (jobs.effectDone(record.step(), record.factKey())) {
                wouldBe = Outcome.DUPLICATE;
                reason = "Step " + record.step() + " already did this (its claim on the key is done); it would not be sent";
                duplicates++;
            } else {
                wouldBe = Outcome.REPLAYED;
                targets.merge(record.target() == null ? record.step() : record.target(), 1, Integer::sum);
            }
            String payload = record.payload();
            records.add(new DryRunRecord(record.id(), record.workflow(), record.step(), record.target(), record.sourceTopic(),
                    record.messageKey(), record.eventType(), record.factKey(), record.correlationId(), record.businessKeys(),
                    record.errorClass(), record.attempts(),
                    payload == null ? null : payload.getBytes(StandardCharsets.UTF_8).length,
                    payload == null ? null : payload.length() <= PREVIEW_CHARS ? payload : payload.substring(0, PREVIEW_CHARS) + "…",
                    wouldBe, reason));
        }
        return new DryRun(describe(filter), records.size(), found.size() >= limit, targets, duplicates, notReplayable, records);
    }

    /**
     * Creates a RUNNING job over the OPEN records matching the filter, narrowed to {@code only} when given (the records
     * the operator saw in the dry run). Empty when nothing matches.
     */
    public Optional<Job> create(Filter filter, int limit, Collection<String> only, Long paceMillis, String actor,
            String correlationId) {
        List<ExceptionRecord> records = new ArrayList<>(matching(filter, limit));
        if (only != null) {
            Set<String> wanted = Set.copyOf(only);
            records.removeIf(r -> !wanted.contains(r.id()));
        }
        if (records.isEmpty()) {
            return Optional.empty();
        }
        String id = Ids.randomId();
        long pace = paceMillis == null ? config.paceMillis() : paceMillis;
        OffsetDateTime now = now();
        jobs.create(id, describe(filter), actor, pace, records, now);
        audit.record(new AuditLog.Entry(now.toInstant(), actor, AUDIT_JOB_CREATE, id, JobStatus.RUNNING.name(), correlationId,
                "filter " + describe(filter) + ", " + records.size() + " record(s): "
                        + records.stream().map(ExceptionRecord::id).toList()));
        LOG.infof("Replay job %s created by %s: %d record(s), filter %s", id, actor, records.size(), describe(filter).keySet());
        return jobs.find(id);
    }

    public Optional<Job> find(String id) {
        return jobs.find(id);
    }

    public List<Job> recent(int limit) {
        return jobs.recent(limit);
    }

    /** RUNNING → STOPPED: no further record is taken; the one in flight finishes. False when the job is not running. */
    public boolean stop(String id, String actor, String correlationId) {
        boolean stopped = jobs.transition(id, JobStatus.RUNNING, JobStatus.STOPPED, now());
        audit.record(new AuditLog.Entry(Instant.now(), actor, AUDIT_JOB_STOP, id, stopped ? "STOPPED" : "REFUSED",
                correlationId, null));
        if (stopped) {
            LOG.infof("Replay job %s stopped by %s", id, actor);
        }
        return stopped;
    }

    /** STOPPED → RUNNING: goes on with the records not replayed yet. False when the job is not stopped. */
    public boolean resume(String id, String actor, String correlationId) {
        boolean resumed = jobs.transition(id, JobStatus.STOPPED, JobStatus.RUNNING, now());
        audit.record(new AuditLog.Entry(Instant.now(), actor, AUDIT_JOB_RESUME, id, resumed ? "RUNNING" : "REFUSED",
                correlationId, null));
        if (resumed) {
            LOG.infof("Replay job %s resumed by %s", id, actor);
        }
        return resumed;
    }

    /** One worker round (timer route): replays the due records of the running jobs; returns how many were handled. */
    public int work() {
        long deadline = System.currentTimeMillis() + ROUND_BUDGET_MILLIS;
        int handled = 0;
        for (Due job : jobs.due(now())) {
            while (System.currentTimeMillis() < deadline) {
                OffsetDateTime now = now();
                Optional<Taken> taken = jobs.takeNext(job.id(), owner, now, now.plusNanos(config.leaseMillis() * 1_000_000));
                if (taken.isEmpty()) {
                    if (jobs.completeIfDone(job.id(), now)) {
                        LOG.infof("Replay job %s done", job.id());
                    }
                    break;
                }
                replayOne(taken.get(), job);
                handled++;
                if (job.paceMillis() > 0) {
                    break; // the next record of this job is due after its pace
                }
            }
        }
        return handled;
    }

    private void replayOne(Taken taken, Due job) {
        String actor = job.createdBy();
        ExceptionRecord record = exceptions.find(taken.exceptionId()).orElse(null);
        Outcome outcome;
        String detail = null;
        String correlationId = record == null ? null : record.correlationId();
        if (record == null) {
            outcome = Outcome.NOT_REPLAYABLE;
            detail = "The exception record no longer exists";
        } else if (record.status() != Status.OPEN) {
            outcome = Outcome.SKIPPED;
            detail = "Not sent: the exception is " + record.status() + " (replayed or closed since the job was created)";
        } else if (jobs.effectDone(record.step(), record.factKey())) {
            outcome = Outcome.DUPLICATE;
            detail = "Not sent: step " + record.step() + " already did this (its claim on the key is done)";
        } else {
            try {
                Replays.Result result = replays.replay(record.id(), actor);
                outcome = result.outcome() == Replays.Outcome.REPLAYED ? Outcome.REPLAYED
                        : result.outcome() == Replays.Outcome.NOT_FOUND ? Outcome.NOT_REPLAYABLE
                        : record.sourceTopic() == null ? Outcome.NOT_REPLAYABLE : Outcome.SKIPPED;
                detail = result.detail();
            } catch (RuntimeException e) {
                outcome = Outcome.FAILED;
                detail = "Could not send the replay: " + e.getMessage();
                LOG.warnf("Replay job %s: record %s could not be sent: %s", taken.jobId(), record.id(), e.getMessage());
            }
        }
        OffsetDateTime now = now();
        jobs.finish(taken, owner, outcome, detail, correlationId, now, now.plusNanos(job.paceMillis() * 1_000_000));
        audit.record(new AuditLog.Entry(now.toInstant(), actor, ExceptionAdmin.AUDIT_REPLAY, taken.exceptionId(),
                outcome.name(), correlationId, "replay job " + taken.jobId() + ", record " + (taken.seq() + 1) + " of "
                        + taken.total() + (detail == null ? "" : ": " + detail)));
    }

    /** The filter as the fields that were given. */
    static Map<String, String> describe(Filter filter) {
        Map<String, String> given = new LinkedHashMap<>();
        put(given, "workflow", filter.workflow());
        put(given, "supplier", filter.supplier());
        put(given, "purchaseOrder", filter.purchaseOrder());
        put(given, "plant", filter.plant());
        put(given, "item", filter.item());
        put(given, "lot", filter.lot());
        return given;
    }

    private static void put(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    long maxPaceMillis() {
        return config.maxPaceMillis();
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
