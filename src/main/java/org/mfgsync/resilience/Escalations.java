package org.mfgsync.resilience;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.mfgsync.backbone.Ids;
import org.mfgsync.canonical.CanonicalJson;
import org.mfgsync.canonical.EscalationRaised;
import org.mfgsync.canonical.EventEnvelope;
import org.mfgsync.canonical.EventHeaders;
import org.mfgsync.canonical.SourceSystem;

/** Business escalation playbook: a dead letter becomes an {@code EscalationRaised} event for the business owner. */
@ApplicationScoped
@Named("escalations")
public class Escalations {

    public static final String EVENT_TYPE = org.mfgsync.canonical.EventTypes.ESCALATION_RAISED;
    static final String SCHEMA_VERSION = "1.0";

    /** Who a dead letter's escalation goes to: the business owner of the workflow it failed in. */
    static final String DEAD_LETTER_OWNER_ROLE = "business-owner";
    static final int MAX_TEXT = 2000;

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
        String workflow = message.getHeader(DeadLetters.WORKFLOW, String.class);
        String errorClass = message.getHeader(DeadLetters.ERROR_CLASS, String.class);
        var payload = new EscalationRaised(workflow,
                "A " + workflow + " step failed for good (" + errorClass + "); its playbook asks the business to decide",
                EscalationRaised.Severity.HIGH, DEAD_LETTER_OWNER_ROLE, null, null, null, exceptionId,
                message.getHeader("failedRouteId", String.class), exchange.getProperty(OutboundPolicy.TARGET, String.class),
                errorClass, truncate(message.getHeader("error", String.class)),
                message.getHeader(EventHeaders.EVENT_ID, String.class), message.getHeader(EventHeaders.EVENT_TYPE, String.class));
        var event = new EventEnvelope<>(Ids.randomUuid(), EVENT_TYPE, SCHEMA_VERSION, OffsetDateTime.now(ZoneOffset.UTC),
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

    private static String truncate(String text) {
        return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT);
    }
}
