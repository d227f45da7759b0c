package org.mfgsync.resilience;

import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The message a consuming route received, kept so that a dead letter records the record as it came in, not as the
 * route's steps left it. Routes of the configuration {@code outbound-retry-then-dead-letter} keep it on entry
 * ({@link #keep}); its permanent-failure handler restores it before the dead letter ({@link #restore}).
 * <p>
 * Camel's {@code useOriginalMessage} would do the same, but it switches on a copy of every message of every unit of
 * work in the whole context, each with a look-up of its route under the context's lock: measured as the lock most
 * waited for on the delivery threads under load. This keeps one copy per record, of that route only.
 */
@ApplicationScoped
@Named("originalMessage")
public class OriginalMessage {

    /** Exchange property: the received body and headers. */
    static final String PROPERTY = "mfgsyncOriginalMessage";

    private record Received(Object body, Map<String, Object> headers) {
    }

    /** On entry of a route: keeps the message unless an outer route of the same exchange kept it already. */
    public void keep(Exchange exchange) {
        if (exchange.getProperty(PROPERTY) == null) {
            Message in = exchange.getIn();
            exchange.setProperty(PROPERTY, new Received(in.getBody(), new HashMap<>(in.getHeaders())));
        }
    }

    /** Before the dead letter: the message becomes the one received again (body and headers). */
    public void restore(Exchange exchange) {
        if (exchange.getProperty(PROPERTY) instanceof Received received) {
            Message message = exchange.getMessage();
            message.setBody(received.body());
            message.getHeaders().clear();
            message.getHeaders().putAll(received.headers());
        }
    }
}
