package org.mfgsync.visibility;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.mfgsync.governance.ProblemDetails;
import org.mfgsync.visibility.TraceSearch.InvalidSearchException;

/**
 * The trace API's operations (routes/api/traces.camel.yaml), behind the admin credential: each writes the HTTP answer.
 * Nothing is logged here: a search names POs, lots and suppliers, and a query is no business event.
 */
@ApplicationScoped
@Named("traceApi")
public class TraceApi {

    /**
     * Exchange property: the flow asked for. The route moves the {@code correlationId} path parameter here before the
     * correlation step, which would otherwise take it (a header of that name) as the request's own correlation id.
     */
    public static final String TRACED_CORRELATION_ID = "tracedCorrelationId";

    private final TraceQuery query;
    private final TraceConfig config;
    private final Clock clock;

    @Inject
    public TraceApi(TraceQuery query, TraceConfig config) {
        this(query, config, Clock.systemUTC());
    }

    TraceApi(TraceQuery query, TraceConfig config, Clock clock) {
        this.query = query;
        this.config = config;
        this.clock = clock;
    }

    /** GET /api/v1/traces?purchaseOrder=&poLine=&supplier=&plant=&item=&lot=&...&from=&to=&page=&size= */
    public void search(Exchange exchange) throws IOException {
        TraceSearch search;
        try {
            search = TraceSearch.parse(exchange.getMessage().getHeader(Exchange.HTTP_QUERY, String.class), config,
                    clock.instant());
        } catch (InvalidSearchException invalid) {
            List<ProblemDetails.Violation> violations = new ArrayList<>();
            if (invalid.parameter() != null) {
                violations.add(new ProblemDetails.Violation(invalid.parameter(), "query-parameter", invalid.getMessage()));
            }
            problem(exchange, 400, "invalid-query", "Invalid trace search", invalid.getMessage(), violations);
            return;
        }
        respond(exchange, 200, query.search(search));
    }

    /** GET /api/v1/traces/{correlationId}: one flow with its timeline, 404 when the trace has no step of it. */
    public void get(Exchange exchange) throws IOException {
        String correlationId = exchange.getProperty(TRACED_CORRELATION_ID, String.class);
        Optional<TraceQuery.Flow> flow = correlationId == null || correlationId.length() > 100 ? Optional.empty()
                : query.find(correlationId);
        if (flow.isEmpty()) {
            problem(exchange, 404, "not-found", "No such flow", "The trace has no step of this correlation id", List.of());
            return;
        }
        respond(exchange, 200, flow.get());
    }

    private static void respond(Exchange exchange, int status, Object body) throws IOException {
        ProblemDetails.answerJson(exchange, status, body);
    }

    private static void problem(Exchange exchange, int status, String type, String title, String detail,
            List<ProblemDetails.Violation> violations) throws IOException {
        ProblemDetails.answerProblem(exchange, status, type, title, detail, violations);
    }
}
