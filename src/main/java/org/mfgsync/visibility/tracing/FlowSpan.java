package org.mfgsync.visibility.tracing;

import java.util.Map;

/**
 * One span of a flow, as the trace hands it to the export: plain values, no OpenTelemetry type, so that nothing of
 * the exporter is loaded while export is off. The trace id is the flow's ({@code backbone.TraceParent} of the
 * correlation id), computed on the export's own thread.
 *
 * @param attributes String, Long or Boolean values
 */
public record FlowSpan(String correlationId, String spanId, String parentSpanId, String name, Kind kind, long startEpochNanos,
        long endEpochNanos, boolean error, String statusMessage, Map<String, Object> attributes) {

    /** The OpenTelemetry span kinds the trace uses. */
    public enum Kind {
        /** a workflow decision or step */
        INTERNAL,
        /** a hop taken in over HTTP (webhook, partner API) */
        SERVER,
        /** a hop taken off Kafka (a workflow's or a target's consumer) */
        CONSUMER,
        /** a step that called a target (its delivery) */
        CLIENT
    }
}
