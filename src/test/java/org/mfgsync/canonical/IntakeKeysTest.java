package org.mfgsync.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class IntakeKeysTest {

    @Test
    void aPartnerGetsTheEventWithoutTheKeysOfHowItReachedUs() throws Exception {
        String event = """
                {"eventType":"PurchaseOrderChanged","businessKeys":{"purchaseOrder":"4500010002","supplier":"SUP-COBALT",
                 "fileName":"PO_EXPORT_3000_20261207.csv","fileLine":"42","stagingBatch":"EXP-000417"},"payload":{"purchaseOrder":"4500010002"}}""";

        JsonNode passedOn = CanonicalJson.MAPPER.readTree(IntakeKeys.withoutIntakeKeys(event));

        assertThat(passedOn.path("businessKeys").fieldNames()).toIterable().containsExactly("purchaseOrder", "supplier");
        assertThat(passedOn.path("payload").path("purchaseOrder").asText()).isEqualTo("4500010002");
    }

    @Test
    void anEventWithoutIntakeKeysIsPassedOnAsItCame() throws Exception {
        String event = "{\"eventType\":\"PurchaseOrderChanged\",\"businessKeys\":{\"purchaseOrder\":\"4500010002\"},\"payload\":{}}";

        assertThat(IntakeKeys.withoutIntakeKeys(event)).isSameAs(event);
    }
}
