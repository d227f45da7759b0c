package org.mfgsync.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mfgsync.resilience.TargetBacklog.WaitingDelivery;

class TargetBacklogTest {

    static final OffsetDateTime SINCE = OffsetDateTime.parse("2026-12-07T10:42:07.123Z");

    static WaitingDelivery waiting(String plant, Map<String, String> keys) {
        return new WaitingDelivery("inventory-status", "quality-containment", "erp-blocked", plant, keys, "c", "k", SINCE, 0, 0);
    }

    @Test
    void countsEachLotOncePerPlantAndNamesLotsAndPurchaseOrders() {
        var impact = TargetBacklog.impactOf("erp-cloud", List.of(
                waiting("3000", Map.of("item", "BRK-1", "lot", "L-1", "purchaseOrder", "4500001", "supplier", "SUP-1")),
                waiting("3000", Map.of("item", "BRK-1", "lot", "L-1", "purchaseOrder", "4500001", "supplier", "SUP-1")),
                waiting("3100", Map.of("item", "BRK-1", "lot", "L-1", "supplier", "SUP-2")),
                waiting("3000", Map.of("item", "BRK-2", "lot", "L-9", "purchaseOrder", "4500002"))), SINCE);

        assertThat(impact.lots()).as("the same lot number in another plant is another lot").isEqualTo(3);
        assertThat(impact.purchaseOrders()).isEqualTo(2);
        assertThat(impact.suppliers()).isEqualTo(2);
        assertThat(impact.plants()).containsExactly("3000", "3100");
        assertThat(impact.summary()).isEqualTo("3 lots and 2 POs waiting on erp-cloud since 2026-12-07T10:42:07Z");
    }

    @Test
    void saysWhatWaitsWhenTheWorkNamesNoLotOrOrder() {
        assertThat(TargetBacklog.impactOf("qms-cloud", List.of(waiting("3000", Map.of())), SINCE).summary())
                .isEqualTo("1 delivery waiting on qms-cloud since 2026-12-07T10:42:07Z");
        assertThat(TargetBacklog.impactOf("supplier-acme", List.of(waiting("1000", Map.of("purchaseOrder", "4711"))), null)
                .summary()).isEqualTo("1 PO waiting on supplier-acme");
        assertThat(TargetBacklog.impactOf("erp-cloud", List.of(), null).summary()).isEqualTo("nothing waiting on erp-cloud");
    }

    @Test
    void takesALimitFromOneToTheMaximum() {
        assertThat(TargetBacklogApi.limitOf(null)).isEqualTo(TargetBacklogApi.DEFAULT_LIMIT);
        assertThat(TargetBacklogApi.limitOf("500")).isEqualTo(500);
        assertThatThrownBy(() -> TargetBacklogApi.limitOf("501")).hasMessageContaining("from 1 to 500");
        assertThatThrownBy(() -> TargetBacklogApi.limitOf("0")).hasMessageContaining("from 1 to 500");
        assertThatThrownBy(() -> TargetBacklogApi.limitOf("ten")).hasMessageContaining("whole number");
    }
}
