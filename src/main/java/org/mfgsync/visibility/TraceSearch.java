package org.mfgsync.visibility;

import static org.mfgsync.visibility.QueryText.shown;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A trace search as the API takes it: the query string of {@code GET /api/v1/traces}, checked against a fixed list of
 * parameters. Each business-key parameter has the name of the canonical {@code businessKeys} entry it finds (and
 * {@code plant}), so the key names reaching {@link TraceQuery} come from this list, never from the caller.
 *
 * @param correlationId the one flow asked for, or null
 * @param keys          business key name → value, every one of which a flow must carry (in parameter order)
 * @param from          start of the window (inclusive) in which a flow's key was first seen
 * @param to            end of the window (exclusive)
 * @param page          0-based page of {@code size} flows, newest first
 * @param size          flows per page
 */
@RegisterForReflection
public record TraceSearch(String correlationId, Map<String, String> keys, Instant from, Instant to, int page, int size) {

    /** The business keys a flow can be found by: canonical businessKeys names, the plant, and the intake's names. */
    public static final List<String> KEY_PARAMETERS = List.of("purchaseOrder", "poLine", "supplier", "plant", "item", "lot",
            "inspectionLot", "nonconformance", "correctiveAction", "shipment", "fileName", "fileLine", "stagingBatch");
    static final Set<String> OTHER_PARAMETERS = Set.of("correlationId", "from", "to", "page", "size");
    static final int MAX_VALUE_LENGTH = 200;

    /** A query the API refuses (400), naming the parameter at fault. */
    public static final class InvalidSearchException extends IllegalArgumentException {
        private final String parameter;

        InvalidSearchException(String parameter, String message) {
            super(message);
            this.parameter = parameter;
        }

        public String parameter() {
            return parameter;
        }
    }

    /** The window and paging limits ({@code mfgsync.trace.*}). */
    public interface Limits {
        Duration defaultWindow();

        Duration maxWindow();

        int defaultPageSize();

        int maxPageSize();
    }

    /**
     * Parses a raw (URL-encoded) query string; {@code now} closes a window left open. Refuses, naming the parameter:
     * an unknown or repeated parameter, an empty value, a bad time or number, a window wider than the maximum or
     * ending before it starts, a page size over the maximum, {@code poLine} without {@code purchaseOrder}, and a search
     * with no business key and no correlation id (it would list every flow).
     */
    public static TraceSearch parse(String rawQuery, Limits limits, Instant now) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                String name = decode(equals < 0 ? pair : pair.substring(0, equals), "query string");
                String value = equals < 0 ? "" : decode(pair.substring(equals + 1), name);
                if (!KEY_PARAMETERS.contains(name) && !OTHER_PARAMETERS.contains(name)) {
                    throw new InvalidSearchException(name, "Unknown query parameter '" + shown(name) + "'; known are "
                            + KEY_PARAMETERS + " and " + OTHER_PARAMETERS.stream().sorted().toList());
                }
                if (params.containsKey(name)) {
                    throw new InvalidSearchException(name, "Query parameter '" + name + "' is given more than once");
                }
                if (value.isBlank()) {
                    throw new InvalidSearchException(name, "Query parameter '" + name + "' is empty");
                }
                if (value.length() > MAX_VALUE_LENGTH) {
                    throw new InvalidSearchException(name, "Query parameter '" + name + "' is longer than " + MAX_VALUE_LENGTH);
                }
                params.put(name, value.trim());
            }
        }
        Map<String, String> keys = new LinkedHashMap<>();
        for (String name : KEY_PARAMETERS) {
            if (params.containsKey(name)) {
                keys.put(name, params.get(name));
            }
        }
        if (keys.containsKey("poLine") && !keys.containsKey("purchaseOrder")) {
            throw new InvalidSearchException("poLine", "poLine narrows a purchaseOrder search; give purchaseOrder too");
        }
        if (keys.containsKey("fileLine") && !keys.containsKey("fileName")) {
            throw new InvalidSearchException("fileLine", "fileLine narrows a fileName search; give fileName too");
        }
        String correlationId = params.get("correlationId");
        if (keys.isEmpty() && correlationId == null) {
            throw new InvalidSearchException(null, "A trace search needs a correlationId or at least one business key of "
                    + KEY_PARAMETERS);
        }

        Instant to = params.containsKey("to") ? time(params, "to") : null;
        Instant from = params.containsKey("from") ? time(params, "from") : null;
        if (to == null) {
            to = from == null ? now : min(now, from.plus(limits.maxWindow()));
        }
        if (from == null) {
            from = to.minus(limits.defaultWindow());
        }
        if (!from.isBefore(to)) {
            throw new InvalidSearchException("from", "'from' must be before 'to'");
        }
        if (Duration.between(from, to).compareTo(limits.maxWindow()) > 0) {
            throw new InvalidSearchException(params.containsKey("from") ? "from" : "to", "The window from 'from' to 'to' is "
                    + Duration.between(from, to).toDays() + " days; at most " + limits.maxWindow().toDays() + " days");
        }
        int size = number(params, "size", limits.defaultPageSize(), 1, limits.maxPageSize());
        int page = number(params, "page", 0, 0, 10_000);
        return new TraceSearch(correlationId, keys, from, to, page, size);
    }

    private static Instant time(Map<String, String> params, String name) {
        String text = params.get(name);
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidSearchException(name, "'" + name + "' must be an ISO-8601 time with offset, e.g. "
                    + "2026-03-02T08:15:00Z or 2026-03-02T08:15:00%2B01:00 (a '+' in a URL is %2B)");
        }
    }

    private static int number(Map<String, String> params, String name, int absent, int min, int max) {
        String text = params.get(name);
        if (text == null) {
            return absent;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new InvalidSearchException(name, "'" + name + "' must be a whole number from " + min + " to " + max);
    }

    private static String decode(String text, String parameter) {
        return QueryText.decoded(text).orElseThrow(() -> new InvalidSearchException(parameter,
                "Badly encoded query parameter '" + shown(parameter) + "'"));
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
