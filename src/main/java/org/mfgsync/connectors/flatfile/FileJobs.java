package org.mfgsync.connectors.flatfile;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The progress of the inbound files this instance is taking in (and the last ones it finished): per file, the rows
 * read by the validating first pass, the groups published on the second, the rows rejected, and how it ended. In
 * memory, per application instance: a replica answers for the files it took (each file is taken by one instance).
 * The file connector reports to it ({@link FileConnector}); {@code GET /api/v1/file-jobs} reads it.
 */
@ApplicationScoped
@Named("fileJobs")
@RegisterForReflection
public class FileJobs {

    static final String JOB = "connectorFileJob";
    static final int FINISHED_KEPT = 50;

    public enum State {
        /** the first pass validates every record */
        READING,
        /** the valid groups are being published */
        PUBLISHING,
        DONE,
        /** recognised as a file taken in before: not processed again */
        DUPLICATE,
        /** moved to .error/ with its reason */
        REJECTED,
        /** failed; left for a later poll */
        FAILED
    }

    /** One file's progress as the API shows it. */
    @RegisterForReflection
    public record Progress(String instance, String file, State state, Instant startedAt, Instant finishedAt, Long rowsRead,
            long published, Long rejected, String reason) {
    }

    /** The live state of one file. */
    static final class Job {
        final String id;
        final String instance;
        final String file;
        final Instant startedAt = Instant.now();
        final AtomicLong published = new AtomicLong();
        volatile State state = State.READING;
        volatile FlatFileScan scan;
        volatile Instant finishedAt;
        volatile String reason;

        Job(String id, String instance, String file) {
            this.id = id;
            this.instance = instance;
            this.file = file;
        }

        Progress progress() {
            FlatFileScan s = scan;
            return new Progress(instance, file, state, startedAt, finishedAt, s == null ? null : s.records(), published.get(),
                    s == null ? null : s.invalidRecords(), reason);
        }
    }

    private final Map<String, Job> running = new ConcurrentHashMap<>();
    private final Deque<Job> finished = new ArrayDeque<>();

    /** A file is taken in: its job starts, and ends with the exchange. */
    void started(Exchange exchange, String instance, String file) {
        Job job = new Job(exchange.getExchangeId(), instance, file);
        exchange.setProperty(JOB, job);
        running.put(job.id, job);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onComplete(Exchange done) {
                if (Boolean.TRUE.equals(done.getProperty(FileConnector.DUPLICATE, Boolean.class))) {
                    finish(job, State.DUPLICATE, null);
                } else if (job.state != State.REJECTED) {
                    finish(job, State.DONE, null);
                } else {
                    finish(job, State.REJECTED, job.reason);
                }
            }

            @Override
            public void onFailure(Exchange failed) {
                Exception cause = failed.getException();
                finish(job, State.FAILED, cause == null ? null : cause.getClass().getSimpleName());
            }
        });
    }

    /** The first pass is over: rows read and rejected are known; the groups are published next. */
    void scanned(Exchange exchange, FlatFileScan scan) {
        Job job = exchange.getProperty(JOB, Job.class);
        if (job != null) {
            job.scan = scan;
            job.state = State.PUBLISHING;
        }
    }

    /** One more group of the file handed to its topic. */
    void published(Exchange exchange) {
        Job job = exchange.getProperty(JOB, Job.class);
        if (job != null) {
            job.published.incrementAndGet();
        }
    }

    void rejected(Exchange exchange, String reason) {
        Job job = exchange.getProperty(JOB, Job.class);
        if (job != null) {
            job.state = State.REJECTED;
            job.reason = reason;
        }
    }

    private void finish(Job job, State state, String reason) {
        job.state = state;
        job.reason = reason;
        job.finishedAt = Instant.now();
        running.remove(job.id);
        synchronized (finished) {
            finished.addFirst(job);
            while (finished.size() > FINISHED_KEPT) {
                finished.removeLast();
            }
        }
    }

    /** The file-jobs API's answer: {@code GET /api/v1/file-jobs} (routes/api/admin-file-jobs.camel.yaml). */
    @RegisterForReflection
    public record FileJobList(int running, List<Progress> files) {
    }

    public void respond(Exchange exchange) throws java.io.IOException {
        List<Progress> files = list();
        int active = (int) files.stream().filter(f -> f.finishedAt() == null).count();
        org.apache.camel.Message message = exchange.getMessage();
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(org.mfgsync.canonical.CanonicalJson.MAPPER.writeValueAsString(new FileJobList(active, files)));
    }

    /** The files being taken in (oldest first), then the last finished ones (newest first). */
    public List<Progress> list() {
        List<Progress> all = new ArrayList<>(running.values().stream().sorted(Comparator.comparing(j -> j.startedAt))
                .map(Job::progress).toList());
        synchronized (finished) {
            finished.forEach(job -> all.add(job.progress()));
        }
        return all;
    }
}
