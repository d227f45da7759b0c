package org.mfgsync.canonical;

import java.util.Locale;

/** Canonical event type names and the Kafka topics they travel on. */
public final class EventTypes {

    public static final String INSPECTION_COMPLETED = "InspectionCompleted";

    private EventTypes() {
    }

    /** {@code InspectionCompleted} → {@code mfgsync.inspection-completed.v1}. */
    public static String topicOf(String eventType, int majorVersion) {
        String kebab = eventType.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
        return "mfgsync." + kebab + ".v" + majorVersion;
    }
}
