package org.mfgsync.visibility.tracing;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;
import org.mfgsync.backbone.TraceParent;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.InstrumentationLibraryInfo;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * The export while it is on: a bounded queue that the trace offers spans to without ever waiting, and one thread that
 * takes them in batches ({@code max-batch-size}, or what came within {@code schedule-delay} of a batch's first span)
 * and sends each batch with the OpenTelemetry SDK's OTLP/HTTP exporter (protobuf, the JDK's HTTP client), one batch at
 * a time. A span that finds the queue full, and every span of a batch the collector did not take (unreachable, refused,
 * too slow), is dropped and counted ({@code mfgsync_tracing_spans_dropped_total}); the first drop of an outage is logged
 * once, and once more when export works again. The spans are built here, on the export's thread, from the trace's
 * plain {@link FlowSpan}s: the workflow's thread only offers.
 */
final class OtlpSpanExporter implements SpanSink {

    private static final Logger LOG = Logger.getLogger("org.mfgsync.visibility.tracing");
    static final String SCOPE = "org.mfgsync.visibility";

    private final BlockingQueue<FlowSpan> queue;
    private final SpanExporter exporter;
    private final Resource resource;
    private final InstrumentationScopeInfo scope = InstrumentationScopeInfo.create(SCOPE);
    private final int maxBatch;
    private final long scheduleDelayNanos;
    private final long joinMillis;
    private final Counter dropped;
    private final Counter exported;
    /** An outage (queue full or export failed) was logged and export has not worked since. */
    private final AtomicBoolean outageLogged = new AtomicBoolean();
    private final Thread worker;
    private volatile boolean stopping;

    private OtlpSpanExporter(TracingConfig config, SpanExporter exporter, MeterRegistry meters) {
        TracingConfig.Otlp otlp = config.otlp();
        this.queue = new ArrayBlockingQueue<>(otlp.maxQueueSize());
        this.exporter = exporter;
        this.resource = Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), config.serviceName()));
        this.maxBatch = otlp.maxBatchSize();
        this.scheduleDelayNanos = otlp.scheduleDelay().toNanos();
        // the SDK's exporter retries a failed request itself within about its timeout; past twice that it counts as lost
        this.joinMillis = otlp.timeout().multipliedBy(2).plusSeconds(5).toMillis();
        this.dropped = meters.counter(SpanExport.DROPPED);
        this.exported = meters.counter(SpanExport.EXPORTED);
        this.worker = new Thread(this::exportLoop, "otlp-span-export");
        worker.setDaemon(true);
        worker.start();
    }

    /** Builds the exporter from the configuration and starts the export thread. */
    static SpanSink start(TracingConfig config, MeterRegistry meters) {
        TracingConfig.Otlp otlp = config.otlp();
        String compression = otlp.compression();
        if (!compression.equals("gzip") && !compression.equals("none")) {
            throw new IllegalArgumentException("mfgsync.tracing.otlp.compression must be gzip or none, not " + compression);
        }
        if (otlp.maxQueueSize() < 1 || otlp.maxBatchSize() < 1) {
            throw new IllegalArgumentException("mfgsync.tracing.otlp.max-queue-size and max-batch-size must be at least 1");
        }
        OtlpHttpSpanExporterBuilder builder = OtlpHttpSpanExporter.builder()
                .setEndpoint(tracesEndpoint(otlp.endpoint().orElseThrow()))
                .setCompression(compression)
                .setTimeout(otlp.timeout())
                // the exporter's own metrics would go to the global OpenTelemetry instance: there is none here
                .setMeterProvider(MeterProvider::noop);
        headers(otlp.headers().orElse("")).forEach(builder::addHeader);
        return new OtlpSpanExporter(config, builder.build(), meters);
    }

    /** The endpoint as configured; a URL without a path gets OTLP/HTTP's traces path. */
    static String tracesEndpoint(String endpoint) {
        URI uri = URI.create(endpoint.trim());
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException("mfgsync.tracing.otlp.endpoint must be an http(s) URL");
        }
        String path = uri.getRawPath();
        return path == null || path.isEmpty() || path.equals("/") ? endpoint.trim().replaceFirst("/?$", "/v1/traces") : endpoint.trim();
    }

    /** {@code name=value,name2=value2} (values may contain '='); a pair without a name or '=' is refused, naming no value. */
    static Map<String, String> headers(String spec) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String pair : spec.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0 || pair.substring(0, eq).isBlank()) {
                throw new IllegalArgumentException("mfgsync.tracing.otlp.headers must be name=value pairs separated by commas");
            }
            headers.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return headers;
    }

    @Override
    public void offer(FlowSpan span) {
        if (!queue.offer(span)) {
            dropped.increment();
            if (outageLogged.compareAndSet(false, true)) {
                LOG.warnf("Spans dropped: the export queue is full (%d spans), the collector does not keep up or is away; "
                        + "drops are counted in mfgsync_tracing_spans_dropped_total, logged again once export works",
                        queue.size());
            }
        }
    }

    private void exportLoop() {
        List<FlowSpan> batch = new ArrayList<>(maxBatch);
        while (!stopping || !queue.isEmpty()) {
            try {
                FlowSpan first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                long deadline = System.nanoTime() + scheduleDelayNanos;
                while (batch.size() < maxBatch && !stopping) {
                    queue.drainTo(batch, maxBatch - batch.size());
                    long left = deadline - System.nanoTime();
                    if (batch.size() >= maxBatch || left <= 0) {
                        break;
                    }
                    FlowSpan next = queue.poll(left, TimeUnit.NANOSECONDS);
                    if (next != null) {
                        batch.add(next);
                    }
                }
                queue.drainTo(batch, maxBatch - batch.size());
                export(batch);
            } catch (InterruptedException e) {
                stopping = true;
            } catch (RuntimeException e) {
                // a span that cannot be built or sent must not end the export
                failed(batch.size(), e);
            }
            batch.clear();
        }
    }

    private void export(List<FlowSpan> batch) {
        List<SpanData> spans = new ArrayList<>(batch.size());
        for (FlowSpan span : batch) {
            spans.add(toSpanData(span));
        }
        CompletableResultCode result = exporter.export(spans).join(joinMillis, TimeUnit.MILLISECONDS);
        if (result.isSuccess()) {
            exported.increment(batch.size());
            if (outageLogged.compareAndSet(true, false)) {
                LOG.info("Span export works again");
            }
        } else {
            failed(batch.size(), result.isDone() ? result.getFailureThrowable() : null);
        }
    }

    private void failed(int spans, Throwable cause) {
        dropped.increment(spans);
        if (outageLogged.compareAndSet(false, true)) {
            // the cause names the failure (connection refused, HTTP status), never the configured headers
            LOG.warnf("Spans not exported (%d dropped): %s; further drops are counted in mfgsync_tracing_spans_dropped_total, "
                    + "logged again once export works", spans, cause == null ? "no answer within " + joinMillis + " ms"
                            : cause.getClass().getSimpleName() + ": " + cause.getMessage());
        }
    }

    SpanData toSpanData(FlowSpan span) {
        String traceId = TraceParent.traceId(span.correlationId());
        SpanContext context = SpanContext.create(traceId, span.spanId(), TraceFlags.getSampled(), TraceState.getDefault());
        SpanContext parent = span.parentSpanId() == null ? SpanContext.getInvalid()
                : SpanContext.create(traceId, span.parentSpanId(), TraceFlags.getSampled(), TraceState.getDefault());
        AttributesBuilder attributes = Attributes.builder();
        span.attributes().forEach((name, value) -> {
            if (value instanceof Long number) {
                attributes.put(AttributeKey.longKey(name), number);
            } else if (value instanceof Boolean flag) {
                attributes.put(AttributeKey.booleanKey(name), flag);
            } else if (value != null) {
                attributes.put(AttributeKey.stringKey(name), value.toString());
            }
        });
        StatusData status = span.error() ? StatusData.create(StatusCode.ERROR, span.statusMessage() == null ? "" : span.statusMessage())
                : StatusData.unset();
        return new Exported(span.name(), SpanKind.valueOf(span.kind().name()), context, parent, status, span.startEpochNanos(),
                span.endEpochNanos(), attributes.build(), resource, scope);
    }

    @Override
    public void close() {
        stopping = true;
        try {
            worker.join(joinMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        exporter.shutdown().join(5, TimeUnit.SECONDS);
    }

    /** A finished span as the SDK's exporter reads it. */
    record Exported(String name, SpanKind kind, SpanContext spanContext, SpanContext parentSpanContext, StatusData status,
            long startEpochNanos, long endEpochNanos, Attributes attributes, Resource resource, InstrumentationScopeInfo scope)
            implements SpanData {

        @Override
        public String getName() {
            return name;
        }

        @Override
        public SpanKind getKind() {
            return kind;
        }

        @Override
        public SpanContext getSpanContext() {
            return spanContext;
        }

        @Override
        public SpanContext getParentSpanContext() {
            return parentSpanContext;
        }

        @Override
        public StatusData getStatus() {
            return status;
        }

        @Override
        public long getStartEpochNanos() {
            return startEpochNanos;
        }

        @Override
        public Attributes getAttributes() {
            return attributes;
        }

        @Override
        public List<EventData> getEvents() {
            return List.of();
        }

        @Override
        public List<LinkData> getLinks() {
            return List.of();
        }

        @Override
        public long getEndEpochNanos() {
            return endEpochNanos;
        }

        @Override
        public boolean hasEnded() {
            return true;
        }

        @Override
        public int getTotalRecordedEvents() {
            return 0;
        }

        @Override
        public int getTotalRecordedLinks() {
            return 0;
        }

        @Override
        public int getTotalAttributeCount() {
            return attributes.size();
        }

        @Override
        @Deprecated
        public InstrumentationLibraryInfo getInstrumentationLibraryInfo() {
            return InstrumentationLibraryInfo.create(scope.getName(), scope.getVersion());
        }

        @Override
        public InstrumentationScopeInfo getInstrumentationScopeInfo() {
            return scope;
        }

        @Override
        public Resource getResource() {
            return resource;
        }
    }
}
