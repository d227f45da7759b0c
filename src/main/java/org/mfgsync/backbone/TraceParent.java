package org.mfgsync.backbone;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * W3C Trace Context for a flow: every outbound call and Kafka record of one flow carries a {@code traceparent} whose
 * trace id is derived from the flow's correlation id, so any hop computes the same trace id without state and a
 * partner's tracing system groups the calls of one flow. A correlation id that is itself a W3C trace id (32 lowercase
 * hex digits, as taken from an inbound {@code traceparent}) is used as it is; any other is hashed (SHA-256, first 16
 * bytes). The span id is new per call.
 */
public final class TraceParent {

    public static final String HEADER = "traceparent";

    /**
     * Exchange property, set only while spans are exported (visibility.tracing): the id of the exported span of the
     * hop that handles the exchange. What the hop publishes names it as the parent in its {@code traceparent}, so the
     * consumer's hop span is its child.
     */
    public static final String SPAN_ID = "mfgsyncSpanId";
    /**
     * Exchange property, set only while spans are exported: the span id that the last outbound call's
     * {@code traceparent} named; the workflow step recorded next (the delivery the call made) is exported with it, so
     * the target's own span is a child of that step.
     */
    public static final String CALL_SPAN_ID = "mfgsyncCallSpanId";

    private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");
    /** version 00: version-traceid-parentid-flags; other versions are read by the same prefix, as the spec asks */
    private static final Pattern HEADER_VALUE = Pattern.compile("([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?");
    private static final String INVALID_TRACE_ID = "0".repeat(32);
    private static final String INVALID_SPAN_ID = "0".repeat(16);
    private static final HexFormat HEX = HexFormat.of();

    private TraceParent() {
    }

    /** The trace id of the flow with this correlation id. */
    public static String traceId(String correlationId) {
        if (TRACE_ID.matcher(correlationId).matches() && !correlationId.equals(INVALID_TRACE_ID)) {
            return correlationId;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(correlationId.getBytes(StandardCharsets.UTF_8));
            return HEX.formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** A {@code traceparent} value for one outbound call of the flow: its trace id, a new span id, sampled. */
    public static String header(String correlationId) {
        return header(correlationId, newSpanId());
    }

    /** A {@code traceparent} value naming {@code spanId} (16 lowercase hex digits) as the parent, in the flow's trace. */
    public static String header(String correlationId, String spanId) {
        return "00-" + traceId(correlationId) + "-" + spanId + "-01";
    }

    /** A new random span id: 16 lowercase hex digits, never all zeros. */
    public static String newSpanId() {
        String spanId;
        do {
            spanId = HEX.toHexDigits(ThreadLocalRandom.current().nextLong());
        } while (spanId.equals(INVALID_SPAN_ID));
        return spanId;
    }

    /** The trace id of an inbound {@code traceparent}, or null when the value is not a valid one (then it is ignored). */
    public static String traceIdOf(String headerValue) {
        Matcher m = valid(headerValue);
        return m == null ? null : m.group(2);
    }

    /** The parent span id of an inbound {@code traceparent}, or null when the value is not a valid one. */
    public static String spanIdOf(String headerValue) {
        Matcher m = valid(headerValue);
        return m == null ? null : m.group(3);
    }

    private static Matcher valid(String headerValue) {
        if (headerValue == null) {
            return null;
        }
        Matcher m = HEADER_VALUE.matcher(headerValue.trim());
        if (!m.matches() || m.group(1).equals("ff") || (m.group(1).equals("00") && m.group(5) != null)
                || m.group(2).equals(INVALID_TRACE_ID) || m.group(3).equals(INVALID_SPAN_ID)) {
            return null;
        }
        return m;
    }
}
