package org.mfgsync.connectors.staging;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.dashjoin.jsonata.JException;
import com.fasterxml.jackson.core.JsonProcessingException;

import org.mfgsync.canonical.CanonicalJson;
import org.mfgsync.canonical.CanonicalType;
import org.mfgsync.canonical.EventEnvelope;
import org.mfgsync.canonical.IntakeKeys;
import org.mfgsync.canonical.SchemaValidation;
import org.mfgsync.canonical.SchemaViolation;
import org.mfgsync.connectors.mapping.MappedEvents;
import org.mfgsync.mapping.MappingRegistry;

/**
 * Maps staging-table rows to and from canonical form through the instance's JSONata mappings as they are in force in
 * the {@link MappingRegistry}. Inbound, a document that the mapping refuses ({@code $error(...)}: a value that does
 * not parse, a missing mandatory column, an unknown unit) or whose event breaks its schema is rejected with that
 * reason; nothing here knows a particular system.
 */
public final class StagingMapper {

    /** Business key of every event taken in from a staging table: the staged document's key, for the trace. */
    public static final String STAGING_BATCH_KEY = IntakeKeys.STAGING_BATCH;

    private final MappingRegistry mappings;
    private final MappedEvents events;
    private final SchemaValidation schemas;

    public StagingMapper(MappingRegistry mappings, MappedEvents events, SchemaValidation schemas) {
        this.mappings = mappings;
        this.events = events;
        this.schemas = schemas;
    }

    /** One claimed document → one schema-valid canonical event; {@link StagedDocumentRejectedException} if not. */
    public EventEnvelope<Object> toEvent(StagedDocument document, String instance, String mapping, String correlationId) {
        requirePresent(mapping);
        Object mapped;
        try {
            mapped = mappings.evaluate(mapping, document.mappingInput(instance));
        } catch (RuntimeException e) {
            // the reason says it all: no cause, so the exception record names the rejection, not the JSONata internals
            throw new StagedDocumentRejectedException(document.key(), reasonOf(e), null);
        }
        EventEnvelope<Object> event;
        try {
            event = events.envelope(mapped, correlationId, null,
                    document.key() == null ? Map.of() : Map.of(STAGING_BATCH_KEY, document.key()));
        } catch (IllegalStateException e) {
            throw new StagedDocumentRejectedException(document.key(), e.getMessage(), null);
        }
        List<SchemaViolation> violations;
        try {
            String schema = CanonicalType.find(event.eventType()).orElseThrow(() -> new StagedDocumentRejectedException(
                    document.key(), "the mapping gave the unknown event type " + event.eventType(), null)).schemaName();
            violations = schemas.validate(schema, 1, CanonicalJson.MAPPER.writeValueAsString(event));
        } catch (JsonProcessingException e) {
            throw new StagedDocumentRejectedException(document.key(), "the event is not JSON: " + e.getOriginalMessage(), e);
        }
        if (!violations.isEmpty()) {
            List<String> texts = new ArrayList<>();
            violations.forEach(v -> texts.add(v.path() + ": " + v.message()));
            throw new StagedDocumentRejectedException(document.key(), "the event breaks its schema: " + String.join("; ", texts), null);
        }
        return event;
    }

    /** A canonical message (an event, or a batch of them) → the rows to insert, as the mapping lays them out. */
    public List<Map<String, Object>> toRows(String mapping, Map<String, Object> input) {
        requirePresent(mapping);
        Object mapped = mappings.evaluate(mapping, input);
        if (mapped instanceof Map<?, ?> single && single.get("rows") != null) {
            mapped = single.get("rows");
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        if (mapped instanceof List<?> list) {
            list.forEach(row -> rows.add(asRow(row, mapping)));
        } else {
            rows.add(asRow(mapped, mapping));
        }
        return rows;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asRow(Object row, String mapping) {
        if (row instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new IllegalStateException("The mapping " + mapping + " did not give rows (objects) but " + row);
    }

    private void requirePresent(String mapping) {
        String name = mapping.endsWith(".jsonata") ? mapping.substring(0, mapping.length() - ".jsonata".length()) : mapping;
        if (mappings.get(name).isEmpty()) {
            // a configuration problem, not bad data: the poll fails and the rows stay as they are
            throw new IllegalStateException("No JSONata mapping " + name + ".jsonata is in force (missing, or rejected when it was loaded)");
        }
    }

    /** The text a mapping's {@code $error("...")} gave, or the evaluation failure's own message. */
    static String reasonOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JException j && "D3137".equals(j.getError())) {
                // jsonata-java renders $error's text as {"text"}
                String text = j.getMessage();
                int end = text.lastIndexOf("\"}");
                return text.startsWith("{\"") && end > 1 ? text.substring(2, end) : text;
            }
        }
        String message = e.getMessage();
        return "the mapping failed on the rows: " + (message == null ? e.getClass().getSimpleName() : message);
    }
}
