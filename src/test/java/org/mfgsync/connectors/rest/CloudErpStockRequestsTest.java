package org.mfgsync.connectors.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.mfgsync.canonical.CanonicalJson;

/** The cloud ERP gets the InventoryStatusChanged payload, and the status picks its resource. */
class CloudErpStockRequestsTest {

    final CloudErpStockRequests requests = new CloudErpStockRequests();

    @Test
    void shouldSendThePayloadOfABlockUnchanged() throws Exception {
        String envelope = Files.readString(Path.of("schemas/samples/inventory-status-changed/valid-blocked-lot.json"));
        Exchange exchange = exchange(envelope);

        requests.toRequest(exchange);

        assertThat(exchange.getProperty(CloudErpStockRequests.STOCK_STATUS)).isEqualTo("BLOCKED");
        assertThat(CanonicalJson.MAPPER.readTree(exchange.getMessage().getBody(String.class)))
                .isEqualTo(CanonicalJson.MAPPER.readTree(envelope).path("payload"));
        assertThat(exchange.getMessage().getBody(String.class)).contains("\"quantity\":500,");
    }

    @Test
    void shouldNameTheStatusOfARelease() throws Exception {
        String envelope = Files.readString(Path.of("schemas/samples/inventory-status-changed/valid-blocked-lot.json"))
                .replace("\"status\": \"BLOCKED\"", "\"status\": \"QUALITY_INSPECTION\"");
        Exchange exchange = exchange(envelope);

        requests.toRequest(exchange);

        assertThat(exchange.getProperty(CloudErpStockRequests.STOCK_STATUS)).isEqualTo("QUALITY_INSPECTION");
    }

    @Test
    void shouldRefuseSomethingThatIsNotAnInventoryStatusChange() {
        assertThatThrownBy(() -> requests.toRequest(exchange("{\"eventType\":\"InspectionCompleted\",\"payload\":{}}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no payload.status");
    }

    private static Exchange exchange(String body) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setBody(body);
        return exchange;
    }
}
