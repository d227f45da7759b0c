package org.mfgsync.governance;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.mfgsync.canonical.CanonicalJson;
import org.mfgsync.canonical.EventHeaders;
import org.mfgsync.canonical.MalformedJsonException;
import org.mfgsync.canonical.SchemaViolation;
import org.mfgsync.canonical.SchemaViolationException;
import org.mfgsync.canonical.UnknownSchemaException;
import org.mfgsync.resilience.ClaimedElsewhereException;
import org.mfgsync.resilience.StateStore;
import org.jboss.logging.Logger;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Turns a rejected API request into an RFC 9457 {@code application/problem+json} answer that names every
 * violation with its path and rule, so the caller can fix all of them in one go.
 */
@ApplicationScoped
@Named("problemDetails")
public class ProblemDetails {

    public static final String MEDIA_TYPE = "application/problem+json";
    static final String TYPE_BASE = "https://mfgsync.org/problems/";
    static final int RETRY_AFTER_SECONDS = 10;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = Logger.getLogger("org.mfgsync.api");

    @RegisterForReflection
    public record Violation(String path, String rule, String message) {
    }

    @RegisterForReflection
    public record Problem(String type, String title, int status, String detail, String correlationId,
            List<Violation> violations) {
    }

    /** Route step inside an {@code onException}: the caught exception becomes the HTTP answer. */
    public void respond(Exchange exchange) throws JsonProcessingException {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String correlationId = exchange.getMessage().getHeader(EventHeaders.CORRELATION_ID, String.class);
        Problem problem = problemFor(cause, correlationId);
        if (problem.status() == 503) {
            LOG.warnf("Could not accept %s request now, caller asked to retry: %s", exchange.getFromRouteId(),
                    cause == null ? "" : cause.getMessage());
        } else if (problem.status() >= 500) {
            LOG.errorf(cause, "Could not accept %s request: %s", exchange.getFromRouteId(), problem.title());
        } else {
            LOG.warnf("Rejected %s request status=%d type=%s violations=%s", exchange.getFromRouteId(), problem.status(),
                    problem.type().substring(TYPE_BASE.length()),
                    problem.violations().stream().map(v -> v.path() + " " + v.rule()).toList());
        }
        write(exchange, problem);
    }

    /**
     * Route step inside an {@code onException} after a step that returned the answer itself: the {@link Problem} in the
     * body becomes the HTTP answer (status, problem+json, the correlation id).
     */
    public void answer(Exchange exchange) throws JsonProcessingException {
        Problem problem = exchange.getMessage().getBody(Problem.class);
        if (problem == null) {
            throw new IllegalStateException("problemDetails.answer: the body is not a Problem");
        }
        write(exchange, problem);
    }

    /**
     * Answers a read API's call: {@code body} as canonical JSON with {@code status}, the call's correlation id echoed,
     * no other header (nothing of the request goes back).
     */
    public static void answerJson(Exchange exchange, int status, Object body) throws JsonProcessingException {
        var message = exchange.getMessage();
        String correlationId = message.getHeader(EventHeaders.CORRELATION_ID, String.class);
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        if (correlationId != null) {
            message.setHeader("X-Correlation-Id", correlationId);
        }
        message.setBody(CanonicalJson.MAPPER.writeValueAsString(body));
    }

    /** Answers a read API's call with a problem+json of type {@code type} (under the problems' base URI). */
    public static void answerProblem(Exchange exchange, int status, String type, String title, String detail,
            List<Violation> violations) throws JsonProcessingException {
        String correlationId = exchange.getMessage().getHeader(EventHeaders.CORRELATION_ID, String.class);
        write(exchange, new Problem(TYPE_BASE + type, title, status, detail, correlationId, violations));
    }

    private static void write(Exchange exchange, Problem problem) throws JsonProcessingException {
        var message = exchange.getMessage();
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, problem.status());
        message.setHeader(Exchange.CONTENT_TYPE, MEDIA_TYPE);
        if (problem.correlationId() != null) {
            message.setHeader("X-Correlation-Id", problem.correlationId());
        }
        if (problem.status() == 503) {
            message.setHeader("Retry-After", RETRY_AFTER_SECONDS);
        }
        message.setBody(JSON.writeValueAsString(problem));
    }

    Problem problemFor(Throwable cause, String correlationId) {
        if (cause instanceof SchemaViolationException invalid) {
            return schemaViolation(invalid.violations().stream().map(ProblemDetails::violationOf).toList(), correlationId);
        }
        if (cause instanceof UnknownSchemaException unknown) {
            return new Problem(TYPE_BASE + "unknown-schema", "No such schema", 404,
                    unknown.getMessage() + "; GET /api/v1/schemas lists the types and versions.", correlationId, List.of());
        }
        if (cause instanceof MalformedJsonException bad) {
            String title = "empty-body".equals(bad.rule()) ? "The body is empty" : "Payload is not valid JSON";
            return new Problem(TYPE_BASE + ("empty-body".equals(bad.rule()) ? "empty-body" : "malformed-json"), title, 400,
                    bad.getMessage() + " (" + bad.location() + ")", correlationId,
                    List.of(new Violation(bad.location(), bad.rule(), bad.getMessage())));
        }
        if (cause instanceof JsonProcessingException) {
            return malformed(cause, correlationId);
        }
        if (isInProgress(cause)) {
            return new Problem(TYPE_BASE + "in-progress", "The same request is being processed", 503,
                    "An earlier delivery with the same idempotency key is still in progress; send it again after the "
                            + "Retry-After interval to learn its outcome (it is never taken twice).", correlationId, List.of());
        }
        if (StateStore.isOutage(cause)) {
            return new Problem(TYPE_BASE + "temporarily-unavailable", "The state database is unavailable", 503,
                    "Nothing was accepted; send the same request again after the Retry-After interval.", correlationId,
                    List.of());
        }
        if (isBackboneOutage(cause)) {
            return new Problem(TYPE_BASE + "temporarily-unavailable", "The event backbone is unavailable", 503,
                    "Nothing was accepted; send the same request again after the Retry-After interval.", correlationId,
                    List.of());
        }
        return new Problem(TYPE_BASE + "internal-error", "The request could not be processed", 500,
                "An internal error occurred; quote the correlation id when reporting it.", correlationId, List.of());
    }

    private static boolean isInProgress(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof ClaimedElsewhereException) {
                return true;
            }
        }
        return false;
    }

    private static boolean isBackboneOutage(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof org.apache.kafka.common.KafkaException) {
                return true;
            }
        }
        return false;
    }

    static Violation violationOf(SchemaViolation violation) {
        return new Violation(violation.path(), violation.rule(), violation.message());
    }

    private static Problem schemaViolation(List<Violation> violations, String correlationId) {
        return new Problem(TYPE_BASE + "schema-violation", "Payload does not match its schema", 400,
                violations.size() + " violation(s); first: " + violations.get(0).path() + ": " + violations.get(0).message(),
                correlationId, violations);
    }

    private static Problem malformed(Throwable cause, String correlationId) {
        String detail = "The body is not well-formed UTF-8 JSON";
        if (cause instanceof JsonProcessingException parse && parse.getLocation() != null) {
            detail += " (line " + parse.getLocation().getLineNr() + ", column " + parse.getLocation().getColumnNr() + ")";
        }
        return new Problem(TYPE_BASE + "malformed-json", "Payload is not valid JSON", 400, detail, correlationId,
                List.of());
    }
}
