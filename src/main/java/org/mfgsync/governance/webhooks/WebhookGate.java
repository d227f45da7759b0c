package org.mfgsync.governance.webhooks;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.camel.spi.IdempotentRepository;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.mfgsync.backbone.Ids;
import org.mfgsync.backbone.LogText;
import org.mfgsync.governance.ProblemDetails;
import org.mfgsync.resilience.ClaimedElsewhereException;
import org.mfgsync.resilience.IdempotencyRepositories;
import org.mfgsync.resilience.ResilienceConfig;
import org.mfgsync.resilience.StateStore;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.AsyncResult;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Every request under the protected webhook paths ({@code mfgsync.webhooks.paths}: the QMS's and the ERP instances'
 * webhooks) passes this gate before any route sees it, whichever route answers the path — one loaded at start or a
 * hot-reloaded one. The gate is a route of the HTTP router itself, ordered before every route Camel adds, so a route
 * file cannot leave it out. It
 * <ol>
 * <li>reads the body as received (the raw bytes the sender signed; the route reads the same bytes afterwards),</li>
 * <li>verifies the signature with {@link WebhookVerifier} and refuses anything else with one and the same
 * {@code 401 application/problem+json} — unknown sender, sender without a secret, missing header, wrong or stale
 * signature — logging one line with the reason (never the signature or a secret),</li>
 * <li>claims the delivery ({@code <sender>:<X-Mfgsync-Delivery-Id>}) in the claims of the state database, the same
 * three-valued, leased claims every consuming step uses: a delivery already done is answered
 * {@code 200 {"status":"duplicate"}} and reaches no route; one in progress elsewhere, or a state database that does
 * not answer, gets {@code 503} with {@code Retry-After}; a new one goes on to its route with the verified sender in the
 * {@value #SENDER_HEADER} header, and its claim is confirmed once the route answered 2xx (released otherwise, so the
 * sender's retry is taken).</li>
 * </ol>
 * Between the signature and the claim, each verified sender's calls pass its own token bucket
 * ({@code mfgsync.webhooks.rate-limit} and {@code burst}, per sender under {@code senders.<name>.}): a call over it is
 * answered {@code 429} with {@code Retry-After}, {@code RateLimit} and {@code RateLimit-Policy}, and reaches nothing;
 * the other senders are not affected.
 */
@ApplicationScoped
public class WebhookGate {

    /** Message header of a verified call: its sender. The gate removes whatever a caller sent under this name. */
    public static final String SENDER_HEADER = "mfgsyncWebhookSender";
    /** The step name of the delivery claims ({@code CAMEL_MESSAGEPROCESSED.processorName}). */
    static final String DELIVERY_STEP = "webhooks.delivery";
    /**
     * Router order: after Quarkus' own filters (negative orders), before every route Camel's platform-http adds (orders
     * from 0 up, in the order the routes start).
     */
    static final int ORDER = -1;
    static final String CORRELATION_HEADER = "X-Correlation-Id";
    static final int RETRY_AFTER_SECONDS = 10;
    private static final long LOG_THROTTLED_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
    static final String REFUSAL_TYPE = "https://mfgsync.org/problems/invalid-signature";
    static final String REFUSAL_TITLE = "Webhook signature missing or wrong";
    /** The detail of every refusal of a webhook call, whatever the reason. */
    public static final String REFUSAL_DETAIL = "Sign every call with your sender's secret: " + WebhookVerifier.TIMESTAMP_HEADER
            + " (Unix seconds, close to now), " + WebhookVerifier.DELIVERY_ID_HEADER + " (your id of the delivery) and "
            + WebhookVerifier.SIGNATURE_HEADER + ": v1=<hex HMAC-SHA256 of timestamp + \".\" + the raw body>.";
    private static final Pattern CORRELATION_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = Logger.getLogger("org.mfgsync.api");

    private final WebhookVerifier verifier;
    private final IdempotentRepository deliveries;
    private final MeterRegistry meters;
    private final long maxBodyBytes;
    private final Map<String, SenderThrottle> throttles;

    @Inject
    public WebhookGate(WebhookConfig config, DataSource dataSource, ResilienceConfig resilience, MeterRegistry meters,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize maxBodySize) {
        this(WebhookVerifier.of(config, Clock.systemUTC()), IdempotencyRepositories.repository(dataSource, DELIVERY_STEP,
                resilience), meters, maxBodySize.asLongValue(), throttles(config));
    }

    WebhookGate(WebhookVerifier verifier, IdempotentRepository deliveries, MeterRegistry meters, long maxBodyBytes,
            Map<String, SenderThrottle> throttles) {
        this.verifier = verifier;
        this.deliveries = deliveries;
        this.meters = meters;
        this.maxBodyBytes = maxBodyBytes;
        this.throttles = throttles;
    }

    /** One token bucket per configured sender, with its own limits or the defaults. */
    static Map<String, SenderThrottle> throttles(WebhookConfig config) {
        Map<String, SenderThrottle> throttles = new HashMap<>();
        config.senders().forEach((name, sender) -> throttles.put(name, new SenderThrottle(sender.rateLimit().orElse(
                config.rateLimit()), sender.burst().orElse(config.burst()), System::nanoTime)));
        return Map.copyOf(throttles);
    }

    /** Puts the gate in front of the protected paths, once, when the HTTP router is set up. */
    void install(@Observes Router router) {
        BodyHandler body = BodyHandler.create(false).setBodyLimit(maxBodyBytes);
        for (String prefix : verifier.protectedPaths()) {
            router.route(prefix + "*").order(ORDER).handler(ctx -> {
                // as Quarkus' own body handler does: a request may have been paused until a handler reads it
                if (!ctx.request().isEnded()) {
                    ctx.request().resume();
                }
                body.handle(ctx);
            }).handler(this::verify);
        }
        List<String> withoutSecret = verifier.sendersWithoutSecret();
        LOG.infof("Webhooks under %s accept only signed calls", String.join(", ", verifier.protectedPaths()));
        if (!withoutSecret.isEmpty()) {
            LOG.warnf("Webhook senders without a secret of at least %d characters, every call of theirs is refused: %s",
                    WebhookVerifier.MIN_SECRET_LENGTH, withoutSecret.stream().collect(Collectors.joining(", ")));
        }
    }

    void verify(RoutingContext ctx) {
        MultiMap headers = ctx.request().headers();
        headers.remove(SENDER_HEADER);
        Buffer received = ctx.body().buffer();
        byte[] body = received == null ? new byte[0] : received.getBytes();
        WebhookVerifier.Verdict verdict = verifier.verify(ctx.normalizedPath(), headers.get(WebhookVerifier.TIMESTAMP_HEADER),
                headers.get(WebhookVerifier.SIGNATURE_HEADER), headers.get(WebhookVerifier.DELIVERY_ID_HEADER), body);
        if (!verdict.verified()) {
            refuse(ctx, verdict);
            return;
        }
        SenderThrottle throttle = throttles.get(verdict.sender());
        long wait = throttle == null ? 0 : throttle.take();
        if (wait > 0) {
            throttled(ctx, verdict.sender(), throttle, wait);
            return;
        }
        headers.set(SENDER_HEADER, verdict.sender());
        String delivery = verdict.sender() + ":" + verdict.deliveryId();
        ctx.vertx().executeBlocking(() -> deliveries.add(delivery), false).onComplete(claim -> {
            if (claim.failed()) {
                unavailable(ctx, verdict, claim.cause());
            } else if (!claim.result()) {
                duplicate(ctx, verdict);
            } else if (ctx.response().closed()) {
                // the caller went away while the delivery was claimed: nothing was done, its retry is taken
                ctx.vertx().executeBlocking(() -> deliveries.remove(delivery), false);
            } else {
                ctx.addEndHandler(end -> settle(ctx, delivery, end));
                ctx.next();
            }
        });
    }

    /** Once the answer is out: a 2xx makes the delivery done; anything else lets the sender's retry be taken. */
    private void settle(RoutingContext ctx, String delivery, AsyncResult<Void> end) {
        int status = ctx.response().getStatusCode();
        boolean done = end.succeeded() && status >= 200 && status < 300;
        ctx.vertx().executeBlocking(() -> done ? deliveries.confirm(delivery) : deliveries.remove(delivery), false)
                .onFailure(e -> LOG.warnf("Webhook delivery claim not %s (it is taken over once its lease ran out) delivery=%s: %s",
                        done ? "confirmed" : "released", LogText.escape(delivery), e.getMessage()));
    }

    private void refuse(RoutingContext ctx, WebhookVerifier.Verdict verdict) {
        String sender = verdict.sender() == null ? "unknown" : verdict.sender();
        String correlationId = correlationId(ctx);
        meters.counter("mfgsync.webhooks.refused", "sender", sender, "reason", verdict.refusal().label()).increment();
        LOG.warnf("Refused webhook call reason=%s sender=%s method=%s path=%s deliveryId=%s correlationId=%s",
                verdict.refusal().label(), sender, ctx.request().method(), LogText.escape(ctx.normalizedPath()),
                LogText.escape(ctx.request().getHeader(WebhookVerifier.DELIVERY_ID_HEADER)), correlationId);
        answer(ctx, 401, ProblemDetails.MEDIA_TYPE, correlationId, new ProblemDetails.Problem(REFUSAL_TYPE, REFUSAL_TITLE, 401,
                REFUSAL_DETAIL, correlationId, List.of()));
    }

    /** Over the sender's rate: 429 with when to come back; nothing is claimed or published. */
    private void throttled(RoutingContext ctx, String sender, SenderThrottle throttle, long waitNanos) {
        long retryAfter = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(waitNanos + TimeUnit.SECONDS.toNanos(1) - 1));
        meters.counter("mfgsync.webhooks.throttled", "sender", sender).increment();
        long refused = throttle.refusalsToReport(LOG_THROTTLED_EVERY_NANOS);
        if (refused > 0) {
            LOG.warnf("Webhook calls over the sender's rate answered 429 sender=%s calls=%d limit=%d per %d s", sender,
                    refused, throttle.burst(), throttle.windowSeconds());
        }
        String correlationId = correlationId(ctx);
        ctx.response().putHeader("Retry-After", String.valueOf(retryAfter))
                .putHeader("RateLimit-Policy", "\"" + sender + "\";q=" + throttle.burst() + ";w=" + throttle.windowSeconds())
                .putHeader("RateLimit", "\"" + sender + "\";r=0;t=" + retryAfter);
        answer(ctx, 429, ProblemDetails.MEDIA_TYPE, correlationId, new ProblemDetails.Problem(
                "https://mfgsync.org/problems/rate-limited", "Too many calls", 429, "This sender's calls are over its rate ("
                        + throttle.burst() + " per " + throttle.windowSeconds() + " s); nothing was accepted, send it again "
                        + "after the Retry-After interval.", correlationId, List.of()));
    }

    private void duplicate(RoutingContext ctx, WebhookVerifier.Verdict verdict) {
        String correlationId = correlationId(ctx);
        LOG.infof("Webhook delivery already accepted, not processed again sender=%s deliveryId=%s correlationId=%s",
                verdict.sender(), verdict.deliveryId(), correlationId);
        ObjectNode body = JSON.createObjectNode().put("status", "duplicate").put("correlationId", correlationId)
                .put("deliveryId", verdict.deliveryId());
        answer(ctx, 200, "application/json", correlationId, body);
    }

    private void unavailable(RoutingContext ctx, WebhookVerifier.Verdict verdict, Throwable cause) {
        String correlationId = correlationId(ctx);
        ProblemDetails.Problem problem;
        if (cause instanceof ClaimedElsewhereException) {
            problem = new ProblemDetails.Problem("https://mfgsync.org/problems/in-progress", "The same delivery is being processed",
                    503, "This delivery id is still in progress; send it again after the Retry-After interval to learn its "
                            + "outcome (it is never taken twice).", correlationId, List.of());
        } else {
            if (!StateStore.isOutage(cause)) {
                LOG.errorf(cause, "Webhook delivery claim failed sender=%s deliveryId=%s", verdict.sender(), verdict.deliveryId());
            } else {
                LOG.warnf("Webhook delivery not claimed, the state database is unavailable sender=%s deliveryId=%s: %s",
                        verdict.sender(), verdict.deliveryId(), cause.getMessage());
            }
            problem = new ProblemDetails.Problem("https://mfgsync.org/problems/temporarily-unavailable",
                    "The state database is unavailable", 503,
                    "Nothing was accepted; send the same request again after the Retry-After interval.", correlationId, List.of());
        }
        ctx.response().putHeader("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
        answer(ctx, 503, ProblemDetails.MEDIA_TYPE, correlationId, problem);
    }

    private static void answer(RoutingContext ctx, int status, String contentType, String correlationId, Object body) {
        String text;
        try {
            text = JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", contentType).putHeader(CORRELATION_HEADER, correlationId)
                .end(text);
    }

    /** The caller's correlation id when it is an acceptable one (as the routes accept it), else a new one. */
    private static String correlationId(RoutingContext ctx) {
        String given = ctx.request().getHeader(CORRELATION_HEADER);
        return given != null && CORRELATION_ID.matcher(given).matches() ? given : Ids.randomId();
    }
}
