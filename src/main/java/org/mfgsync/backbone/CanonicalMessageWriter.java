package org.mfgsync.backbone;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Route step after a workflow step that returned a canonical event ({@link CanonicalMessages.Outgoing}) as the body:
 * the message becomes that event as the backbone carries it, ready for its topic
 * ({@code process: {ref: canonicalMessage}}). The event stays in the exchange property
 * {@value CanonicalMessages#PUBLISHED_EVENT}, so the workflow's next trace step takes on its business keys.
 */
@ApplicationScoped
@Named("canonicalMessage")
public class CanonicalMessageWriter implements Processor {

    @Override
    public void process(Exchange exchange) {
        CanonicalMessages.Outgoing outgoing = exchange.getMessage().getBody(CanonicalMessages.Outgoing.class);
        if (outgoing == null) {
            throw new IllegalStateException("canonicalMessage: the body is not a canonical event to write (the step "
                    + "before it returns one)");
        }
        CanonicalMessages.write(exchange.getMessage(), outgoing);
        exchange.setProperty(CanonicalMessages.PUBLISHED_EVENT, outgoing.event());
    }
}
