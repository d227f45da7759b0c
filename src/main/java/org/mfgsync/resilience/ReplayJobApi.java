package org.mfgsync.resilience;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.mfgsync.canonical.CanonicalJson;
import org.mfgsync.canonical.EventHeaders;
import org.mfgsync.governance.ProblemDetails;
import org.mfgsync.resilience.ExceptionRecord.Filter;
import org.mfgsync.resilience.ReplayJobStore.Job;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The replay job API's operations (routes/api/admin-replay-jobs.camel.yaml), each writing the HTTP answer:
 * {@code POST /api/v1/replay-jobs/dry-run}, {@code POST /api/v1/replay-jobs}, {@code GET /api/v1/replay-jobs[/{id}]},
 * {@code POST /api/v1/replay-jobs/{id}/stop|resume}. The filter is a JSON body (never a query string: business keys
 * stay out of URLs), at least one of workflow, supplier, purchaseOrder, plant, item, lot; unknown fields are refused.
 */
@ApplicationScoped
@Named("replayJobApi")
@RegisterForReflection
public class ReplayJobApi {

    static final Set<String> FILTER_FIELDS = Set.of("workflow", "supplier", "purchaseOrder", "plant", "item", "lot", "limit");
    static final Set<String> JOB_FIELDS = Set.of("exceptionIds", "paceMillis");

    private final ReplayJobs jobs;

    @Inject
    public ReplayJobApi(ReplayJobs jobs) {
        this.jobs = jobs;
    }

    @RegisterForReflection
    public record JobList(int count, List<Job> jobs) {
    }

    /** What a job with this filter would replay; nothing is sent. */
    public void dryRun(Exchange exchange) throws IOException {
        Request request;
        try {
            request = request(exchange, false);
        } catch (InvalidRequest invalid) {
            problem(exchange, 400, "invalid-filter", "Invalid replay filter", invalid.getMessage(), invalid.field);
            return;
        }
        respond(exchange, 200, jobs.dryRun(request.filter, request.limit));
    }

    /** Creates a job and starts it; the worker replays its records one at a time. */
    public void create(Exchange exchange) throws IOException {
        Request request;
        try {
            request = request(exchange, true);
        } catch (InvalidRequest invalid) {
            problem(exchange, 400, "invalid-filter", "Invalid replay job", invalid.getMessage(), invalid.field);
            return;
        }
        var job = jobs.create(request.filter, request.limit, request.only, request.paceMillis,
                ExceptionAdmin.actorOf(exchange), correlationId(exchange));
        if (job.isEmpty()) {
            problem(exchange, 409, "nothing-to-replay", "Nothing to replay",
                    "No OPEN exception matches the filter (and the records named)", null);
            return;
        }
        respond(exchange, 201, job.get());
    }

    public void list(Exchange exchange) throws IOException {
        List<Job> recent = jobs.recent(50);
        respond(exchange, 200, new JobList(recent.size(), recent));
    }

    public void get(Exchange exchange) throws IOException {
        String id = exchange.getMessage().getHeader("id", String.class);
        var job = jobs.find(id);
        if (job.isEmpty()) {
            problem(exchange, 404, "not-found", "No such replay job", "No replay job " + id, null);
            return;
        }
        respond(exchange, 200, job.get());
    }

    public void stop(Exchange exchange) throws IOException {
        change(exchange, true);
    }

    public void resume(Exchange exchange) throws IOException {
        change(exchange, false);
    }

    private void change(Exchange exchange, boolean stop) throws IOException {
        String id = exchange.getMessage().getHeader("id", String.class);
        String correlationId = correlationId(exchange);
        if (jobs.find(id).isEmpty()) {
            problem(exchange, 404, "not-found", "No such replay job", "No replay job " + id, null);
            return;
        }
        String actor = ExceptionAdmin.actorOf(exchange);
        boolean changed = stop ? jobs.stop(id, actor, correlationId) : jobs.resume(id, actor, correlationId);
        Job job = jobs.find(id).orElseThrow();
        if (!changed) {
            problem(exchange, 409, "job-state", stop ? "Only a running job can be stopped" : "Only a stopped job can be resumed",
                    "Replay job " + id + " is " + job.status(), null);
            return;
        }
        respond(exchange, 200, job);
    }

    // ---- the request body ----------------------------------------------------------------------------------------

    private static final class InvalidRequest extends IllegalArgumentException {
        private final String field;

        InvalidRequest(String field, String message) {
            super(message);
            this.field = field;
        }
    }

    private record Request(Filter filter, int limit, List<String> only, Long paceMillis) {
    }

    private Request request(Exchange exchange, boolean job) {
        String text = exchange.getMessage().getBody(String.class);
        JsonNode body;
        try {
            body = text == null || text.isBlank() ? CanonicalJson.MAPPER.createObjectNode() : CanonicalJson.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new InvalidRequest(null, "The body is not well-formed JSON");
        }
        if (body == null || !body.isObject()) {
            throw new InvalidRequest(null, "The body must be a JSON object");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!FILTER_FIELDS.contains(name) && !(job && JOB_FIELDS.contains(name))) {
                throw new InvalidRequest(name, "Unknown field '" + (name.length() > 50 ? name.substring(0, 50) : name)
                        + "'; known are " + FILTER_FIELDS.stream().sorted().toList()
                        + (job ? " and " + JOB_FIELDS.stream().sorted().toList() : ""));
            }
            JsonNode value = body.get(name);
            if (!"exceptionIds".equals(name) && !value.isValueNode()) {
                throw new InvalidRequest(name, "'" + name + "' must be a string or number");
            }
        }
        Filter filter;
        int limit;
        try {
            filter = ExceptionAdmin.filterOf(name -> body.path(name).isValueNode() ? body.path(name).asText() : null);
            limit = ExceptionAdmin.limitOf(body.path("limit").isValueNode() ? body.path("limit").asText() : null);
        } catch (IllegalArgumentException invalid) {
            throw new InvalidRequest(invalid.getMessage().startsWith("limit") ? "limit" : null, invalid.getMessage());
        }
        if (ReplayJobs.describe(filter).isEmpty()) {
            throw new InvalidRequest(null, "Name at least one of workflow, supplier, purchaseOrder, plant, item, lot; "
                    + "replaying everything at once is refused.");
        }
        List<String> only = null;
        if (body.has("exceptionIds")) {
            JsonNode ids = body.get("exceptionIds");
            if (!ids.isArray() || ids.isEmpty()) {
                throw new InvalidRequest("exceptionIds", "'exceptionIds' must be a non-empty array of exception ids");
            }
            only = new ArrayList<>();
            for (JsonNode id : ids) {
                if (!id.isTextual() || id.asText().isBlank() || id.asText().length() > 36) {
                    throw new InvalidRequest("exceptionIds", "'exceptionIds' must hold exception ids");
                }
                only.add(id.asText());
            }
        }
        Long pace = null;
        if (body.has("paceMillis")) {
            JsonNode value = body.get("paceMillis");
            if (!value.canConvertToLong() || !value.isIntegralNumber() || value.asLong() < 0 || value.asLong() > jobs.maxPaceMillis()) {
                throw new InvalidRequest("paceMillis", "'paceMillis' must be a whole number from 0 to " + jobs.maxPaceMillis());
            }
            pace = value.asLong();
        }
        return new Request(filter, limit, only, pace);
    }

    // ---- answers ---------------------------------------------------------------------------------------------------

    private static String correlationId(Exchange exchange) {
        return exchange.getMessage().getHeader(EventHeaders.CORRELATION_ID, String.class);
    }

    private static void respond(Exchange exchange, int status, Object body) throws IOException {
        ProblemDetails.answerJson(exchange, status, body);
    }

    private static void problem(Exchange exchange, int status, String type, String title, String detail, String field)
            throws IOException {
        ProblemDetails.answerProblem(exchange, status, type, title, detail,
                field == null ? List.of() : List.of(new ProblemDetails.Violation(field, "invalid", detail)));
    }
}
