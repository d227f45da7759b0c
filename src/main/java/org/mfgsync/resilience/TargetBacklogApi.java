package org.mfgsync.resilience;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.mfgsync.governance.ProblemDetails;

/**
 * The held-work API (routes/api/admin-targets.camel.yaml, admin token required): {@code GET /api/v1/targets} answers
 * each target's backlog in short, {@code GET /api/v1/targets/{target}/waiting?limit=} the work waiting on one target
 * and its impact. A broker that does not answer gives 503 with Retry-After, as every API of the product does when its
 * backbone is down.
 */
@ApplicationScoped
@Named("targetBacklogApi")
public class TargetBacklogApi {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    private final TargetBacklog backlog;

    @Inject
    public TargetBacklogApi(TargetBacklog backlog) {
        this.backlog = backlog;
    }

    /** GET /api/v1/targets */
    public void list(Exchange exchange) throws IOException, InterruptedException {
        try {
            respond(exchange, 200, Map.of("targets", backlog.summaries()));
        } catch (ExecutionException | TimeoutException brokerDown) {
            backboneUnavailable(exchange);
        }
    }

    /** GET /api/v1/targets/{target}/waiting?limit= */
    public void waiting(Exchange exchange) throws IOException, InterruptedException {
        Message in = exchange.getMessage();
        String target = in.getHeader("target", String.class);
        if (!backlog.isTarget(target)) {
            problem(exchange, 404, "not-found", "No such target", "No target " + target + " is configured.");
            return;
        }
        int limit;
        try {
            limit = limitOf(in.getHeader("limit", String.class));
        } catch (IllegalArgumentException invalid) {
            problem(exchange, 400, "invalid-query", "Invalid query parameter", invalid.getMessage());
            return;
        }
        try {
            respond(exchange, 200, backlog.backlog(target, limit));
        } catch (ExecutionException | TimeoutException brokerDown) {
            backboneUnavailable(exchange);
        }
    }

    static int limitOf(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_LIMIT;
        }
        int limit;
        try {
            limit = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("limit must be a whole number from 1 to " + MAX_LIMIT + ", got '" + value + "'");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be from 1 to " + MAX_LIMIT + ", got " + limit);
        }
        return limit;
    }

    private static void backboneUnavailable(Exchange exchange) throws IOException {
        problem(exchange, 503, "backbone-unavailable", "The event backbone does not answer",
                "The Kafka brokers did not answer within " + TargetBacklog.BROKER_TIMEOUT.toSeconds() + " s; try again shortly.");
        exchange.getMessage().setHeader("Retry-After", "10");
    }

    private static void respond(Exchange exchange, int status, Object body) throws IOException {
        ProblemDetails.answerJson(exchange, status, body);
    }

    private static void problem(Exchange exchange, int status, String type, String title, String detail) throws IOException {
        ProblemDetails.answerProblem(exchange, status, type, title, detail, List.of());
    }
}
