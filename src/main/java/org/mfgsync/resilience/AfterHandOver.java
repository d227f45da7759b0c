package org.mfgsync.resilience;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Route step after a hand-over to a target's delivery: the state write a workflow step returned into the exchange
 * property {@value #ACTION} (a {@link Runnable}, e.g. "the lot is blocked") runs once the hand-over is acknowledged
 * ({@link HandOvers#afterAcknowledged}), so a hand-over lost with the broker is made again on the retry instead of
 * being skipped as done. Use: {@code setProperty: {name: afterHandOver, method: ...}} then
 * {@code process: {ref: afterHandOver}}.
 */
@ApplicationScoped
@Named("afterHandOver")
public class AfterHandOver implements Processor {

    /** Exchange property: what to do once the hand-over is acknowledged; taken (removed) by this step. */
    public static final String ACTION = "afterHandOver";

    @Override
    public void process(Exchange exchange) {
        Runnable action = exchange.getProperty(ACTION, Runnable.class);
        exchange.removeProperty(ACTION);
        if (action == null) {
            throw new IllegalStateException("afterHandOver: no action in the exchange property " + ACTION);
        }
        HandOvers.afterAcknowledged(exchange, action);
    }
}
