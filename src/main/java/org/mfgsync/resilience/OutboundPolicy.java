package org.mfgsync.resilience;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Message;
import org.apache.camel.Predicate;
import org.apache.camel.Processor;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.mfgsync.resilience.ResilienceConfig.TargetPolicy;

/**
 * The outbound policy of each target, applied by the error handler of every route that calls one:
 * how often a failed call is redelivered in place (exponential backoff with jitter, at least the target's
 * {@code Retry-After} on 429/503), and when to stop and hold the work instead. Routes name their target in the
 * exchange property {@value #TARGET}.
 */
@ApplicationScoped
@Named("outboundPolicy")
public class OutboundPolicy implements Processor, Predicate {

    /** Exchange property naming the target the route calls, e.g. {@code erp-cloud}. */
    public static final String TARGET = "target";
    static final String UNKNOWN_TARGET = "unknown";
    /** Exchange property: when the current exchange's first call to its target failed (epoch millis). */
    static final String HOLD_STARTED = "mfgsyncHoldStarted";
    /** Exchange property: redeliveries of the current exchange so far (Camel's own counter restarts in nested routes). */
    static final String REDELIVERIES = "mfgsyncRedeliveries";

    private final ResilienceConfig config;
    private final TargetHolds holds;
    private final DoubleSupplier random;

    @Inject
    public OutboundPolicy(ResilienceConfig config, TargetHolds holds) {
        this(config, holds, () -> ThreadLocalRandom.current().nextDouble());
    }

    OutboundPolicy(ResilienceConfig config, TargetHolds holds, DoubleSupplier random) {
        this.config = config;
        this.holds = holds;
        this.random = random;
    }

    /** {@code onExceptionOccurred}: sets the delay before the next redelivery of this exchange. */
    @Override
    public void process(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (failure == null) {
            failure = exchange.getException();
        }
        if (exchange.getProperty(HOLD_STARTED, Long.class) == null) {
            exchange.setProperty(HOLD_STARTED, System.currentTimeMillis());
        }
        int redelivery = exchange.getProperty(REDELIVERIES, 0, Integer.class) + 1;
        exchange.setProperty(REDELIVERIES, redelivery);
        long delay = delayMillis(policyOf(exchange), redelivery, retryAfterMillis(failure, Instant.now()), random);
        exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, delay);
    }

    /** {@code retryWhile}: redeliver a transient failure in place until the target's hold round is over. */
    @Override
    public boolean matches(Exchange exchange) {
        return shouldRedeliver(exchange);
    }

    public boolean shouldRedeliver(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (failure == null) {
            failure = exchange.getException();
        }
        Long started = exchange.getProperty(HOLD_STARTED, Long.class);
        long held = started == null ? 0 : System.currentTimeMillis() - started;
        if (!FailureClassifier.isTransient(failure)) {
            return false;
        }
        if (held < policyOf(exchange).holdRoundMillis()) {
            return true;
        }
        holds.roundEnded(exchange, failure, held);
        return false;
    }

    /**
     * Route step inside a target's {@code circuitBreaker}, after an HTTP call made with
     * {@code throwExceptionOnFailure=false}: an answer that says the target is unwell (5xx, 408, 429) fails the call,
     * so the breaker counts it. A refusal (other 4xx) does not: the target is up and answering.
     */
    public void failIfUnwell(Exchange exchange) throws HttpOperationFailedException {
        int status = statusOf(exchange);
        if (status >= 500 || status == 408 || status == 429) {
            throw failedCall(exchange, status);
        }
    }

    /**
     * Route step right after a target's {@code circuitBreaker}: a refusal (4xx) fails as a permanent failure; a call the
     * open breaker did not make fails as a transient one. (Camel lets a short-circuited call without fallback pass as
     * if it had succeeded, which would lose the work.)
     */
    public void requireCallMade(Exchange exchange) throws HttpOperationFailedException {
        // the breaker does not reset these on a later successful call: read them for this call only
        boolean shortCircuited = Boolean.TRUE.equals(exchange.removeProperty(ExchangePropertyKey.CIRCUIT_BREAKER_RESPONSE_SHORT_CIRCUITED))
                && !Boolean.TRUE.equals(exchange.getProperty(ExchangePropertyKey.CIRCUIT_BREAKER_RESPONSE_SUCCESSFUL_EXECUTION));
        exchange.removeProperty(ExchangePropertyKey.CIRCUIT_BREAKER_RESPONSE_SUCCESSFUL_EXECUTION);
        if (shortCircuited) {
            throw new TargetUnavailableException(exchange.getProperty(TARGET, UNKNOWN_TARGET, String.class));
        }
        int status = statusOf(exchange);
        if (status >= 300) {
            throw failedCall(exchange, status);
        }
    }

    private static int statusOf(Exchange exchange) {
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        return status == null ? 0 : status;
    }

    private static HttpOperationFailedException failedCall(Exchange exchange, int status) {
        Message message = exchange.getMessage();
        Map<String, String> headers = new HashMap<>();
        message.getHeaders().forEach((name, value) -> {
            if (value != null && !name.startsWith("Camel")) {
                headers.put(name, value.toString());
            }
        });
        String uri = exchange.getProperty(ExchangePropertyKey.TO_ENDPOINT, "", String.class);
        return new HttpOperationFailedException(uri, status, message.getHeader(Exchange.HTTP_RESPONSE_TEXT, String.class),
                null, headers, message.getBody(String.class));
    }

    TargetPolicy policyOf(Exchange exchange) {
        String target = exchange.getProperty(TARGET, UNKNOWN_TARGET, String.class);
        return config.targets().get(target);
    }

    /** Delay before redelivery number {@code redelivery} (1-based): exponential, jittered, never below Retry-After. */
    static long delayMillis(TargetPolicy policy, int redelivery, Long retryAfterMillis, DoubleSupplier random) {
        double exponential = policy.initialDelayMillis() * Math.pow(policy.multiplier(), Math.max(0, redelivery - 1));
        double capped = Math.min(policy.maxDelayMillis(), exponential);
        double jittered = capped * (1 + policy.jitter() * (2 * random.getAsDouble() - 1));
        long delay = Math.max(0, Math.round(jittered));
        if (retryAfterMillis != null) {
            delay = Math.max(delay, Math.min(retryAfterMillis, policy.maxDelayMillis()));
        }
        return delay;
    }

    /** The target's {@code Retry-After} on a 429 or 503 (seconds or an HTTP date), or null. */
    static Long retryAfterMillis(Throwable failure, Instant now) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpOperationFailedException http
                    && (http.getStatusCode() == 429 || http.getStatusCode() == 503)) {
                return parseRetryAfter(header(http.getResponseHeaders(), "Retry-After"), now);
            }
        }
        return null;
    }

    static Long parseRetryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.trim();
        try {
            return Math.max(0, Long.parseLong(trimmed) * 1000);
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return Math.max(0, at.toEpochMilli() - now.toEpochMilli());
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    private static String header(Map<String, String> headers, String name) {
        if (headers == null) {
            return null;
        }
        return headers.entrySet().stream().filter(e -> name.equalsIgnoreCase(e.getKey())).map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }
}
