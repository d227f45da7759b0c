package org.mfgsync.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.mfgsync.resilience.FailureClassifier;

class TargetOperationsTest {

    final TargetOperations operations = new TargetOperations();

    @Test
    void shouldRefuseACallWithoutIdempotencyKeyAsAPermanentFailure() {
        Exchange exchange = exchange("{}");
        exchange.setProperty("idempotencyKey", " ");

        assertThatThrownBy(() -> operations.requireIdempotencyKey(exchange))
                .hasMessageContaining("no exchange property 'idempotencyKey'")
                .satisfies(e -> assertThat(FailureClassifier.isPermanent(e)).isTrue());
    }

    @Test
    void shouldDescribeAnEventByItsBusinessKeysAndABatchByIdPlantAndSize() {
        Exchange event = exchange("{\"eventType\": \"PurchaseOrderChanged\", \"businessKeys\": {\"purchaseOrder\": \"4500017001\", \"supplier\": \"SUP-ACME\"}}");
        Exchange batch = exchange("{\"batchId\": \"b-1\", \"plant\": \"1000\", \"commits\": [{}, {}]}");

        operations.describe(event);
        operations.describe(batch);

        assertThat(event.getProperty(TargetOperations.BUSINESS_KEYS)).isEqualTo("purchaseOrder=4500017001 supplier=SUP-ACME");
        assertThat(batch.getProperty(TargetOperations.BUSINESS_KEYS)).isEqualTo("batchId=b-1 plant=1000 commits=2");
    }

    @Test
    void shouldRefuseADocumentThatIsNotJsonAsAPermanentFailure() {
        assertThatThrownBy(() -> operations.describe(exchange("PO;4711")))
                .hasMessageContaining("not JSON")
                .satisfies(e -> assertThat(FailureClassifier.isPermanent(e)).isTrue());
    }

    @Test
    void shouldSendTheBearerTokenOnlyWhenTheInstanceHasOneAndNotKeepIt() {
        Exchange withToken = exchange("{}");
        withToken.setProperty(TargetOperations.TOKEN, "s3cret");
        Exchange withoutToken = exchange("{}");
        withoutToken.setProperty(TargetOperations.TOKEN, "");

        operations.authorize(withToken);
        operations.authorize(withoutToken);

        assertThat(withToken.getMessage().getHeader("Authorization")).isEqualTo("Bearer s3cret");
        assertThat(withToken.getProperty(TargetOperations.TOKEN)).isNull();
        assertThat(withoutToken.getMessage().getHeaders()).doesNotContainKey("Authorization");
    }

    static Exchange exchange(String body) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setBody(body);
        return exchange;
    }
}
