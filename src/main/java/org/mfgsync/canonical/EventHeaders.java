package org.mfgsync.canonical;

/** Names of the message headers (Kafka headers on the backbone) that travel beside every canonical event. */
public final class EventHeaders {

    public static final String CORRELATION_ID = "correlationId";
    public static final String EVENT_ID = "eventId";
    public static final String EVENT_TYPE = "eventType";
    public static final String SCHEMA_VERSION = "schemaVersion";
    public static final String IDEMPOTENCY_KEY = "idempotencyKey";

    private EventHeaders() {
    }
}
