package org.mfgsync.backbone;

import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonProcessingException;

import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.mfgsync.canonical.CanonicalJson;
import org.mfgsync.canonical.EventEnvelope;
import org.mfgsync.canonical.EventHeaders;

/** Writes a canonical event into a Camel message in the form the Kafka backbone carries. */
public final class CanonicalMessages {

    private CanonicalMessages() {
    }

    /**
     * Exchange property: the event a workflow step just wrote for the backbone ({@link CanonicalMessageWriter}); the
     * trace's next step takes on its business keys (e.g. the SCAR id the QMS gave a containment).
     */
    public static final String PUBLISHED_EVENT = "mfgsyncPublishedEvent";

    /**
     * Exchange property, set only while spans are exported ({@link TraceParent#SPAN_ID} set): the last event the
     * exchange wrote for the backbone, whose business keys the hop's span carries (an intake hop has no workflow
     * instance to take them from).
     */
    public static final String WRITTEN_EVENT = "mfgsyncWrittenEvent";

    /** Exchange property: the Kafka key as a log line may show it ({@link LogText#escape}). */
    public static final String LOGGED_KEY = "loggedKafkaKey";

    /**
     * A canonical event on its way to the backbone: the envelope, its JSON (written once, so it can be checked against
     * its schema before it goes) and the key of the partition that keeps its entity's events in order. Workflow steps
     * return it; {@link CanonicalMessageWriter} puts it into the message.
     */
    public record Outgoing(EventEnvelope<?> event, String json, String partitionKey) {

        public static Outgoing of(EventEnvelope<?> event, String partitionKey) {
            try {
                return new Outgoing(event, CanonicalJson.MAPPER.writeValueAsString(event), partitionKey);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Replaces body and headers: the body becomes the event's JSON, the headers are exactly the backbone's
     * (partition key, correlation id, event id/type, schema version, idempotency key), so no inbound
     * transport header leaks onto the topic.
     */
    public static void write(Message message, EventEnvelope<?> event, String partitionKey) {
        write(message, Outgoing.of(event, partitionKey));
    }

    /** As {@link #write(Message, EventEnvelope, String)}, for an event already written. */
    public static void write(Message message, Outgoing outgoing) {
        EventEnvelope<?> event = outgoing.event();
        message.setBody(outgoing.json());
        message.getHeaders().clear();
        message.setHeader(KafkaConstants.KEY, outgoing.partitionKey());
        // the key holds partners' values (item, lot): log lines show it escaped, never with its control characters
        if (message.getExchange() != null) {
            message.getExchange().setProperty(LOGGED_KEY, LogText.escape(outgoing.partitionKey()));
        }
        message.setHeader(EventHeaders.CORRELATION_ID, event.correlationId());
        message.setHeader(EventHeaders.EVENT_ID, event.eventId().toString());
        message.setHeader(EventHeaders.EVENT_TYPE, event.eventType());
        message.setHeader(EventHeaders.SCHEMA_VERSION, event.schemaVersion());
        message.setHeader(EventHeaders.IDEMPOTENCY_KEY, event.idempotencyKey());
        if (event.correlationId() != null) {
            // while spans are exported, the hop that publishes is the parent of the consumer's (visibility.tracing)
            String spanId = message.getExchange() == null ? null : message.getExchange().getProperty(TraceParent.SPAN_ID, String.class);
            message.setHeader(TraceParent.HEADER, spanId == null ? TraceParent.header(event.correlationId())
                    : TraceParent.header(event.correlationId(), spanId));
            if (spanId != null) {
                message.getExchange().setProperty(WRITTEN_EVENT, event);
            }
        }
    }
}
