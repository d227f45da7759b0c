package org.mfgsync.backbone;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.mfgsync.canonical.EventEnvelope;
import org.mfgsync.canonical.SourceSystem;

/** A canonical event a workflow step returned becomes the message the backbone carries, and only that. */
class CanonicalMessageWriterTest {

    @Test
    void shouldWriteTheEventsJsonWithExactlyTheBackboneHeaders() {
        var event = new EventEnvelope<>(UUID.fromString("6f1c2b8e-1d2a-4c3b-9e8f-0a1b2c3d4e5f"), "ProcurementActionRequested",
                "1.0", OffsetDateTime.parse("2026-11-27T08:00:00Z"), "corr-1", "event-0", new SourceSystem("mfgsync", "test"),
                "3000", Map.of("item", "BRK-4711"), "key-1:procurement", Map.of("action", "SUPPLIER_DEBIT"));
        CanonicalMessages.Outgoing outgoing = CanonicalMessages.Outgoing.of(event, "3000:BRK-4711:L\n1");
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeader("X-Erp-Signature", "sha256=00");
        exchange.getMessage().setBody(outgoing);

        new CanonicalMessageWriter().process(exchange);

        assertThat(exchange.getMessage().getBody(String.class)).isEqualTo(outgoing.json()).contains("\"idempotencyKey\":\"key-1:procurement\"");
        assertThat(exchange.getMessage().getHeaders()).containsOnlyKeys("kafka.KEY", "correlationId", "eventId", "eventType",
                "schemaVersion", "idempotencyKey", "traceparent");
        assertThat(exchange.getMessage().getHeader("kafka.KEY")).isEqualTo("3000:BRK-4711:L\n1");
        assertThat(exchange.getMessage().getHeader("eventId")).isEqualTo("6f1c2b8e-1d2a-4c3b-9e8f-0a1b2c3d4e5f");
        assertThat(exchange.getMessage().getHeader("traceparent", String.class)).as("the flow's W3C trace")
                .startsWith("00-" + TraceParent.traceId(outgoing.event().correlationId()) + "-");
        assertThat(exchange.getProperty(CanonicalMessages.LOGGED_KEY)).as("escaped for the log lines").isEqualTo(LogText.escape("3000:BRK-4711:L\n1"));
    }
}
