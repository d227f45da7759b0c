package org.mfgsync.visibility.tracing;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * {@code mfgsync.tracing.*}: export of the workflow trace as OpenTelemetry spans over OTLP/HTTP. Off unless
 * {@code mfgsync.tracing.otlp.endpoint} is set (environment: {@code MFGSYNC_TRACING_OTLP_ENDPOINT}); nothing of the
 * exporter is loaded or started then.
 */
@ConfigMapping(prefix = "mfgsync.tracing")
public interface TracingConfig {

    /** The {@code service.name} resource attribute of the exported spans. */
    @WithDefault("mfgsync")
    String serviceName();

    Otlp otlp();

    interface Otlp {

        /**
         * The collector's OTLP/HTTP traces endpoint, e.g. {@code http://otel-collector:4318/v1/traces}; a URL without a
         * path gets {@code /v1/traces}. Unset (the default): no span is exported.
         */
        Optional<String> endpoint();

        /**
         * Headers sent with every export, as {@code name=value} pairs separated by commas (the format of
         * {@code OTEL_EXPORTER_OTLP_HEADERS}), e.g. an API key: {@code x-api-key=...}. Never logged.
         */
        Optional<String> headers();

        /** {@code gzip} or {@code none}. */
        @WithDefault("gzip")
        String compression();

        /** How long one export may take (connecting, sending, the collector's answer) before it counts as failed. */
        @WithDefault("10s")
        Duration timeout();

        /** Spans waiting for export at most; a span recorded while the queue is full is dropped and counted. */
        @WithDefault("8192")
        int maxQueueSize();

        /** Spans per export request at most. */
        @WithDefault("512")
        int maxBatchSize();

        /** How long a span waits at most for more to fill its batch. */
        @WithDefault("2s")
        Duration scheduleDelay();
    }
}
