package org.mfgsync.backbone;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TraceParentTest {

    @Test
    void shouldGiveEveryCallOfAFlowTheSameTraceIdAndANewSpanId() {
        String first = TraceParent.header("corr-4711");
        String second = TraceParent.header("corr-4711");

        assertThat(first).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        assertThat(first.substring(3, 35)).isEqualTo(second.substring(3, 35)).isEqualTo(TraceParent.traceId("corr-4711"));
        assertThat(first.substring(36, 52)).isNotEqualTo(second.substring(36, 52));
        assertThat(TraceParent.traceId("corr-4712")).isNotEqualTo(TraceParent.traceId("corr-4711"));
    }

    @Test
    void shouldUseACorrelationIdThatIsAW3cTraceIdAsItIs() {
        assertThat(TraceParent.traceId("4bf92f3577b34da6a3ce929d0e0e4736")).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(TraceParent.traceId("4BF92F3577B34DA6A3CE929D0E0E4736")).as("upper case is not a W3C trace id")
                .isNotEqualTo("4BF92F3577B34DA6A3CE929D0E0E4736").matches("[0-9a-f]{32}");
        assertThat(TraceParent.traceId("0".repeat(32))).as("the invalid all-zero id is hashed").isNotEqualTo("0".repeat(32));
    }

    @Test
    void shouldReadTheTraceIdOfAValidInboundTraceparentOnly() {
        assertThat(TraceParent.traceIdOf("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
                .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(TraceParent.traceIdOf(" 01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00-future ")).as("a later version")
                .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(TraceParent.traceIdOf(null)).isNull();
        assertThat(TraceParent.traceIdOf("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra")).isNull();
        assertThat(TraceParent.traceIdOf("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).isNull();
        assertThat(TraceParent.traceIdOf("00-00000000000000000000000000000000-00f067aa0ba902b7-01")).isNull();
        assertThat(TraceParent.traceIdOf("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01")).isNull();
        assertThat(TraceParent.traceIdOf("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01")).isNull();
        assertThat(TraceParent.traceIdOf("00-4bf92f3577b34da6a3ce929d0e0e4736\n-00f067aa0ba902b7-01")).isNull();
    }
}
