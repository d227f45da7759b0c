package org.mfgsync.resilience;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.mfgsync.canonical.CanonicalJson;
import org.mfgsync.canonical.EventEnvelope;
import org.mfgsync.canonical.EventHeaders;
import org.mfgsync.canonical.SourceSystem;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Business escalation playbook: a dead letter becomes an {@code EscalationRaised} event for the business owner. */
@ApplicationScoped
@Named("escalations")
public class Escalations {

    public static final String EVENT_TYPE = "EscalationRaised";
    static final String SCHEMA_VERSION = "1.0";

    @RegisterForReflection
    public record EscalationRaised(String exceptionId, String workflow, String step, String target, String errorClass,
            String error, String failedEventId, String failedEventType) {
    }

    /**
     * Route step after the dead letter was recorded (headers from {@link DeadLetters#record}): replaces the message
     * with the escalation event, keyed by the exception id, with the failed event's correlation id.
     */
    public void toEscalationEvent(Exchange exchange) throws JsonProcessingException {
        Message message = exchange.getMessage();
        String exceptionId = message.getHeader(DeadLetters.EXCEPTION_ID, String.class);
        String correlationId = message.getHeader(EventHeaders.CORRELATION_ID, String.class);
        Map<String, String> keys = new LinkedHashMap<>(DeadLetters.businessKeysOf(message.getBody(String.class)));
        String plant = keys.remove("plant");
        var payload = new EscalationRaised(exceptionId, message.getHeader(DeadLetters.WORKFLOW, String.class),
                message.getHeader("failedRouteId", String.class), exchange.getProperty(OutboundPolicy.TARGET, String.class),
                message.getHeader(DeadLetters.ERROR_CLASS, String.class), message.getHeader("error", String.class),
                message.getHeader(EventHeaders.EVENT_ID, String.class), message.getHeader(EventHeaders.EVENT_TYPE, String.class));
        var event = new EventEnvelope<>(UUID.randomUUID(), EVENT_TYPE, SCHEMA_VERSION, OffsetDateTime.now(ZoneOffset.UTC),
                correlationId, message.getHeader(EventHeaders.EVENT_ID, String.class), new SourceSystem("mfgsync", "resilience"),
                plant, keys, "escalation:" + exceptionId, payload);
        message.setBody(CanonicalJson.MAPPER.writeValueAsString(event));
        message.getHeaders().clear();
        message.setHeader(KafkaConstants.KEY, exceptionId);
        message.setHeader(EventHeaders.CORRELATION_ID, correlationId);
        message.setHeader(EventHeaders.EVENT_ID, event.eventId().toString());
        message.setHeader(EventHeaders.EVENT_TYPE, EVENT_TYPE);
        message.setHeader(EventHeaders.SCHEMA_VERSION, SCHEMA_VERSION);
        message.setHeader(EventHeaders.IDEMPOTENCY_KEY, event.idempotencyKey());
    }
}
