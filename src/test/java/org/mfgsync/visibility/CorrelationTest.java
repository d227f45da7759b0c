package org.mfgsync.visibility;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class CorrelationTest {

    final Correlation correlation = new Correlation();
    final Exchange exchange = new DefaultExchange(new DefaultCamelContext());

    @Test
    void shouldKeepTheCallersCorrelationIdAndPutItInTheLoggingContext() {
        exchange.getMessage().setHeader("X-Correlation-Id", "po-4711.rev-3");

        correlation.process(exchange);

        assertThat(exchange.getMessage().getHeader("correlationId")).isEqualTo("po-4711.rev-3");
        assertThat(exchange.getMessage().getHeader("X-Correlation-Id")).isNull();
        assertThat(MDC.get("correlationId")).isEqualTo("po-4711.rev-3");
    }

    @Test
    void shouldTakeTheCorrelationIdOfAKafkaEvent() {
        exchange.getMessage().setHeader("correlationId", "abc-1".getBytes());

        correlation.process(exchange);

        assertThat(exchange.getMessage().getHeader("correlationId")).isEqualTo("abc-1");
    }

    @Test
    void shouldReplaceAnIdThatCouldForgeLogLines() {
        exchange.getMessage().setHeader("X-Correlation-Id", "x\nINFO fake line");

        correlation.process(exchange);

        String id = exchange.getMessage().getHeader("correlationId", String.class);
        assertThat(id).doesNotContain("\n").matches("[0-9a-f-]{36}");
    }

    @Test
    void shouldTakeTheTraceIdOfAW3cCallerWithoutCorrelationId() {
        exchange.getMessage().setHeader("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");

        correlation.process(exchange);

        assertThat(exchange.getMessage().getHeader("correlationId")).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(exchange.getMessage().getHeader("traceparent")).as("not passed on as the caller sent it").isNull();
        assertThat(correlation.traceparent("4bf92f3577b34da6a3ce929d0e0e4736", exchange))
                .as("the flow's calls continue the caller's trace").startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-");
    }

    @Test
    void shouldPreferTheCorrelationIdAndIgnoreAnInvalidTraceparent() {
        exchange.getMessage().setHeader("X-Correlation-Id", "po-4711");
        exchange.getMessage().setHeader("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        correlation.process(exchange);
        assertThat(exchange.getMessage().getHeader("correlationId")).isEqualTo("po-4711");

        Exchange forged = new DefaultExchange(new DefaultCamelContext());
        forged.getMessage().setHeader("traceparent", "00-x\nINFO fake-00f067aa0ba902b7-01");
        correlation.process(forged);
        assertThat(forged.getMessage().getHeader("correlationId", String.class)).matches("[0-9a-f-]{36}");
    }

    @Test
    void shouldLeaveNoSpanStateOnTheExchangeWhileExportIsOff() {
        exchange.getMessage().setHeader("X-Correlation-Id", "po-4711");

        correlation.process(exchange);
        String traceparent = correlation.traceparent("po-4711", exchange);

        assertThat(exchange.getProperty(org.mfgsync.backbone.TraceParent.SPAN_ID)).isNull();
        assertThat(exchange.getProperty(org.mfgsync.backbone.TraceParent.CALL_SPAN_ID)).isNull();
        assertThat(exchange.getProperty(HopSpan.MARK)).isNull();
        assertThat(traceparent).startsWith("00-" + org.mfgsync.backbone.TraceParent.traceId("po-4711") + "-");
    }
}
