package org.mfgsync.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mfgsync.resilience.FailureClassifier;
import org.mfgsync.testing.NoPeers;
import org.mfgsync.testing.TargetCalls;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Where a connector instance is not configured (enabled=false, as everywhere until configured), a workflow's call of
 * its target operation fails at once as permanent, naming the key to set: a dead letter that can be replayed once
 * the instance is configured, instead of work held for ever or a call that waits for a consumer.
 */
@QuarkusTest
@TestProfile(NoPeers.class)
class DisabledConnectorInstancesTest {

    @Inject
    ProducerTemplate producer;

    @ParameterizedTest
    @CsvSource({
            "direct:erp.erp-legacy-a.supplier-commits, erp-legacy-a",
            "direct:erp.erp-legacy-a.inventory-status, erp-legacy-a",
            "direct:supplier.supplier-acme.purchase-orders, supplier-acme",
            "direct:supplier.supplier-bolt.purchase-orders, supplier-bolt",
            "direct:supplier.supplier-cobalt.purchase-orders, supplier-cobalt" })
    void shouldRefuseACallToADisabledInstanceAsPermanentNamingTheKey(String endpoint, String instance) {
        Exchange call = TargetCalls.call(producer, endpoint, "{}", "key-1", instance);

        assertThat(FailureClassifier.isPermanent(call.getException())).as("%s", call.getException()).isTrue();
        assertThat(call.getException()).hasMessageContaining("Connector instance " + instance + " is disabled (mfgsync.connectors.endpoints."
                + instance + ".enabled=false)");
    }
}
