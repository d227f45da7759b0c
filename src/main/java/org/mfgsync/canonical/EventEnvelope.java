package org.mfgsync.canonical;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The envelope every canonical event travels in (schemas/json/v1/envelope.schema.json, ARCHITECTURE.md §2).
 * A test proves the components match the schema field for field.
 *
 * @param idempotencyKey stable for the same business fact, so a redelivered fact is recognised at every hop
 * @param sourceDocument the document the event was made from (EDI control numbers, source document id), if known
 */
@RegisterForReflection
public record EventEnvelope<P>(
        UUID eventId,
        String eventType,
        String schemaVersion,
        OffsetDateTime occurredAt,
        String correlationId,
        String causationId,
        SourceSystem source,
        String plant,
        Map<String, String> businessKeys,
        String idempotencyKey,
        @JsonInclude(JsonInclude.Include.NON_NULL) SourceDocument sourceDocument,
        P payload) {

    /** An event without a known source document. */
    public EventEnvelope(UUID eventId, String eventType, String schemaVersion, OffsetDateTime occurredAt,
            String correlationId, String causationId, SourceSystem source, String plant, Map<String, String> businessKeys,
            String idempotencyKey, P payload) {
        this(eventId, eventType, schemaVersion, occurredAt, correlationId, causationId, source, plant, businessKeys,
                idempotencyKey, null, payload);
    }
}
