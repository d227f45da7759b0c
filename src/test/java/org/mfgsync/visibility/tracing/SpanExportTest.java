package org.mfgsync.visibility.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.Test;
import org.mfgsync.backbone.TraceParent;
import org.mfgsync.testing.CapturedLogs;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;

class SpanExportTest {

    record Otlp(Optional<String> endpoint, Optional<String> headers, String compression, Duration timeout, int maxQueueSize,
            int maxBatchSize, Duration scheduleDelay) implements TracingConfig.Otlp {
    }

    record Config(String serviceName, Otlp otlp) implements TracingConfig {
    }

    static Config config(String endpoint, String headers, int queue) {
        return new Config("mfgsync-test", new Otlp(Optional.ofNullable(endpoint), Optional.ofNullable(headers), "gzip",
                Duration.ofSeconds(1), queue, 10, Duration.ofMillis(50)));
    }

    static FlowSpan span(String correlationId, String parent, boolean error) {
        long now = SpanExport.nowNanos();
        return new FlowSpan(correlationId, TraceParent.newSpanId(), parent, "quality-containment erp-blocked",
                FlowSpan.Kind.CLIENT, now - 5_000_000, now, error, error ? "HELD: erp-cloud unavailable" : null,
                Map.of("lot", "L-1", "correlationId", correlationId, "mfgsync.attempt", 2L, "mfgsync.sla_breached", false));
    }

    static boolean exportThreadRuns() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("otlp-span-export") && t.isAlive());
    }

    @Test
    void shouldStartNothingAndExportNothingWithoutAnEndpoint() {
        boolean before = exportThreadRuns();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        SpanExport export = new SpanExport(config(null, null, 10), meters);

        export.export(span("corr-off", null, false));

        assertThat(export.on()).isFalse();
        assertThat(SpanExport.off().on()).isFalse();
        assertThat(exportThreadRuns()).as("no export thread started").isEqualTo(before);
        assertThat(meters.counter(SpanExport.EXPORTED).count()).isZero();
        assertThat(meters.counter(SpanExport.DROPPED).count()).isZero();
        assertThat(new SpanExport(config("  ", null, 10), meters).on()).as("a blank endpoint is none").isFalse();
    }

    @Test
    void shouldExportBatchesInTheFlowsTraceWithTheConfiguredHeaders() throws Exception {
        List<ExportTraceServiceRequest> received = new CopyOnWriteArrayList<>();
        List<String> apiKeys = new CopyOnWriteArrayList<>();
        HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/v1/traces", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                body = new GZIPInputStream(new java.io.ByteArrayInputStream(body)).readAllBytes();
            }
            received.add(ExportTraceServiceRequest.parseFrom(body));
            apiKeys.add(exchange.getRequestHeaders().getFirst("x-api-key"));
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        SpanExport export = new SpanExport(config("http://127.0.0.1:" + collector.getAddress().getPort(), "x-api-key=k=1,x-team=ops", 100),
                meters);
        try {
            String parent = TraceParent.newSpanId();
            for (int i = 0; i < 25; i++) {
                export.export(span("corr-42", parent, i == 0));
            }

            await().atMost(Duration.ofSeconds(10)).until(() -> meters.counter(SpanExport.EXPORTED).count() == 25);
            List<Span> spans = received.stream().flatMap(r -> r.getResourceSpansList().stream())
                    .flatMap(r -> r.getScopeSpansList().stream()).flatMap(s -> s.getSpansList().stream()).toList();
            assertThat(received).as("batches of at most max-batch-size").hasSizeGreaterThanOrEqualTo(3);
            assertThat(spans).hasSize(25).allSatisfy(span -> {
                assertThat(HexFormat.of().formatHex(span.getTraceId().toByteArray())).isEqualTo(TraceParent.traceId("corr-42"));
                assertThat(HexFormat.of().formatHex(span.getParentSpanId().toByteArray())).isEqualTo(parent);
                assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
            });
            assertThat(spans.get(0).getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
            assertThat(spans.get(0).getAttributesList()).anySatisfy(a -> {
                assertThat(a.getKey()).isEqualTo("mfgsync.attempt");
                assertThat(a.getValue().getIntValue()).isEqualTo(2);
            });
            assertThat(received.get(0).getResourceSpans(0).getResource().getAttributesList())
                    .anySatisfy(a -> assertThat(a.getValue().getStringValue()).isEqualTo("mfgsync-test"));
            assertThat(apiKeys).containsOnly("k=1");
            assertThat(meters.counter(SpanExport.DROPPED).count()).isZero();
        } finally {
            export.close();
            collector.stop(0);
        }
    }

    @Test
    void shouldDropCountAndLogOnceWhileTheCollectorIsAway() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        CapturedLogs logs = new CapturedLogs("org.mfgsync.visibility.tracing");
        logs.start();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        SpanExport export = new SpanExport(config("http://127.0.0.1:" + closedPort + "/v1/traces", "x-api-key=secret-value", 20),
                meters);
        try {
            // more than the queue holds, offered at once: none waits, every one is counted as dropped
            for (int i = 0; i < 200; i++) {
                export.export(span("corr-away", null, false));
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> meters.counter(SpanExport.DROPPED).count() == 200);
            assertThat(meters.counter(SpanExport.EXPORTED).count()).isZero();
            assertThat(logs.records()).filteredOn(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
                    .as("an outage is logged once, not per span or batch").hasSize(1);
            assertThat(logs.records()).noneSatisfy(r -> assertThat(String.valueOf(r.getMessage()) + List.of(
                    r.getParameters() == null ? new Object[0] : r.getParameters())).contains("secret-value"));
        } finally {
            logs.stop();
            export.close();
        }
    }

    @Test
    void shouldRefuseAnEndpointThatIsNoHttpUrlAndTakeABaseUrl() {
        assertThat(OtlpSpanExporter.tracesEndpoint("http://collector:4318")).isEqualTo("http://collector:4318/v1/traces");
        assertThat(OtlpSpanExporter.tracesEndpoint("http://collector:4318/")).isEqualTo("http://collector:4318/v1/traces");
        assertThat(OtlpSpanExporter.tracesEndpoint("https://otlp.example.com/otlp/v1/traces"))
                .isEqualTo("https://otlp.example.com/otlp/v1/traces");
        assertThatThrownBy(() -> OtlpSpanExporter.tracesEndpoint("collector:4318")).isInstanceOf(IllegalArgumentException.class);
        assertThat(OtlpSpanExporter.headers("a=1, b = x=y ,")).containsExactly(Map.entry("a", "1"), Map.entry("b", "x=y"));
        assertThatThrownBy(() -> OtlpSpanExporter.headers("novalue")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("novalue");
    }
}
