package org.mfgsync.visibility.kpi;

import static org.mfgsync.visibility.QueryText.shown;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.mfgsync.visibility.QueryText;

/**
 * The period (and optional plant) of a KPI or scorecard request, parsed from the raw query string against a fixed list
 * of parameters. Refused, naming the parameter: an unknown or repeated parameter, an empty value, a time that is not
 * ISO-8601 with offset, {@code from} not before {@code to}, and a period longer than the configured maximum.
 *
 * @param from  start of the period (inclusive)
 * @param to    end of the period (exclusive)
 * @param plant the plant the figures are narrowed to, or null for all plants
 */
public record KpiPeriod(Instant from, Instant to, String plant) {

    /** The parameters of GET /api/v1/kpis. */
    public static final List<String> KPI_PARAMETERS = List.of("from", "to", "plant");
    /** The parameters of GET /api/v1/suppliers/{id}/scorecard. */
    public static final List<String> SCORECARD_PARAMETERS = List.of("from", "to");
    static final int MAX_VALUE_LENGTH = 100;

    /** The default and the longest period ({@code mfgsync.kpi.*}). */
    public interface Limits {
        Duration defaultWindow();

        Duration maxRange();
    }

    /** A query the API refuses (400), naming the parameter at fault. */
    public static final class InvalidPeriodException extends IllegalArgumentException {
        private final String parameter;

        public InvalidPeriodException(String parameter, String message) {
            super(message);
            this.parameter = parameter;
        }

        public String parameter() {
            return parameter;
        }
    }

    /**
     * Parses {@code rawQuery} (URL-encoded) allowing only {@code known}; a missing {@code to} is {@code now} (or
     * {@code from} plus the maximum, if sooner), a missing {@code from} is {@code to} minus the default window.
     */
    public static KpiPeriod parse(String rawQuery, List<String> known, Limits limits, Instant now) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                String name = decode(equals < 0 ? pair : pair.substring(0, equals), "query string");
                String value = equals < 0 ? "" : decode(pair.substring(equals + 1), name);
                if (!known.contains(name)) {
                    throw new InvalidPeriodException(shown(name), "Unknown query parameter '" + shown(name) + "'; known are "
                            + known);
                }
                if (params.containsKey(name)) {
                    throw new InvalidPeriodException(name, "Query parameter '" + name + "' is given more than once");
                }
                if (value.isBlank()) {
                    throw new InvalidPeriodException(name, "Query parameter '" + name + "' is empty");
                }
                if (value.length() > MAX_VALUE_LENGTH) {
                    throw new InvalidPeriodException(name, "Query parameter '" + name + "' is longer than " + MAX_VALUE_LENGTH);
                }
                params.put(name, value.trim());
            }
        }
        Instant to = params.containsKey("to") ? time(params, "to") : null;
        Instant from = params.containsKey("from") ? time(params, "from") : null;
        if (to == null) {
            to = from == null ? now : min(now, from.plus(limits.maxRange()));
        }
        if (from == null) {
            from = to.minus(limits.defaultWindow());
        }
        if (!from.isBefore(to)) {
            throw new InvalidPeriodException("from", "'from' must be before 'to'");
        }
        Duration range = Duration.between(from, to);
        if (range.compareTo(limits.maxRange()) > 0) {
            throw new InvalidPeriodException(params.containsKey("from") ? "from" : "to", "The period from 'from' to 'to' is "
                    + describe(range) + "; at most " + describe(limits.maxRange()) + " (mfgsync.kpi.max-range)");
        }
        String plant = params.get("plant");
        if (plant != null && !plant.matches("[A-Za-z0-9_-]{1,20}")) {
            throw new InvalidPeriodException("plant", "'plant' must be a plant id of 1 to 20 letters, digits, '-' or '_'");
        }
        return new KpiPeriod(from, to, plant);
    }

    private static Instant time(Map<String, String> params, String name) {
        try {
            return OffsetDateTime.parse(params.get(name)).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidPeriodException(name, "'" + name + "' must be an ISO-8601 time with offset, e.g. "
                    + "2026-03-02T08:15:00Z or 2026-03-02T08:15:00%2B01:00 (a '+' in a URL is %2B)");
        }
    }

    private static String describe(Duration duration) {
        return duration.toHours() % 24 == 0 && duration.toSecondsPart() == 0 && duration.toMinutesPart() == 0
                ? duration.toDays() + " days" : duration.toHours() + " hours";
    }

    private static String decode(String text, String parameter) {
        return QueryText.decoded(text).orElseThrow(() -> new InvalidPeriodException(shown(parameter),
                "Badly encoded query parameter '" + shown(parameter) + "'"));
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
