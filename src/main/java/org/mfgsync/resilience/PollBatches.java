package org.mfgsync.resilience;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.DefaultKafkaManualCommit;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;
import org.slf4j.MDC;
import org.mfgsync.canonical.EventHeaders;
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

    @Inject
    public PollBatches(ProducerTemplate producer, @Named("claims") IdempotentRepository claims) {
        this.producer = producer;
        this.claims = (LeasedIdempotentRepository) claims;
    }

    /**
     * Route step on a batch: each record goes through {@code recordRoute}; its claim key is {@code keyPrefix} + the
     * record's {@code idempotencyKey} header.
     */
    public void process(Exchange batch, String recordRoute, String keyPrefix) throws Exception {
        @SuppressWarnings("unchecked")
        List<Exchange> records = batch.getMessage().getBody(List.class);
        if (records == null || records.isEmpty()) {
            return;
        }
        String step = batch.getFromRouteId();
        List<String> keys = new ArrayList<>(records.size());
        for (Exchange record : records) {
            String key = record.getMessage().getHeader(EventHeaders.IDEMPOTENCY_KEY, String.class);
            keys.add(key == null || key.isBlank() ? null : keyPrefix + key);
        }
        List<Outcome> outcomes = new ArrayList<>(claims.claimAll(step, keys));

        PollBatch work = new PollBatch();
        List<KafkaManualCommit> commits = new ArrayList<>(records.size());
        int done = 0;
        Throwable stop = null;
        try {
            for (int i = 0; i < records.size(); i++) {
                Exchange record = records.get(i);
                // the batch commits the offsets; the record route must not commit its record on its own
                commits.add(record.getMessage().removeHeader(KafkaConstants.MANUAL_COMMIT) instanceof KafkaManualCommit c ? c : null);
                Outcome outcome = outcomes.get(i);
                if (keys.get(i) != null && outcome.elsewhere() != null) {
                    outcome = awaitClaim(step, keys.get(i), outcome);
                    outcomes.set(i, outcome);
                    if (outcome.elsewhere() != null) {
                        stop = outcome.elsewhere();
                        break;
                    }
                }
                if (keys.get(i) != null && outcome.isDuplicate()) {
                    LOG.debugf("Duplicate skipped step=%s key=%s", step, keys.get(i));
                    done++;
                    continue;
                }
                batch.getProperties().forEach(record::setProperty);
                record.setProperty(PollBatch.PROPERTY, work);
                record.setProperty(STEP, step);
                if (keys.get(i) == null) {
                    // as an idempotent consumer would: a record without a key is refused to the dead letters
                    record.setProperty(Exchange.EXCEPTION_CAUGHT, new IllegalArgumentException(
                            "record without an idempotencyKey header on step " + step));
                    record.setProperty(Exchange.FAILURE_ROUTE_ID, step);
                    producer.send("direct:resilience.dead-letter", record);
                } else {
                    work.startRecord(i);
                    producer.send(recordRoute, record);
                }
                if (record.getException() != null) {
                    stop = record.getException();
                    break;
                }
                done++;
            }
            Throwable[] handOverFailure = new Throwable[1];
            int failedAt = work.complete(HandOverProducer.ACK_TIMEOUT_MILLIS, handOverFailure);
            if (failedAt >= 0 && failedAt < done) {
                done = failedAt;
                stop = handOverFailure[0];
            }
        } finally {
            settle(step, records, outcomes, keys, done);
            MDC.remove("correlationId");
        }
        commit(commits, done, stop != null);
        if (stop != null) {
            LOG.debugf("Batch of step=%s stopped at record %d of %d: %s", step, done + 1, records.size(), stop.getMessage());
            throw stop instanceof Exception e ? e : new IllegalStateException(stop);
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

    /** Confirms the claims of the records that are done, releases the rest. */
    private void settle(String step, List<Exchange> records, List<Outcome> outcomes,
            List<String> keys, int done) {
        List<LeasedIdempotentRepository.Claim> confirm = new ArrayList<>();
        List<LeasedIdempotentRepository.Claim> release = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            Outcome outcome = outcomes.get(i);
            if (keys.get(i) != null && outcome.isNew()) {
                (i < done ? confirm : release).add(outcome.claim());
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

    /** Commits, per partition, the offset after the last record that is done (on the consumer's own thread). */
    private static void commit(List<KafkaManualCommit> commits, int done, boolean beforeResume) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        Consumer<?, ?> consumer = null;
        for (int i = 0; i < Math.min(done, commits.size()); i++) {
            if (commits.get(i) instanceof DefaultKafkaManualCommit commit) {
                offsets.merge(commit.getPartition(), new OffsetAndMetadata(commit.getRecordOffset() + 1),
                        (a, b) -> a.offset() >= b.offset() ? a : b);
                consumer = consumerOf(commit);
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
