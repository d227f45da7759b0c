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

    /** Exchange property: the Kafka key as a log line may show it ({@link LogText#escape}). */
    public static final String LOGGED_KEY = "loggedKafkaKey";

    /**
     * Replaces body and headers: the body becomes the event's JSON, the headers are exactly the backbone's
     * (partition key, correlation id, event id/type, schema version, idempotency key), so no inbound
     * transport header leaks onto the topic.
     */

    public static void write(Message message, EventEnvelope<?> event, String partitionKey) {
        try {
            message.setBody(CanonicalJson.MAPPER.writeValueAsString(event));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        message.getHeaders().clear();
        message.setHeader(KafkaConstants.KEY, partitionKey);
        // the key holds partners' values (item, lot): log lines show it escaped, never with its control characters
        if (message.getExchange() != null) {
            message.getExchange().setProperty(LOGGED_KEY, LogText.escape(partitionKey));
        }
        message.setHeader(EventHeaders.CORRELATION_ID, event.correlationId());
        message.setHeader(EventHeaders.EVENT_ID, event.eventId().toString());
        message.setHeader(EventHeaders.EVENT_TYPE, event.eventType());
        message.setHeader(EventHeaders.SCHEMA_VERSION, event.schemaVersion());
        message.setHeader(EventHeaders.IDEMPOTENCY_KEY, event.idempotencyKey());
    }
}
