package org.mfgsync.visibility;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.mfgsync.backbone.CanonicalMessages;
import org.mfgsync.backbone.TraceParent;
import org.mfgsync.canonical.EventEnvelope;
import org.mfgsync.visibility.tracing.FlowSpan;
import org.mfgsync.visibility.tracing.SpanExport;

/**
 * While spans are exported: the span of one hop of a flow, from the inbound route's first step ({@link Correlation})
 * until its exchange is done — a webhook or partner API request (SERVER), a record a workflow step or a target's
 * delivery takes off Kafka (CONSUMER, with topic, partition and offset), a file or staging row taken in (INTERNAL).
 * Its span id is the exchange's {@link TraceParent#SPAN_ID}: what the hop publishes names it as parent, the workflow
 * steps recorded on the exchange are its children. A hop whose record or request came with a {@code traceparent} of
 * the flow's own trace is the child of the span that sent it (the publishing hop, or the caller's span when the
 * caller's trace id is the flow's).
 */
final class HopSpan extends SynchronizationAdapter {

    /** Exchange property: when the exchange's last span ended (its hop began, or its last step was recorded), nanos. */
    static final String MARK = "mfgsyncSpanMark";

    private final SpanExport spans;
    private final String correlationId;
    private final String spanId;
    private final String parentSpanId;
    private final long startNanos;
    private final FlowSpan.Kind kind;
    private final Map<String, Object> attributes = new LinkedHashMap<>();

    private HopSpan(SpanExport spans, String correlationId, String spanId, String parentSpanId, long startNanos, FlowSpan.Kind kind) {
        this.spans = spans;
        this.correlationId = correlationId;
        this.spanId = spanId;
        this.parentSpanId = parentSpanId;
        this.startNanos = startNanos;
        this.kind = kind;
    }

    /**
     * Begins the hop's span on {@code exchange} (once per exchange), before its inbound headers are cleared.
     *
     * @param inboundTraceparent the {@code traceparent} the record or request came with, or null
     */
    static void begin(SpanExport spans, Exchange exchange, String correlationId, String inboundTraceparent) {
        if (exchange.getProperty(TraceParent.SPAN_ID) != null) {
            return;
        }
        String parent = null;
        if (inboundTraceparent != null && TraceParent.traceId(correlationId).equals(TraceParent.traceIdOf(inboundTraceparent))) {
            parent = TraceParent.spanIdOf(inboundTraceparent);
        }
        String topic = exchange.getMessage().getHeader("kafka.TOPIC", String.class);
        String method = exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class);
        FlowSpan.Kind kind = topic != null ? FlowSpan.Kind.CONSUMER : method != null ? FlowSpan.Kind.SERVER : FlowSpan.Kind.INTERNAL;
        long now = SpanExport.nowNanos();
        HopSpan hop = new HopSpan(spans, correlationId, TraceParent.newSpanId(), parent, now, kind);
        if (topic != null) {
            hop.attributes.put("messaging.system", "kafka");
            hop.attributes.put("messaging.operation.type", "process");
            hop.attributes.put("messaging.destination.name", topic);
            Object partition = exchange.getMessage().getHeader("kafka.PARTITION");
            if (partition != null) {
                hop.attributes.put("messaging.destination.partition.id", partition.toString());
            }
            Long offset = exchange.getMessage().getHeader("kafka.OFFSET", Long.class);
            if (offset != null) {
                hop.attributes.put("messaging.kafka.offset", offset);
            }
        } else if (method != null) {
            hop.attributes.put("http.request.method", method);
        }
        exchange.setProperty(TraceParent.SPAN_ID, hop.spanId);
        exchange.setProperty(MARK, now);
        exchange.getExchangeExtension().addOnCompletion(hop);
    }

    @Override
    public void onDone(Exchange exchange) {
        String route = exchange.getFromRouteId();
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("correlationId", correlationId);
        if (route != null) {
            attributes.put("mfgsync.route", route);
        }
        attributes.putAll(this.attributes);
        WorkflowTrace.Instance instance = exchange.getProperty(WorkflowTrace.INSTANCE, WorkflowTrace.Instance.class);
        if (instance != null) {
            attributes.put("mfgsync.workflow", instance.workflow());
            SpanExport.putKeys(attributes, instance.plant(), instance.businessKeys());
        } else if (exchange.getProperty(CanonicalMessages.WRITTEN_EVENT) instanceof EventEnvelope<?> event) {
            // an intake hop: the keys of the event it took in
            attributes.put("mfgsync.event.type", event.eventType());
            SpanExport.putKeys(attributes, event.plant(), event.businessKeys());
        }
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (kind == FlowSpan.Kind.SERVER && status != null) {
            attributes.put("http.response.status_code", status.longValue());
        }
        Exception failure = exchange.getException();
        boolean error = failure != null || (kind == FlowSpan.Kind.SERVER && status != null && status >= 500);
        spans.export(new FlowSpan(correlationId, spanId, parentSpanId, route != null ? route : "hop", kind, startNanos,
                SpanExport.nowNanos(), error, failure != null ? failure.getClass().getSimpleName() : error ? "HTTP " + status : null,
                attributes));
    }
}
