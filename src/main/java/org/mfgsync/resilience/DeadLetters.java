package org.mfgsync.resilience;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Message;
import org.apache.camel.Route;
import org.apache.camel.component.kafka.KafkaConstants;
import org.mfgsync.backbone.LogText;
import org.mfgsync.canonical.CanonicalJson;
import org.mfgsync.canonical.EventHeaders;
import org.mfgsync.resilience.ResilienceConfig.Decision;
import org.jboss.logging.Logger;

/**
 * Dead-letter step: turns a failed exchange (its original message) into an exception record with its business
 * context and the playbook's decision, and tells the dead-letter route what to publish.
 */
@ApplicationScoped
@Named("deadLetters")
public class DeadLetters {

    /** Headers the dead-letter route publishes beside the original event. */
    public static final String EXCEPTION_ID = "exceptionId";
    public static final String DECISION = "playbookDecision";
    public static final String ERROR_CLASS = "errorClass";
    public static final String WORKFLOW = "workflow";
    /** Header: true when this failure raises a business escalation (first failure of the fact, escalation playbook). */
    public static final String ESCALATE = "escalate";
    /** Exchange property: the exchange ended in the dead-letter channel (so a replay of it did not succeed). */
    public static final String DEAD_LETTERED = "deadLettered";

    private static final Logger LOG = Logger.getLogger("org.mfgsync.resilience");

    private final ExceptionStore store;
    private final Playbooks playbooks;
    private final ResilienceConfig config;

    @Inject
    public DeadLetters(ExceptionStore store, Playbooks playbooks, ResilienceConfig config) {
        this.store = store;
        this.playbooks = playbooks;
        this.config = config;
    }

    public void record(Exchange exchange) {
        Message message = exchange.getMessage();
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        // the consuming step a record of a poll batch belongs to, else the route that failed
        String step = exchange.getProperty(PollBatches.STEP, String.class);
        if (step == null) {
            step = exchange.getProperty(ExchangePropertyKey.FAILURE_ROUTE_ID, String.class);
        }
        if (step == null) {
            step = exchange.getFromRouteId();
        }
        message.setHeader("failedRouteId", step);
        // work handed to a target's delivery route still belongs to the workflow that handed it over
        String workflow = exchange.getProperty(WORKFLOW, String.class);
        if (workflow == null) {
            workflow = workflowOf(exchange.getContext().getRoute(step), step);
        }
        String payload = message.getBody(String.class);
        String correlationId = message.getHeader(EventHeaders.CORRELATION_ID, String.class);
        if (correlationId == null) {
            correlationId = exchange.getProperty(EventHeaders.CORRELATION_ID, String.class);
        }
        String idempotencyKey = message.getHeader(EventHeaders.IDEMPOTENCY_KEY, String.class);
        List<String> errorClasses = FailureClassifier.errorClasses(failure);
        Decision decision = playbooks.decide(workflow, errorClasses);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);

        ExceptionRecord draft = new ExceptionRecord(null, workflow, step,
                exchange.getProperty(OutboundPolicy.TARGET, String.class),
                idempotencyKey != null ? idempotencyKey : digestOf(payload), correlationId,
                message.getHeader(EventHeaders.EVENT_ID, String.class), message.getHeader(EventHeaders.EVENT_TYPE, String.class),
                businessKeysOf(payload), message.getHeader(KafkaConstants.TOPIC, String.class),
                message.getHeader(KafkaConstants.KEY, String.class), payload, errorClasses.get(0), describe(failure),
                decision, ExceptionRecord.Status.OPEN, null, 1, now, now, null, null);
        OffsetDateTime nextRetry = decision == Decision.AUTO_RETRY
                ? now.plusNanos(config.autoRetry().delayMillis() * 1_000_000)
                : null;
        ExceptionStore.Recorded recorded = store.recordFailure(draft, now, nextRetry);
        String replayOf = exchange.getProperty(Replays.REPLAY_OF, String.class);
        if (replayOf != null && !replayOf.isEmpty() && !replayOf.equals(recorded.id())) {
            // the replayed work failed again further on (at its target): its origin did not take effect either
            store.replayNotSent(replayOf, "the replayed work failed again in " + step + " (exception " + recorded.id() + "): "
                    + draft.error(), now);
        }

        message.setHeader(EXCEPTION_ID, recorded.id());
        message.setHeader(DECISION, decision.name());
        message.setHeader(ERROR_CLASS, draft.errorClass());
        message.setHeader(WORKFLOW, workflow);
        message.setHeader(ESCALATE, recorded.first() && decision == Decision.BUSINESS_ESCALATION);
        exchange.setProperty(DEAD_LETTERED, true);
        LOG.warnf("Dead-lettered workflow=%s step=%s target=%s exception=%s attempt=%d decision=%s key=%s businessKeys=%s error=%s",
                workflow, step, draft.target(), recorded.id(), recorded.attempts(), decision, LogText.escape(draft.factKey()),
                LogText.escape(draft.businessKeys()), LogText.escape(draft.error()));
    }

    /** The workflow a step belongs to: its route group, else the capability its id starts with. */
    static String workflowOf(Route route, String step) {
        if (route != null && route.getGroup() != null) {
            return route.getGroup();
        }
        if (step == null) {
            return "unknown";
        }
        int dot = step.indexOf('.');
        return dot > 0 ? step.substring(0, dot) : step;
    }

    /** plant and businessKeys of the canonical envelope; empty when the payload is not one. */
    static Map<String, String> businessKeysOf(String payload) {
        Map<String, String> keys = new LinkedHashMap<>();
        if (payload == null) {
            return keys;
        }
        try {
            JsonNode envelope = CanonicalJson.MAPPER.readTree(payload);
            if (envelope != null && envelope.path("plant").isTextual()) {
                keys.put("plant", envelope.path("plant").asText());
            }
            envelope.path("businessKeys").fields().forEachRemaining(e -> {
                if (e.getValue().isValueNode() && !e.getValue().isNull()) {
                    keys.put(e.getKey(), e.getValue().asText());
                }
            });
        } catch (Exception notAnEnvelope) {
            // a payload that is not JSON has no business keys; the record still keeps the payload itself
        }
        return keys;
    }

    static String digestOf(String payload) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((payload == null ? "" : payload).getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String describe(Throwable failure) {
        if (failure == null) {
            return "unknown failure";
        }
        Throwable root = failure;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            root = t;
            if (t instanceof org.apache.camel.http.base.HttpOperationFailedException) {
                break;
            }
        }
        String text = root.getClass().getSimpleName() + ": " + root.getMessage();
        if (root instanceof org.apache.camel.http.base.HttpOperationFailedException http && http.getResponseBody() != null) {
            text += " body=" + http.getResponseBody();
        }
        return text;
    }
}
