package org.mfgsync.visibility.tracing;

/** Where spans go while export is on: {@link OtlpSpanExporter}. */
interface SpanSink {

    /** Takes the span for export, or drops and counts it: never waits. */
    void offer(FlowSpan span);

    /** Exports what is queued (bounded by the export timeout) and stops. */
    void close();
}
