package org.mfgsync.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.mfgsync.canonical.CanonicalJson;
import org.mfgsync.visibility.WorkflowTrace;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * The delivery document keeps one entity's work in order and survives a replay that drops the Kafka headers; the
 * endpoint that performs it comes from the target's configured operations, never from the record.
 */
class TargetDeliveriesTest {

    static final ResilienceConfig CONFIG = config(Map.of(
            "mfgsync.resilience.targets.erp-legacy-b.operations.inventory-status", "direct:erp.erp-legacy-b.inventory-status",
            "mfgsync.resilience.targets.erp-legacy-b.operations.bad", "sql:delete from quality_containment",
            "mfgsync.resilience.continuations.scar-opened", "direct:quality.scar-opened"));

    TargetDeliveries deliveries = new TargetDeliveries(null, null, CONFIG);

    static ResilienceConfig config(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(ResilienceConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 500)).build();
        return config.getConfigMapping(ResilienceConfig.class);
    }

    @Test
    void aStockStatusAndALotsRequestAreOrderedByTheirLotAndABatchByItsPlant() throws Exception {
        var block = TargetDeliveries.DocumentKeys.read("""
                {"plant":"2000","payload":{"plant":"2000","item":"BRK-4711","lot":"L-7","status":"BLOCKED"}}""");
        var scar = TargetDeliveries.DocumentKeys.read("""
                {"supplier":"SUP-100","plant":"3000","item":"BRK-4711","lot":"L-9"}""");
        var batch = TargetDeliveries.DocumentKeys.read("""
                {"batchId":"b-1","plant":"1000","commits":[]}""");

        assertThat(TargetDeliveries.orderKeyOf(block, "2000", "k")).isEqualTo("2000:BRK-4711:L-7");
        assertThat(TargetDeliveries.orderKeyOf(scar, "3000", "k")).isEqualTo("3000:BRK-4711:L-9");
        assertThat(TargetDeliveries.orderKeyOf(batch, "1000", "b-1")).isEqualTo("1000");
        assertThat(TargetDeliveries.orderKeyOf(TargetDeliveries.DocumentKeys.read("{}"), null, "k-9")).isEqualTo("k-9");
    }

    @Test
    void aHandOverReadsTheKeysOfItsDocumentWhateverElseItHolds() throws Exception {
        var document = TargetDeliveries.DocumentKeys.read("""
                {"eventId":"e-1","payload":{"defects":[{"lot":"not this"}],"lot":"L-7","item":"BRK-4711","plant":null,
                 "businessKeys":{"lot":"not this"}},"businessKeys":{"item":"BRK-4711","lot":"L-7","supplier":"SUP-100"},
                 "plant":"2000","commits":[{"plant":"9"}]}""");

        assertThat(document.businessKeys()).containsExactly(Map.entry("item", "BRK-4711"), Map.entry("lot", "L-7"),
                Map.entry("supplier", "SUP-100"));
        assertThat(document.plant()).isEqualTo("2000");
        assertThat(document.payloadPlant()).isNull();
        assertThat(TargetDeliveries.orderKeyOf(document, "2000", "k")).isEqualTo("2000:BRK-4711:L-7");
    }

    @Test
    void aReplayedDeliveryWithoutHeadersIsUnwrappedWithItsContextAndTheConfiguredEndpoint() throws Exception {
        Exchange exchange = delivery("erp-legacy-b", "inventory-status", "erp-blocked");

        deliveries.unwrap(exchange, "erp-legacy-b");

        assertThat(exchange.getMessage().getBody(String.class)).isEqualTo("{\"plant\":\"2000\"}");
        assertThat(exchange.getProperty(TargetDeliveries.ENDPOINT)).isEqualTo("direct:erp.erp-legacy-b.inventory-status");
        assertThat(exchange.getProperty(TargetDeliveries.CONTINUATION)).isNull();
        assertThat(exchange.getProperty("idempotencyKey")).isEqualTo("k-7");
        assertThat(exchange.getProperty("correlationId")).isEqualTo("corr-7");
        assertThat(exchange.getProperty(OutboundPolicy.TARGET)).isEqualTo("erp-legacy-b");
        assertThat(exchange.getProperty(DeadLetters.WORKFLOW)).isEqualTo("quality-containment");
        var instance = exchange.getProperty(WorkflowTrace.INSTANCE, WorkflowTrace.Instance.class);
        assertThat(instance.businessKeys()).containsEntry("lot", "L-7");
        assertThat(instance.eventType()).isEqualTo("InspectionCompleted");
    }

    @Test
    void aStepWithAContinuationGoesOnInTheConfiguredRouteWithItsContext() throws Exception {
        Exchange exchange = delivery("erp-legacy-b", "inventory-status", "scar-opened");

        deliveries.unwrap(exchange, "erp-legacy-b");

        assertThat(exchange.getProperty(TargetDeliveries.CONTINUATION)).isEqualTo("direct:quality.scar-opened");
        assertThat(exchange.getProperty(TargetDeliveries.CONTEXT)).isEqualTo("{\"lot\":\"L-7\"}");
    }

    @Test
    void aRecordNamingAnOperationNotConfiguredOrANonConnectorEndpointIsRefused() throws Exception {
        assertThatThrownBy(() -> deliveries.unwrap(delivery("erp-legacy-b", "sql:select 1", null), "erp-legacy-b"))
                .isInstanceOf(UnknownDeliveryException.class).hasMessageContaining("operation sql:select 1");
        assertThatThrownBy(() -> deliveries.unwrap(delivery("erp-legacy-b", "bad", null), "erp-legacy-b"))
                .isInstanceOf(UnknownDeliveryException.class).hasMessageContaining("not a connector route");
        assertThat(FailureClassifier.isPermanent(new UnknownDeliveryException("x"))).isTrue();
    }

    @Test
    void aRecordForAnotherTargetOrAnUnknownTargetIsRefusedOnThisTargetsRoute() throws Exception {
        assertThatThrownBy(() -> deliveries.unwrap(delivery("erp-cloud", "inventory-status", null), "erp-legacy-b"))
                .isInstanceOf(UnknownDeliveryException.class).hasMessageContaining("reached the delivery route of erp-legacy-b");
        assertThatThrownBy(() -> deliveries.unwrap(delivery("erp-nowhere", "inventory-status", null), "erp-nowhere"))
                .isInstanceOf(UnknownDeliveryException.class).hasMessageContaining("target erp-nowhere");
    }

    static Exchange delivery(String target, String operation, String step) throws Exception {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        var document = CanonicalJson.MAPPER.createObjectNode().put("deliveryId", "d-1").put("target", target)
                .put("operation", operation).put("workflow", "quality-containment").put("step", step)
                .put("correlationId", "corr-7").put("idempotencyKey", "k-7").put("plant", "2000")
                .put("startedAt", "2026-11-27T10:00:00Z").put("triggerEventId", "e-1")
                .put("triggerEventType", "InspectionCompleted").put("requestedAt", "2026-11-27T10:00:01Z")
                .put("document", "{\"plant\":\"2000\"}").put("context", "{\"lot\":\"L-7\"}");
        document.putObject("businessKeys").put("item", "BRK-4711").put("lot", "L-7");
        exchange.getMessage().setBody(CanonicalJson.MAPPER.writeValueAsString(document));
        return exchange;
    }
}
