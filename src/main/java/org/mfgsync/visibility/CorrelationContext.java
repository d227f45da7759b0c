package org.mfgsync.visibility;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.spi.InterceptStrategy;
import org.apache.camel.quarkus.main.events.BeforeConfigure;
import org.apache.camel.support.processor.DelegateAsyncProcessor;
import org.mfgsync.canonical.EventHeaders;
import org.slf4j.MDC;

import io.quarkus.arc.Unremovable;

/**
 * Keeps the logging context with the exchange as it moves between threads: every step of every route runs with the
 * exchange's correlation id (exchange property {@code correlationId}, set by {@link Correlation}) in the logging
 * context, on whichever thread runs it — the HTTP thread, a file consumer, a Kafka consumer, or the thread that
 * continues a route after an asynchronous call (a Kafka producer's callback) — and the thread's previous context is
 * put back when the step returns (also around the correlation step, which sets it), so a thread never logs one
 * exchange's id while working on another or on nothing.
 * It is added to the context as an intercept strategy before the routes are configured; it costs a property read and two MDC updates per step
 * (Camel's own MDC logging, which would do this, is off: it matched every context key against a pattern per exchange).
 */
@ApplicationScoped
@Unremovable
public class CorrelationContext implements InterceptStrategy {

    /** Before Camel Main configures the routes: every route, also one added later by the hot reload, gets the strategy. */
    void register(@Observes BeforeConfigure configure) {
        var strategies = configure.getCamelContext().getCamelContextExtension().getInterceptStrategies();
        if (strategies.stream().noneMatch(CorrelationContext.class::isInstance)) {
            configure.getCamelContext().getCamelContextExtension().addInterceptStrategy(this);
        }
    }

    @Override
    public Processor wrapProcessorInInterceptors(CamelContext context, NamedNode definition, Processor target,
            Processor nextTarget) {
        return new DelegateAsyncProcessor(target) {
            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                String id = exchange.getProperty(EventHeaders.CORRELATION_ID, String.class);
                String before = MDC.get(Correlation.MDC_KEY);
                if (id != null) {
                    MDC.put(Correlation.MDC_KEY, id);
                } else if (before != null) {
                    // not yet correlated (the correlation step itself): no other exchange's id meanwhile
                    MDC.remove(Correlation.MDC_KEY);
                }
                try {
                    return processor.process(exchange, callback);
                } finally {
                    if (before == null) {
                        MDC.remove(Correlation.MDC_KEY);
                    } else {
                        MDC.put(Correlation.MDC_KEY, before);
                    }
                }
            }

            @Override
            public String toString() {
                return "CorrelationContext[" + processor + "]";
            }
        };
    }
}
