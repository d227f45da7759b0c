package org.mfgsync.resilience;

/** A call was not made because the target's circuit breaker is open: transient, the work is held and retried. */
public class TargetUnavailableException extends RuntimeException {

    public TargetUnavailableException(String target) {
        super("Circuit breaker of target " + target + " is open; call not attempted");
    }
}
