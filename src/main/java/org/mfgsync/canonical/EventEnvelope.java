package org.mfgsync.canonical;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The envelope every canonical event travels in (schemas/json/v1, ARCHITECTURE.md §2).
 *
 * @param idempotencyKey stable for the same business fact, so a redelivered fact is recognised at every hop
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
        P payload) {
}
