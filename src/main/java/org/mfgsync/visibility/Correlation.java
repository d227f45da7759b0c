package org.mfgsync.visibility;

import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.mfgsync.backbone.Ids;
import org.mfgsync.backbone.TraceParent;
import org.mfgsync.canonical.EventHeaders;
import org.apache.camel.spi.Synchronization;
import org.apache.camel.support.SynchronizationAdapter;
import org.mfgsync.visibility.tracing.SpanExport;
import org.slf4j.MDC;

import jakarta.inject.Inject;

/**
 * First step of every inbound route: takes the caller's correlation id ({@code X-Correlation-Id} over HTTP,
 * the {@code correlationId} header on Kafka) or creates one, and puts it in the message header and the
 * logging context so that every log line of the exchange carries it (set per exchange, removed when it is done;
 * a caller without a correlation id but with a W3C {@code traceparent} gets its trace id as the correlation id;
 * Camel's own MDC logging is off: it matched every context key against a pattern per exchange).
 */
@ApplicationScoped
@Named("correlation")
public class Correlation implements Processor {

    public static final String HTTP_HEADER = "X-Correlation-Id";
    public static final String MDC_KEY = "correlationId";

    /** Anything else (too long, control characters) is replaced, so a caller cannot forge log lines. */
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    private final SpanExport spans;

    public Correlation() {
        this(SpanExport.off());
    }

    @Inject
    public Correlation(SpanExport spans) {
        this.spans = spans;
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        String id = accepted(message.getHeader(HTTP_HEADER, String.class));
        if (id == null) {
            id = accepted(message.getHeader(EventHeaders.CORRELATION_ID, String.class));
        }
        if (id == null) {
            // a caller that speaks W3C Trace Context: its trace id is the flow's correlation id (and so its trace id
            // on every call this flow makes, TraceParent)
            id = TraceParent.traceIdOf(message.getHeader(TraceParent.HEADER, String.class));
        }
        if (id == null) {
            id = Ids.randomId();
        }
        if (spans.on()) {
            // the hop's span (HopSpan), begun before the inbound traceparent, its parent, is cleared
            HopSpan.begin(spans, exchange, id, message.getHeader(TraceParent.HEADER, String.class));
        }
        message.removeHeader(HTTP_HEADER);
        message.removeHeader(TraceParent.HEADER);
        message.setHeader(EventHeaders.CORRELATION_ID, id);
        // the property survives connectors that rewrite the headers for their own transport
        exchange.setProperty(EventHeaders.CORRELATION_ID, id);
        // the logging context is this exchange's from here until it is done, and no longer: a thread that takes the
        // next exchange, or a client's callback thread, never logs under this id
        MDC.put(MDC_KEY, id);
        if (!Boolean.TRUE.equals(exchange.getProperty(CLEARS_MDC))) {
            exchange.setProperty(CLEARS_MDC, true);
            exchange.getExchangeExtension().addOnCompletion(CLEAR);
        }
    }

    /**
     * Route step before an outbound call: the {@code traceparent} of the call, in the flow's trace (TraceParent). While
     * spans are exported, its span id is kept ({@link TraceParent#CALL_SPAN_ID}) and the step recorded next, the
     * delivery the call made, is exported with it: the target's span is that step's child.
     */
    public String traceparent(@ExchangeProperty(EventHeaders.CORRELATION_ID) String correlationId, Exchange exchange) {
        if (correlationId != null && exchange.getProperty(TraceParent.SPAN_ID) != null) {
            String spanId = TraceParent.newSpanId();
            exchange.setProperty(TraceParent.CALL_SPAN_ID, spanId);
            return TraceParent.header(correlationId, spanId);
        }
        return TraceParent.header(correlationId != null ? correlationId : Ids.randomId());
    }

    /** Exchange property: the exchange removes the correlation id from the logging context when it is done. */
    private static final String CLEARS_MDC = "mfgsyncClearsMdc";

    private static final Synchronization CLEAR = new SynchronizationAdapter() {
        @Override
        public void onDone(Exchange exchange) {
            MDC.remove(MDC_KEY);
        }
    };

    static String accepted(String candidate) {
        if (candidate == null) {
            return null;
        }
        String trimmed = candidate.trim();
        return ACCEPTED.matcher(trimmed).matches() ? trimmed : null;
    }
}
