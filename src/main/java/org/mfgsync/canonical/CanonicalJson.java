package org.mfgsync.canonical;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one JSON mapping of canonical events. Every producer and consumer of canonical events uses it,
 * so the wire form does not depend on framework defaults (offsets are kept as written, not moved to UTC). Reading is
 * strict: duplicate keys and trailing content fail (bodies from outside go through {@link StrictJson} first).
 */
public final class CanonicalJson {

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            // after the JavaTimeModule, so its OffsetDateTime reader and writer are the ones used
            .addModule(CanonicalTimes.module())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            // newer minor versions of a schema may add optional fields
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            // a duplicate key or content after the event is refused, never silently resolved
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private CanonicalJson() {
    }
}
