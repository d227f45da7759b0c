package org.mfgsync.visibility.tracing;

import java.net.URI;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * The workflow trace as OpenTelemetry spans, exported over OTLP/HTTP when {@code mfgsync.tracing.otlp.endpoint} is set
 * ({@link TracingConfig}), off otherwise. The trace's two recording points hand their spans here: the hop that takes a
 * record or request in ({@code visibility.Correlation}, {@code visibility.HopSpan}) and every workflow step
 * ({@code visibility.WorkflowTrace}). Every span of a flow is in the trace whose id the flow's {@code traceparent}
 * already names ({@code backbone.TraceParent}: derived from the correlation id), so a partner's or a collector's trace
 * of the same flow joins it.
 * <p>
 * Off, this is a flag that the recording points test: no exporter class is loaded, no thread started, no exchange
 * property set, nothing allocated per step.
 */
@Singleton
public class SpanExport {

    /** Spans dropped: the queue was full or the collector did not take their batch. */
    public static final String DROPPED = "mfgsync.tracing.spans.dropped";
    /** Spans the collector took. */
    public static final String EXPORTED = "mfgsync.tracing.spans.exported";

    private static final Logger LOG = Logger.getLogger("org.mfgsync.visibility.tracing");
    private static final SpanExport OFF = new SpanExport(null);

    private final SpanSink sink;

    SpanExport(SpanSink sink) {
        this.sink = sink;
    }

    @Inject
    SpanExport(TracingConfig config, MeterRegistry meters) {
        // reported from the start (0), so that an alert on dropped spans has its series before the first drop
        meters.counter(DROPPED);
        meters.counter(EXPORTED);
        String endpoint = config.otlp().endpoint().filter(e -> !e.isBlank()).orElse(null);
        if (endpoint == null) {
            this.sink = null;
            LOG.debug("Tracing export off (mfgsync.tracing.otlp.endpoint is not set)");
        } else {
            this.sink = OtlpSpanExporter.start(config, meters);
            // where to, without any user info or query the URL may hold; the headers are never logged
            URI uri = URI.create(OtlpSpanExporter.tracesEndpoint(endpoint));
            LOG.infof("Tracing export on: workflow spans to %s://%s%s%s (OTLP/HTTP, compression %s)", uri.getScheme(),
                    uri.getHost(), uri.getPort() < 0 ? "" : ":" + uri.getPort(), uri.getRawPath(), config.otlp().compression());
        }
    }

    /** No export: what a trace built outside the application (tests, benches) uses. */
    public static SpanExport off() {
        return OFF;
    }

    /** Whether spans are exported; off, the recording points do nothing more for tracing than ask this. */
    public boolean on() {
        return sink != null;
    }

    /** Hands a finished span to the export (never waits; dropped and counted when the queue is full). */
    public void export(FlowSpan span) {
        if (sink != null) {
            sink.offer(span);
        }
    }

    /** The current time in nanoseconds since the epoch, as spans take it. */
    public static long nowNanos() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** Puts the flow's business keys (the trace API's names: purchaseOrder, lot, supplier, plant, ...) in {@code attributes}. */
    public static void putKeys(Map<String, Object> attributes, String plant, Map<String, String> businessKeys) {
        if (businessKeys != null) {
            businessKeys.forEach((name, value) -> {
                if (name != null && value != null) {
                    attributes.put(name, value);
                }
            });
        }
        if (plant != null) {
            attributes.put("plant", plant);
        }
    }

    @PreDestroy
    void close() {
        if (sink != null) {
            sink.close();
        }
    }
}
