package org.mfgsync.connectors.mapping;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import org.mfgsync.canonical.EventEnvelope;
import org.mfgsync.canonical.SourceSystem;

/**
 * Completes what a declarative mapping produced into a canonical event: the mapping decides every business field of
 * the envelope ({@code eventType}, {@code schemaVersion}, {@code source}, {@code plant}, {@code businessKeys},
 * {@code idempotencyKey}, {@code payload}); this adds what no mapping can know — a new {@code eventId}, the moment
 * ({@code occurredAt}) and the exchange's {@code correlationId}.
 */
public final class MappedEvents {

    private final Clock clock;
    private final Supplier<UUID> eventIds;

    public MappedEvents(Clock clock, Supplier<UUID> eventIds) {
        this.clock = clock;
        this.eventIds = eventIds;
    }

    public EventEnvelope<Object> envelope(Object mapped, String correlationId, String causationId) {
        return envelope(mapped, correlationId, causationId, Map.of());
    }

    /**
     * As {@link #envelope(Object, String, String)}, with the business keys of where the connector took the event in
     * ({@code fileName}, {@code stagingBatch}) added to the mapping's: they travel in {@code businessKeys} like every
     * other key, so the trace indexes them (visibility.WorkflowTrace). The connector knows its intake better than a
     * mapping does, so its value wins.
     */
    @SuppressWarnings("unchecked")
    public EventEnvelope<Object> envelope(Object mapped, String correlationId, String causationId,
            Map<String, String> intakeKeys) {
        if (!(mapped instanceof Map<?, ?> fields)) {
            throw new IllegalStateException("The mapping did not produce a JSON object but " + mapped);
        }
        Map<String, Object> source = (Map<String, Object>) require(fields, "source");
        Map<String, String> businessKeys = new LinkedHashMap<>();
        ((Map<String, Object>) require(fields, "businessKeys")).forEach((k, v) -> {
            if (v != null) {
                businessKeys.put(k, String.valueOf(v));
            }
        });
        intakeKeys.forEach((k, v) -> {
            if (v != null && !v.isBlank()) {
                businessKeys.put(k, v);
            }
        });
        return new EventEnvelope<>(eventIds.get(), (String) require(fields, "eventType"),
                (String) require(fields, "schemaVersion"), OffsetDateTime.now(clock), correlationId, causationId,
                new SourceSystem((String) require(source, "system"), (String) require(source, "instance")),
                (String) fields.get("plant"), businessKeys, (String) require(fields, "idempotencyKey"),
                require(fields, "payload"));
    }

    private static Object require(Map<?, ?> fields, String name) {
        Object value = fields.get(name);
        if (value == null) {
            throw new IllegalStateException("The mapping left the envelope field '" + name + "' empty");
        }
        return value;
    }
}
