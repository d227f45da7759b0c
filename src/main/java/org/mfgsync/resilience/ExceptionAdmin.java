package org.mfgsync.resilience;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;


import com.fasterxml.jackson.databind.JsonNode;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.mfgsync.canonical.CanonicalJson;
import org.mfgsync.governance.ProblemDetails;
import org.mfgsync.resilience.ExceptionRecord.Filter;
import org.mfgsync.resilience.ExceptionRecord.Status;
import org.mfgsync.resilience.Replays.Outcome;
import org.mfgsync.resilience.Replays.Result;
import org.jboss.logging.Logger;
import org.mfgsync.canonical.EventHeaders;
import org.mfgsync.governance.AdminAccess;
import org.mfgsync.governance.audit.AuditLog;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The admin exception API's operations (routes/api/admin-exceptions.camel.yaml): each writes the HTTP answer. */
@ApplicationScoped
@Named("exceptionAdmin")
public class ExceptionAdmin {

    static final String ACTOR = "admin";
    static final String AUDIT_REPLAY = "exception.replay";
    static final String AUDIT_REPLAY_BY_FILTER = "exception.replay-by-filter";
    static final String AUDIT_DISCARD = "exception.discard";
    static final int MAX_LIMIT = 500;
    private static final Logger LOG = Logger.getLogger("org.mfgsync.resilience");

    private final ExceptionStore store;
    private final Replays replays;
    private final AuditLog audit;

    @Inject
    public ExceptionAdmin(ExceptionStore store, Replays replays, AuditLog audit) {
        this.store = store;
        this.replays = replays;
        this.audit = audit;
    }

    @RegisterForReflection
    public record ExceptionList(int count, List<ExceptionRecord> exceptions) {
    }

    @RegisterForReflection
    public record ReplaySummary(int replayed, List<Result> results) {
    }

    /** GET /api/v1/exceptions?status=&workflow=&supplier=&purchaseOrder=&plant=&item=&lot=&limit= */
    public void list(Exchange exchange) throws IOException {
        Message in = exchange.getMessage();
        Filter filter;
        int limit;
        try {
            filter = filterOf(name -> in.getHeader(name, String.class));
            limit = limitOf(in.getHeader("limit", String.class));
        } catch (IllegalArgumentException invalid) {
            problem(exchange, 400, "invalid-query", "Invalid query parameter", invalid.getMessage());
            return;
        }
        List<ExceptionRecord> found = store.list(filter, limit);
        respond(exchange, 200, new ExceptionList(found.size(), found));
    }

    /** GET /api/v1/exceptions/{id}: the record with payload and history. */
    public void get(Exchange exchange) throws IOException {
        String id = exchange.getMessage().getHeader("id", String.class);
        var record = store.find(id);
        if (record.isEmpty()) {
            problem(exchange, 404, "not-found", "No such exception", "No exception record " + id);
            return;
        }
        respond(exchange, 200, record.get());
    }

    /** POST /api/v1/exceptions/{id}/replay */
    public void replay(Exchange exchange) throws IOException {
        String id = exchange.getMessage().getHeader("id", String.class);
        String actor = actorOf(exchange);
        Result result = replays.replay(id, actor);
        audit(exchange, actor, AUDIT_REPLAY, id, result.outcome().name(), result.detail());
        switch (result.outcome()) {
            case REPLAYED -> respond(exchange, 202, result);
            case NOT_FOUND -> problem(exchange, 404, "not-found", "No such exception", result.detail());
            case NOT_REPLAYABLE -> problem(exchange, 409, "not-replayable", "The exception cannot be replayed now",
                    result.detail());
        }
    }

    /** POST /api/v1/exceptions/replay with a JSON filter (at least one of workflow, supplier, purchaseOrder, ...). */
    public void replayMatching(Exchange exchange) throws IOException {
        Filter filter;
        int limit;
        try {
            JsonNode body = body(exchange);
            filter = filterOf(name -> body.path(name).isValueNode() ? body.path(name).asText() : null);
            limit = limitOf(body.path("limit").isValueNode() ? body.path("limit").asText() : null);
        } catch (IllegalArgumentException invalid) {
            problem(exchange, 400, "invalid-filter", "Invalid replay filter", invalid.getMessage());
            return;
        }
        if (filter.workflow() == null && filter.supplier() == null && filter.purchaseOrder() == null
                && filter.plant() == null && filter.item() == null && filter.lot() == null) {
            problem(exchange, 400, "invalid-filter", "Replay filter is empty",
                    "Name at least one of workflow, supplier, purchaseOrder, plant, item, lot; replaying everything at once is refused.");
            return;
        }
        String actor = actorOf(exchange);
        List<Result> results = replays.replayMatching(filter, actor, limit);
        int replayed = (int) results.stream().filter(r -> r.outcome() == Outcome.REPLAYED).count();
        audit(exchange, actor, AUDIT_REPLAY_BY_FILTER, filter.toString(), replayed + " of " + results.size(),
                results.stream().map(r -> r.id() + " " + r.outcome()).toList().toString());
        LOG.infof("Replay by filter %s: %d of %d replayed", filter, replayed, results.size());
        respond(exchange, 202, new ReplaySummary(replayed, results));
    }

    /** POST /api/v1/exceptions/{id}/discard with {"reason": "..."} */
    public void discard(Exchange exchange) throws IOException {
        String id = exchange.getMessage().getHeader("id", String.class);
        String reason;
        try {
            JsonNode body = body(exchange);
            reason = body.path("reason").isTextual() ? body.path("reason").asText().trim() : "";
        } catch (IllegalArgumentException invalid) {
            problem(exchange, 400, "invalid-request", "Invalid discard request", invalid.getMessage());
            return;
        }
        if (reason.isEmpty()) {
            problem(exchange, 400, "invalid-request", "A reason is required", "Send {\"reason\": \"...\"}.");
            return;
        }
        if (store.find(id).isEmpty()) {
            problem(exchange, 404, "not-found", "No such exception", "No exception record " + id);
            return;
        }
        String actor = actorOf(exchange);
        if (!store.discard(id, reason, actor, OffsetDateTime.now(ZoneOffset.UTC))) {
            audit(exchange, actor, AUDIT_DISCARD, id, "REFUSED", reason);
            problem(exchange, 409, "not-discardable", "Only an OPEN exception can be discarded",
                    "Exception " + id + " is " + store.find(id).map(ExceptionRecord::status).orElse(null));
            return;
        }
        audit(exchange, actor, AUDIT_DISCARD, id, "DISCARDED", reason);
        LOG.infof("Discarded exception=%s by=%s reason=%s", id, actor, reason);
        respond(exchange, 200, store.find(id).orElseThrow());
    }

    /** Who acts, as the admin credential check recorded it ({@code X-Actor}, else the shared token). */
    static String actorOf(Exchange exchange) {
        String actor = exchange.getProperty(AdminAccess.ACTOR, String.class);
        return actor != null ? actor : ACTOR;
    }

    private void audit(Exchange exchange, String actor, String action, String subject, String outcome, String details) {
        audit.record(new AuditLog.Entry(Instant.now(), actor, action, subject, outcome,
                exchange.getMessage().getHeader(EventHeaders.CORRELATION_ID, String.class), details));
    }

    static Filter filterOf(java.util.function.Function<String, String> param) {
        String status = blankToNull(param.apply("status"));
        Status parsed = null;
        if (status != null) {
            try {
                parsed = Status.valueOf(status.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("status must be one of " + List.of(Status.values()));
            }
        }
        return new Filter(parsed, blankToNull(param.apply("workflow")), blankToNull(param.apply("supplier")),
                blankToNull(param.apply("purchaseOrder")), blankToNull(param.apply("plant")),
                blankToNull(param.apply("item")), blankToNull(param.apply("lot")));
    }

    static int limitOf(String limit) {
        if (limit == null || limit.isBlank()) {
            return 100;
        }
        try {
            int value = Integer.parseInt(limit.trim());
            if (value < 1 || value > MAX_LIMIT) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("limit must be a whole number from 1 to " + MAX_LIMIT);
        }
    }

    private static JsonNode body(Exchange exchange) {
        String text = exchange.getMessage().getBody(String.class);
        if (text == null || text.isBlank()) {
            return CanonicalJson.MAPPER.createObjectNode();
        }
        try {
            JsonNode node = CanonicalJson.MAPPER.readTree(text);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("The body must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new IllegalArgumentException("The body is not well-formed JSON");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static void respond(Exchange exchange, int status, Object body) throws IOException {
        ProblemDetails.answerJson(exchange, status, body);
    }

    private static void problem(Exchange exchange, int status, String type, String title, String detail) throws IOException {
        ProblemDetails.answerProblem(exchange, status, type, title, detail, List.of());
    }

}
