package org.mfgsync.resilience;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * Tells a permanent failure (retrying cannot help: the target refused the request as such) from a transient one
 * (outage, timeout, throttling) that retries and the circuit breaker deal with.
 */
@ApplicationScoped
@Named("failureClassifier")
public class FailureClassifier {

    /** Route predicate: the exception the exchange failed with is permanent. */
    public boolean isPermanent(Exchange exchange) {
        return isPermanent(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
    }

    /** Looks through wrappers (the circuit breaker wraps what the call threw). */
    public static boolean isPermanent(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpOperationFailedException http) {
                int status = http.getStatusCode();
                return status >= 400 && status < 500 && status != 408 && status != 429;
            }
        }
        return false;
    }
}
