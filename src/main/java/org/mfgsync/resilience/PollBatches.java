package org.mfgsync.resilience;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.DefaultKafkaManualCommit;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.ExchangeHelper;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;
import org.slf4j.MDC;
import org.mfgsync.canonical.EventHeaders;
import org.mfgsync.visibility.Correlation;
import org.mfgsync.resilience.LeasedIdempotentRepository.Outcome;

/**
 * A consuming step that takes one Kafka poll at a time ({@code batching: true} on the route's Kafka endpoint) and still
 * treats each record on its own. For one poll it
 * <ol>
 * <li>claims every record's idempotency key for the step in one transaction (three-valued: new, duplicate, claimed
 * elsewhere);</li>
 * <li>runs each new record, in order, through the step's record route (its error handler redelivers, holds or
 * dead-letters that record as for any route); a duplicate is skipped;</li>
 * <li>waits once for every hand-over the records made (see {@link PollBatch});</li>
 * <li>confirms the claims of the records that are done in one transaction, releases the others, and commits the
 * offsets of the records that are done (asynchronously: commits pipeline with the next poll).</li>
 * </ol>
 * The first record that cannot be done now (claimed elsewhere, its target held past its round, the broker or the state
 * database down) ends the batch there: everything before it is confirmed and committed, nothing from it on is, and the
 * failure goes back to the consumer, which resumes from that record (in order, nothing behind it overtakes it).
 * <p>
 * Properties set on the batch before this step (e.g. the target of a delivery route) are given to every record.
 */
@ApplicationScoped
@Named("pollBatches")
public class PollBatches {

    /** Exchange property of each record: the consuming step (the batch's route) it is claimed and reported under. */
    public static final String STEP = "mfgsyncStep";
    /** How long a record claimed elsewhere is waited for in place before the consumer goes back to Kafka for it. */
    static final long CLAIM_WAIT_MILLIS = 30_000;

    private static final Logger LOG = Logger.getLogger("org.mfgsync.resilience");

    private final ProducerTemplate producer;
    private final LeasedIdempotentRepository claims;
    private final ResilienceConfig config;
    /** Runs the key groups of batches with a concurrency above 1 (the consumer thread waits for them). */
    private final ExecutorService workers = Executors.newCachedThreadPool(new ThreadFactory() {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "mfgsync-poll-batch-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    });

    @Inject
    public PollBatches(ProducerTemplate producer, @Named("claims") IdempotentRepository claims, ResilienceConfig config) {
        this.producer = producer;
        this.claims = (LeasedIdempotentRepository) claims;
        this.config = config;
    }

    /**
     * Route step on a batch: each record goes through {@code recordRoute}; its claim key is {@code keyPrefix} + the
     * record's {@code idempotencyKey} header. A delivery route's records (property {@value OutboundPolicy#TARGET} set)
     * run with the target's configured concurrency, other steps' with {@code mfgsync.resilience.step-concurrency}.
     */
    public void process(Exchange batch, String recordRoute, String keyPrefix) throws Exception {
        String target = batch.getProperty(OutboundPolicy.TARGET, String.class);
        ResilienceConfig.TargetPolicy policy = target == null ? null : config.targets().get(target);
        process(batch, recordRoute, keyPrefix, policy == null ? config.stepConcurrency() : policy.concurrency());
    }

    /**
     * As {@link #process(Exchange, String, String)}, with up to {@code concurrency} records in flight at once, each of
     * another Kafka key: the records of one key always run in order, one at a time, and the first of them that cannot
     * be done now stops that key (the other keys go on).
     */
    public void process(Exchange batch, String recordRoute, String keyPrefix, int concurrency) throws Exception {
        @SuppressWarnings("unchecked")
        List<Exchange> records = batch.getMessage().getBody(List.class);
        if (records == null || records.isEmpty()) {
            return;
        }
        String step = batch.getFromRouteId();
        int n = records.size();
        List<String> keys = new ArrayList<>(n);
        List<KafkaManualCommit> commits = new ArrayList<>(n);
        for (Exchange record : records) {
            String key = record.getMessage().getHeader(EventHeaders.IDEMPOTENCY_KEY, String.class);
            keys.add(key == null || key.isBlank() ? null : keyPrefix + key);
            // the batch commits the offsets; the record route must not commit its record on its own
            commits.add(record.getMessage().removeHeader(KafkaConstants.MANUAL_COMMIT) instanceof KafkaManualCommit c ? c : null);
        }
        List<Outcome> outcomes = new ArrayList<>(claims.claimAll(step, keys));

        PollBatch work = new PollBatch();
        boolean[] done = new boolean[n];
        boolean[] deadLettered = new boolean[n];
        Throwable[] failures = new Throwable[n];
        try {
            List<List<Integer>> groups = orderGroups(records, concurrency);
            if (groups.size() == 1) {
                runGroup(groups.get(0), batch, records, keys, outcomes, work, recordRoute, step, done, deadLettered, failures);
            } else {
                List<Future<?>> running = new ArrayList<>(groups.size());
                for (List<Integer> group : groups) {
                    running.add(workers.submit(() -> runGroup(group, batch, records, keys, outcomes, work, recordRoute, step,
                            done, deadLettered, failures)));
                }
                for (Future<?> group : running) {
                    group.get();
                }
            }
            work.complete(HandOverProducer.ACK_TIMEOUT_MILLIS, done, failures);
        } finally {
            settle(step, outcomes, keys, done, deadLettered);
            MDC.remove(Correlation.MDC_KEY);
        }
        Throwable stop = null;
        int stoppedAt = -1;
        for (int i = 0; i < n && stop == null; i++) {
            if (!done[i]) {
                stop = failures[i];
                stoppedAt = i;
            }
        }
        commit(commits, done, stop != null);
        if (stop != null) {
            LOG.debugf("Batch of step=%s stopped at record %d of %d: %s", step, stoppedAt + 1, n, stop.getMessage());
            throw stop instanceof Exception e ? e : new IllegalStateException(stop);
        }
    }

    /**
     * The records split by Kafka key into at most {@code concurrency} groups, each in poll order: a key's records are
     * all in one group. With concurrency 1, one group of everything.
     */
    private static List<List<Integer>> orderGroups(List<Exchange> records, int concurrency) {
        if (concurrency <= 1) {
            List<Integer> all = new ArrayList<>(records.size());
            for (int i = 0; i < records.size(); i++) {
                all.add(i);
            }
            return List.of(all);
        }
        List<List<Integer>> groups = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            groups.add(new ArrayList<>());
        }
        for (int i = 0; i < records.size(); i++) {
            Object key = records.get(i).getMessage().getHeader(KafkaConstants.KEY);
            groups.get(Math.floorMod(key == null ? i : key.hashCode(), concurrency)).add(i);
        }
        groups.removeIf(List::isEmpty);
        return groups;
    }

    /** Runs one group's records in order until one of them cannot be done now; that one gets its failure. */
    private void runGroup(List<Integer> group, Exchange batch, List<Exchange> records, List<String> keys, List<Outcome> outcomes,
            PollBatch work, String recordRoute, String step, boolean[] done, boolean[] deadLettered, Throwable[] failures) {
        try {
            for (int i : group) {
                Exchange record = records.get(i);
                Outcome outcome = outcomes.get(i);
                if (keys.get(i) != null && outcome.elsewhere() != null) {
                    outcome = awaitClaim(step, keys.get(i), outcome);
                    outcomes.set(i, outcome);
                    if (outcome.elsewhere() != null) {
                        failures[i] = outcome.elsewhere();
                        return;
                    }
                }
                if (keys.get(i) != null && outcome.isDuplicate()) {
                    LOG.debugf("Duplicate skipped step=%s key=%s", step, keys.get(i));
                    done[i] = true;
                    continue;
                }
                batch.getProperties().forEach(record::setProperty);
                record.setProperty(PollBatch.PROPERTY, work);
                record.setProperty(PollBatch.RECORD_INDEX, i);
                record.setProperty(STEP, step);
                if (keys.get(i) == null) {
                    // as an idempotent consumer would: a record without a key is refused to the dead letters
                    record.setProperty(Exchange.EXCEPTION_CAUGHT, new IllegalArgumentException(
                            "record without an idempotencyKey header on step " + step));
                    record.setProperty(Exchange.FAILURE_ROUTE_ID, step);
                    producer.send("direct:resilience.dead-letter", record);
                } else {
                    producer.send(recordRoute, record);
                }
                if (record.getException() != null) {
                    failures[i] = record.getException();
                    return;
                }
                done[i] = true;
                // dead-lettered: done for the offsets, but not remembered as done, so a replay of it is taken
                deadLettered[i] = ExchangeHelper.isFailureHandled(record) || keys.get(i) == null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // a claim look-up that failed (the state database down): the group stops at the first record not done
            for (int i : group) {
                if (!done[i] && failures[i] == null) {
                    failures[i] = e;
                    break;
                }
            }
        } finally {
            MDC.remove(Correlation.MDC_KEY);
        }
    }

    /**
     * A record claimed elsewhere (another replica works on it, or an instance stopped mid-step and its lease still
     * runs): waits in place until that claim is done, released or orphaned, for at most {@link #CLAIM_WAIT_MILLIS};
     * then the batch stops there and the consumer comes back to the record.
     */
    private Outcome awaitClaim(String step, String key, Outcome outcome) throws InterruptedException {
        long deadline = System.currentTimeMillis() + CLAIM_WAIT_MILLIS;
        long pause = 100;
        while (outcome.elsewhere() != null && System.currentTimeMillis() < deadline) {
            Thread.sleep(Math.min(pause, Math.max(1, deadline - System.currentTimeMillis())));
            pause = Math.min(pause * 2, 5_000);
            outcome = claims.claimAll(step, List.of(key)).get(0);
        }
        return outcome;
    }

    /** Confirms the claims of the records that are done, releases the rest (and those dead-lettered, as Camel's idempotent consumer does). */
    private void settle(String step, List<Outcome> outcomes, List<String> keys, boolean[] done, boolean[] deadLettered) {
        List<LeasedIdempotentRepository.Claim> confirm = new ArrayList<>();
        List<LeasedIdempotentRepository.Claim> release = new ArrayList<>();
        for (int i = 0; i < done.length; i++) {
            Outcome outcome = outcomes.get(i);
            if (keys.get(i) != null && outcome != null && outcome.isNew()) {
                (done[i] && !deadLettered[i] ? confirm : release).add(outcome.claim());
            }
        }
        try {
            claims.releaseAll(release);
        } catch (RuntimeException e) {
            // an unreleased claim runs out with its lease; the retry then takes it over
            LOG.warnf("Could not release %d claims of step %s: %s", release.size(), step, e.getMessage());
        }
        claims.confirmAll(confirm);
    }

    /**
     * Commits, per partition, the offset after the records that are done up to the first one that is not (on the
     * consumer's own thread): the consumer comes back to that one, and the done ones behind it are skipped as
     * duplicates.
     */
    private static void commit(List<KafkaManualCommit> commits, boolean[] done, boolean beforeResume) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        Set<TopicPartition> stopped = new HashSet<>();
        Consumer<?, ?> consumer = null;
        for (int i = 0; i < commits.size(); i++) {
            if (commits.get(i) instanceof DefaultKafkaManualCommit commit) {
                consumer = consumerOf(commit);
                if (!done[i]) {
                    stopped.add(commit.getPartition());
                } else if (!stopped.contains(commit.getPartition())) {
                    offsets.merge(commit.getPartition(), new OffsetAndMetadata(commit.getRecordOffset() + 1),
                            (a, b) -> a.offset() >= b.offset() ? a : b);
                }
            }
        }
        if (consumer != null && !offsets.isEmpty() && beforeResume) {
            // the consumer resumes from the committed offsets right after: they must be there
            try {
                consumer.commitSync(offsets);
            } catch (RuntimeException e) {
                LOG.warnf("Could not commit offsets %s: %s", offsets, e.getMessage());
            }
        } else if (consumer != null && !offsets.isEmpty()) {
            consumer.commitAsync(offsets, (committed, error) -> {
                if (error != null) {
                    // the records are done and their claims confirmed: consumed again, they are skipped as duplicates
                    LOG.warnf("Could not commit offsets %s: %s", committed, error.getMessage());
                }
            });
        }
    }

    @SuppressWarnings("deprecation")
    private static Consumer<?, ?> consumerOf(DefaultKafkaManualCommit commit) {
        return commit.getCamelExchangePayload().consumer;
    }
}
