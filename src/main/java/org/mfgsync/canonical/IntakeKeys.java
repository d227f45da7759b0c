package org.mfgsync.canonical;

import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Business keys that say how an event reached mfgsync, not what it is about: the file it came in (and the line its
 * records start at) and the staging batch it was read from. The trace finds a flow by them; a partner the event is passed on to is not told them (our
 * ERP's export names are ours).
 */
public final class IntakeKeys {

    /** The name of the file an event came in, as received (no path). */
    public static final String FILE_NAME = "fileName";
    /** The line of that file where the event's first record starts (flat files; 1 is the first line). */
    public static final String FILE_LINE = "fileLine";
    /** The staged document an event was read from (the staging table's document key). */
    public static final String STAGING_BATCH = "stagingBatch";

    static final Set<String> ALL = Set.of(FILE_NAME, FILE_LINE, STAGING_BATCH);

    private IntakeKeys() {
    }

    /** The event's JSON without the intake keys in its {@code businessKeys}; the same text when it has none. */
    public static String withoutIntakeKeys(String eventJson) throws JsonProcessingException {
        JsonNode event = CanonicalJson.MAPPER.readTree(eventJson);
        if (!(event.get("businessKeys") instanceof ObjectNode keys) || ALL.stream().noneMatch(keys::has)) {
            return eventJson;
        }
        keys.remove(ALL);
        return CanonicalJson.MAPPER.writeValueAsString(event);
    }
}
