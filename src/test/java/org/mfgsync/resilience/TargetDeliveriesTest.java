package org.mfgsync.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.mfgsync.canonical.CanonicalJson;
import org.mfgsync.visibility.WorkflowTrace;

/** The delivery document keeps one entity's work in order and survives a replay that drops the Kafka headers. */
class TargetDeliveriesTest {

    TargetDeliveries deliveries = new TargetDeliveries(null);

    @Test
    void aStockStatusIsOrderedByItsLotAndABatchByItsPlant() throws Exception {
        var block = CanonicalJson.MAPPER.readTree("""
                {"plant":"2000","payload":{"plant":"2000","item":"BRK-4711","lot":"L-7","status":"BLOCKED"}}""");
        var batch = CanonicalJson.MAPPER.readTree("""
                {"batchId":"b-1","plant":"1000","commits":[]}""");

        assertThat(TargetDeliveries.orderKeyOf(block, "2000", "k")).isEqualTo("2000:BRK-4711:L-7");
        assertThat(TargetDeliveries.orderKeyOf(batch, "1000", "b-1")).isEqualTo("1000");
        assertThat(TargetDeliveries.orderKeyOf(CanonicalJson.MAPPER.readTree("{}"), null, "k-9")).isEqualTo("k-9");
    }

    @Test
    void aReplayedDeliveryWithoutHeadersIsRecognisedByItsDocumentAndUnwrappedWithItsContext() throws Exception {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setBody("""
                {"deliveryId":"d-1","target":"erp-legacy-b","endpoint":"direct:erp.erp-legacy-b.inventory-status",
                 "workflow":"quality-containment","step":"erp-blocked","correlationId":"corr-7","idempotencyKey":"k-7",
                 "plant":"2000","businessKeys":{"item":"BRK-4711","lot":"L-7"},"startedAt":"2026-11-27T10:00:00Z",
                 "triggerEventId":"e-1","triggerEventType":"InspectionCompleted","requestedAt":"2026-11-27T10:00:01Z",
                 "document":"{\\"plant\\":\\"2000\\"}"}""");

        assertThat(deliveries.isFor(exchange, "erp-legacy-b")).isTrue();
        assertThat(deliveries.isFor(exchange, "erp-cloud")).isFalse();

        deliveries.unwrap(exchange);

        assertThat(exchange.getMessage().getBody(String.class)).isEqualTo("{\"plant\":\"2000\"}");
        assertThat(exchange.getProperty(TargetDeliveries.ENDPOINT)).isEqualTo("direct:erp.erp-legacy-b.inventory-status");
        assertThat(exchange.getProperty("idempotencyKey")).isEqualTo("k-7");
        assertThat(exchange.getProperty("correlationId")).isEqualTo("corr-7");
        assertThat(exchange.getProperty(OutboundPolicy.TARGET)).isEqualTo("erp-legacy-b");
        assertThat(exchange.getProperty(DeadLetters.WORKFLOW)).isEqualTo("quality-containment");
        var instance = exchange.getProperty(WorkflowTrace.INSTANCE, WorkflowTrace.Instance.class);
        assertThat(instance.businessKeys()).containsEntry("lot", "L-7");
        assertThat(instance.eventType()).isEqualTo("InspectionCompleted");
    }

    @Test
    void anotherTargetsRecordIsSkippedByItsHeaderWithoutReadingIt() throws Exception {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeader("target", "erp-cloud");
        exchange.getMessage().setBody("not read");

        assertThat(deliveries.isFor(exchange, "erp-legacy-a")).isFalse();
    }
}
