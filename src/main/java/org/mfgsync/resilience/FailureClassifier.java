package org.mfgsync.resilience;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.component.direct.DirectConsumerNotAvailableException;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.mfgsync.backbone.BusinessRuleException;
import org.mfgsync.canonical.SchemaViolationException;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * Tells a transient failure (outage, timeout, throttling, open circuit: the work is held and retried) from a
 * permanent one (the target refused the request as such, or the message itself cannot be processed: retrying
 * cannot help, it is dead-lettered). Anything not known to be transient is permanent, so a poison message never
 * blocks the messages behind it.
 */
@ApplicationScoped
@Named("failureClassifier")
public class FailureClassifier {

    /** Route predicate: the exception the exchange failed with is permanent. */
    public boolean isPermanent(Exchange exchange) {
        return isPermanent(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
    }

    /** Route predicate: the exception the exchange failed with is transient. */
    public boolean isTransient(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        return isTransient(failure != null ? failure : exchange.getException());
    }

    /** Looks through wrappers (the circuit breaker wraps what the call threw). */
    public static boolean isPermanent(Throwable failure) {
        return failure != null && !isTransient(failure);
    }

    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpOperationFailedException http) {
                int status = http.getStatusCode();
                return status >= 500 || status == 408 || status == 429;
            }
            if (t instanceof ClaimedElsewhereException || StateStore.isOutage(t)) {
                return true;
            }
            if (t instanceof TargetUnavailableException || t instanceof CircuitBreakerOpenException
                    || t instanceof org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException
                    || t instanceof TimeoutException
                    || t instanceof org.apache.kafka.common.errors.RetriableException
                    || t instanceof java.sql.SQLTransientException || t instanceof java.sql.SQLRecoverableException) {
                return true;
            }
            if (t instanceof IOException && !(t instanceof JsonProcessingException)) {
                return true;
            }
        }
        return false;
    }

    /** The error classes a playbook can name for this failure, most specific first. */
    public static List<String> errorClasses(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpOperationFailedException http) {
                int status = http.getStatusCode();
                return List.of("http-" + status, "http-" + (status / 100) + "xx");
            }
            if (t instanceof JsonProcessingException || t instanceof SchemaViolationException) {
                return List.of("invalid-payload");
            }
            if (t instanceof BusinessRuleException rule) {
                return List.of(rule.errorClass(), "business-rule");
            }
            if (t instanceof ClaimedElsewhereException) {
                return List.of("claimed-elsewhere");
            }
            if (t instanceof UnknownDeliveryException) {
                return List.of("unknown-delivery");
            }
            if (t instanceof DirectConsumerNotAvailableException) {
                // routing data names a target instance no connector serves
                return List.of("no-connector");
            }
        }
        return List.of(isTransient(failure) ? "unavailable" : "unexpected");
    }
}
