package org.mfgsync.visibility.sla;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.mfgsync.governance.ProblemDetails;
import org.mfgsync.visibility.QueryText;
import org.mfgsync.visibility.sla.SlaBreach.Status;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code GET /api/v1/sla-breaches?status=OPEN|CLEARED&kind=&limit=} (routes/api/sla-breaches.camel.yaml), behind the
 * admin credential: open breaches oldest first, cleared ones most recently cleared first. Unknown parameters, an unknown
 * status or kind and a limit out of range are refused with problem+json naming the parameter.
 */
@ApplicationScoped
@Named("slaBreachApi")
public class SlaBreachApi {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 500;
    static final Set<String> PARAMETERS = Set.of("status", "kind", "limit");

    /** The answer: how many breaches this page holds, and the breaches. */
    @RegisterForReflection
    public record BreachList(int count, List<SlaBreach> breaches) {
    }

    /** A validated query. */
    record Query(Status status, String kind, int limit) {
    }

    /** A query parameter that is not acceptable, with the parameter it concerns. */
    static final class InvalidQueryException extends IllegalArgumentException {
        private final String parameter;

        InvalidQueryException(String parameter, String message) {
            super(message);
            this.parameter = parameter;
        }

        String parameter() {
            return parameter;
        }
    }

    private final SlaBreaches breaches;
    private final SlaWatchdog watchdog;

    @Inject
    public SlaBreachApi(SlaBreaches breaches, SlaWatchdog watchdog) {
        this.breaches = breaches;
        this.watchdog = watchdog;
    }

    public void list(Exchange exchange) throws IOException {
        Query query;
        try {
            query = parse(exchange.getMessage().getHeader(Exchange.HTTP_QUERY, String.class), watchdog.kinds());
        } catch (InvalidQueryException invalid) {
            problem(exchange, invalid);
            return;
        }
        List<SlaBreach> found = breaches.list(query.status(), query.kind(), query.limit());
        respond(exchange, new BreachList(found.size(), found));
    }

    /** The raw query string → a query; status defaults to OPEN, limit to {@value #DEFAULT_LIMIT}. */
    /** A badly encoded query (a lone {@code %}) is the caller's error, named, not a failure of the API. */
    private static String decode(String text, String parameter) {
        return QueryText.decoded(text).orElseThrow(() -> new InvalidQueryException(QueryText.shown(parameter),
                "Badly encoded query parameter '" + QueryText.shown(parameter) + "'"));
    }

    static Query parse(String rawQuery, Set<String> kinds) {
        Map<String, String> values = new LinkedHashMap<>();
        Set<String> unknown = new TreeSet<>();
        if (rawQuery != null && !rawQuery.isBlank()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq), "query string");
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1), name);
                if (!PARAMETERS.contains(name)) {
                    unknown.add(name);
                } else if (values.putIfAbsent(name, value) != null) {
                    throw new InvalidQueryException(name, "'" + name + "' is given more than once");
                }
            }
        }
        if (!unknown.isEmpty()) {
            throw new InvalidQueryException(unknown.iterator().next(),
                    "Unknown query parameters " + unknown + "; known: kind, limit, status");
        }
        Status status = Status.OPEN;
        String statusValue = values.get("status");
        if (statusValue != null && !statusValue.isEmpty()) {
            try {
                status = Status.valueOf(statusValue);
            } catch (IllegalArgumentException e) {
                throw new InvalidQueryException("status", "status must be OPEN or CLEARED");
            }
        }
        String kind = values.get("kind");
        if (kind != null && kind.isEmpty()) {
            kind = null;
        }
        if (kind != null && !kinds.contains(kind)) {
            throw new InvalidQueryException("kind", "kind must be one of " + new TreeSet<>(kinds));
        }
        int limit = DEFAULT_LIMIT;
        String limitValue = values.get("limit");
        if (limitValue != null) {
            try {
                limit = Integer.parseInt(limitValue);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new InvalidQueryException("limit", "limit must be a whole number from 1 to " + MAX_LIMIT);
            }
        }
        return new Query(status, kind, limit);
    }

    private static void respond(Exchange exchange, Object body) throws IOException {
        ProblemDetails.answerJson(exchange, 200, body);
    }

    private static void problem(Exchange exchange, InvalidQueryException invalid) throws IOException {
        ProblemDetails.answerProblem(exchange, 400, "invalid-query", "Invalid SLA breach query", invalid.getMessage(),
                List.of(new ProblemDetails.Violation(invalid.parameter(), "query-parameter", invalid.getMessage())));
    }
}
