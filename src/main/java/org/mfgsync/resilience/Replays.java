package org.mfgsync.resilience;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
import org.mfgsync.canonical.CanonicalJson;
import org.mfgsync.canonical.EventHeaders;
import org.mfgsync.resilience.ExceptionRecord.Filter;
import org.mfgsync.resilience.ExceptionRecord.Status;
import org.mfgsync.visibility.Correlation;
import org.jboss.logging.Logger;
import org.slf4j.MDC;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Replay of dead letters: the original message goes back on the topic it was consumed from, with its original
 * correlation id and idempotency key and a {@value #REPLAY_OF} header naming the exception record. The failed
 * step's idempotent consumer had released the key when the step failed, so it handles the replay; every other
 * consumer of the topic has the key and drops the replay as a duplicate, and the target itself gets the same
 * idempotency key as before. A record is claimed (OPEN → REPLAYING) before it is sent, so it is replayed once
 * even when operators, replicas and the auto-retry schedule race.
 */
@ApplicationScoped
@Named("exceptionReplays")
public class Replays {

    /** Kafka header and exchange property: the exception record a replayed message belongs to. */
    public static final String REPLAY_OF = "replayOf";
    /** Exchange property: the replayed work was handed to a target's delivery, which resolves the record once it took it. */
    static final String HANDED_OVER = "mfgsyncReplayHandedOver";

    private static final Logger LOG = Logger.getLogger("org.mfgsync.resilience");

    private final ExceptionStore store;
    private final ProducerTemplate producer;
    private final ResilienceConfig config;

    @Inject
    public Replays(ExceptionStore store, ProducerTemplate producer, ResilienceConfig config) {
        this.store = store;
        this.producer = producer;
        this.config = config;
    }

    public enum Outcome {
        REPLAYED, NOT_FOUND, NOT_REPLAYABLE
    }

    @RegisterForReflection
    public record Result(String id, Outcome outcome, String correlationId, String detail) {
    }

    public Result replay(String id, String actor) {
        ExceptionRecord record = store.find(id).orElse(null);
        if (record == null) {
            return new Result(id, Outcome.NOT_FOUND, null, "No exception record " + id);
        }
        if (record.sourceTopic() == null || record.payload() == null) {
            return new Result(id, Outcome.NOT_REPLAYABLE, record.correlationId(),
                    "The failed message did not come from a topic; it cannot be replayed from here");
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        if (!store.claimForReplay(id, record.correlationId(), actor, now)) {
            return new Result(id, Outcome.NOT_REPLAYABLE, record.correlationId(),
                    "Only an OPEN exception can be replayed; this one is " + store.find(id).map(ExceptionRecord::status).orElse(null));
        }
        try {
            producer.sendBodyAndHeaders("kafka:" + record.sourceTopic(), record.payload(), headersOf(record));
        } catch (RuntimeException e) {
            store.replayNotSent(id, e.getMessage(), OffsetDateTime.now(ZoneOffset.UTC));
            throw e;
        }
        String previous = MDC.get(Correlation.MDC_KEY);
        MDC.put(Correlation.MDC_KEY, record.correlationId() == null ? "" : record.correlationId());
        try {
            LOG.infof("Replayed exception=%s workflow=%s step=%s by=%s topic=%s key=%s businessKeys=%s", id,
                    record.workflow(), record.step(), actor, record.sourceTopic(), record.factKey(), record.businessKeys());
        } finally {
            if (previous == null) {
                MDC.remove(Correlation.MDC_KEY);
            } else {
                MDC.put(Correlation.MDC_KEY, previous);
            }
        }
        return new Result(id, Outcome.REPLAYED, record.correlationId(), null);
    }

    /** Replays every OPEN record that matches (up to {@code limit}). */
    public List<Result> replayMatching(Filter filter, String actor, int limit) {
        Filter open = new Filter(Status.OPEN, filter.workflow(), filter.supplier(), filter.purchaseOrder(), filter.plant(),
                filter.item(), filter.lot());
        List<Result> results = new ArrayList<>();
        for (ExceptionRecord record : store.list(open, limit)) {
            results.add(replay(record.id(), actor));
        }
        return results;
    }

    /** Auto-retry playbook (timer route): replays the records that are due. */
    public int replayDue() {
        int replayed = 0;
        for (String id : store.dueForAutoRetry(OffsetDateTime.now(ZoneOffset.UTC), config.autoRetry().maxAttempts(), 100)) {
            if (replay(id, "auto-retry").outcome() == Outcome.REPLAYED) {
                replayed++;
            }
        }
        return replayed;
    }

    /**
     * On completion of a consuming step: a replayed message that took effect resolves its exception record. Work the
     * step handed to a target is not in effect yet: the record stays REPLAYING until the target's delivery of it
     * completes (the delivery carries the {@value #REPLAY_OF} header on).
     */
    public void completed(Exchange exchange) {
        String id = exchange.getProperty(REPLAY_OF, String.class);
        if (id == null || id.isEmpty() || Boolean.TRUE.equals(exchange.getProperty(DeadLetters.DEAD_LETTERED, Boolean.class))) {
            return;
        }
        if (Boolean.TRUE.equals(exchange.getProperty(HANDED_OVER, Boolean.class))) {
            LOG.infof("Replay handed over to its target, exception=%s stays REPLAYING until the target took it", id);
            return;
        }
        String correlationId = exchange.getProperty(EventHeaders.CORRELATION_ID, String.class);
        if (store.resolve(id, correlationId, OffsetDateTime.now(ZoneOffset.UTC))) {
            LOG.infof("Replay went through, exception=%s resolved", id);
        }
    }

    private static Map<String, Object> headersOf(ExceptionRecord record) {
        Map<String, Object> headers = new HashMap<>();
        if (record.messageKey() != null) {
            headers.put(KafkaConstants.KEY, record.messageKey());
        }
        putIfPresent(headers, EventHeaders.CORRELATION_ID, record.correlationId());
        putIfPresent(headers, EventHeaders.EVENT_ID, record.eventId());
        putIfPresent(headers, EventHeaders.EVENT_TYPE, record.eventType());
        if (!record.factKey().startsWith("sha256:")) {
            headers.put(EventHeaders.IDEMPOTENCY_KEY, record.factKey());
        }
        try {
            var version = CanonicalJson.MAPPER.readTree(record.payload()).path("schemaVersion");
            if (version.isTextual()) {
                headers.put(EventHeaders.SCHEMA_VERSION, version.asText());
            }
        } catch (Exception notAnEnvelope) {
            // replayed as it was
        }
        headers.put(REPLAY_OF, record.id());
        return headers;
    }

    private static void putIfPresent(Map<String, Object> headers, String name, String value) {
        if (value != null) {
            headers.put(name, value);
        }
    }
}
