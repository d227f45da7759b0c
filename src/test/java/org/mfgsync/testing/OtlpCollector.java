package org.mfgsync.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * An OpenTelemetry collector's OTLP/HTTP traces receiver ({@code POST /v1/traces}, protobuf), played by a WireMock
 * server: the application exports its spans here (mfgsync.tracing.otlp.*, on for the test stack's boot), and a test
 * reads them back decoded with the protocol's own classes (opentelemetry-proto).
 */
public class OtlpCollector implements QuarkusTestResourceLifecycleManager {

    public static final String TRACES = "/v1/traces";
    /** The header the application is configured to send with every export, as an API key would be. */
    public static final String API_KEY_HEADER = "x-api-key";
    public static final String API_KEY = "test-collector-key";

    private static WireMockServer server;

    @Override
    public Map<String, String> start() {
        // one export request per batch for the whole suite: the journal keeps the latest, which the tests read
        server = new WireMockServer(options().dynamicPort().maxRequestJournalEntries(5_000));
        server.start();
        server.stubFor(post(urlEqualTo(TRACES)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/x-protobuf")));
        Map<String, String> config = new LinkedHashMap<>();
        // a base URL: the application adds /v1/traces
        config.put("mfgsync.tracing.otlp.endpoint", server.baseUrl());
        config.put("mfgsync.tracing.otlp.headers", API_KEY_HEADER + "=" + API_KEY);
        config.put("mfgsync.tracing.otlp.schedule-delay", "1s");
        return config;
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    public static WireMockServer server() {
        return server;
    }

    /** One received span with the resource it came under and its attributes as text. */
    public record ReceivedSpan(Span span, Map<String, String> resource, Map<String, String> attributes) {

        public String traceId() {
            return HexFormat.of().formatHex(span.getTraceId().toByteArray());
        }

        public String spanId() {
            return HexFormat.of().formatHex(span.getSpanId().toByteArray());
        }

        public String parentSpanId() {
            return HexFormat.of().formatHex(span.getParentSpanId().toByteArray());
        }

        public String name() {
            return span.getName();
        }
    }

    /** Every span the collector received so far. */
    public static List<ReceivedSpan> spans() {
        List<ReceivedSpan> spans = new ArrayList<>();
        for (LoggedRequest request : server.findAll(postRequestedFor(urlEqualTo(TRACES)))) {
            ExportTraceServiceRequest export = decode(request);
            for (ResourceSpans resourceSpans : export.getResourceSpansList()) {
                Map<String, String> resource = text(resourceSpans.getResource().getAttributesList());
                for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
                    for (Span span : scopeSpans.getSpansList()) {
                        spans.add(new ReceivedSpan(span, resource, text(span.getAttributesList())));
                    }
                }
            }
        }
        return spans;
    }

    /** The spans of one trace. */
    public static List<ReceivedSpan> spansOfTrace(String traceId) {
        return spans().stream().filter(s -> s.traceId().equals(traceId)).toList();
    }

    static ExportTraceServiceRequest decode(LoggedRequest request) {
        byte[] body = request.getBody();
        try {
            if (body.length > 1 && (body[0] & 0xff) == 0x1f && (body[1] & 0xff) == 0x8b) {
                try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                    body = in.readAllBytes();
                }
            }
            return ExportTraceServiceRequest.parseFrom(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> text(List<KeyValue> attributes) {
        Map<String, String> text = new LinkedHashMap<>();
        for (KeyValue attribute : attributes) {
            AnyValue value = attribute.getValue();
            text.put(attribute.getKey(), switch (value.getValueCase()) {
                case STRING_VALUE -> value.getStringValue();
                case INT_VALUE -> Long.toString(value.getIntValue());
                case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
                case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
                default -> value.toString();
            });
        }
        return text;
    }
}
