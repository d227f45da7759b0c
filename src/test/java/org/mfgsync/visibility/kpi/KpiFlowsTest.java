package org.mfgsync.visibility.kpi;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The configured workflow, step and event names go into the KPI queries' text: anything but a plain name is refused. */
class KpiFlowsTest {

    @Test
    void shouldRefuseANameThatIsNotAPlainName() {
        assertThatThrownBy(() -> new KpiStore.Flows("quality-containment", "erp-blocked' OR '1'='1", "contained",
                "InspectionCompleted", "NonconformanceRaised", "po-revision", "supplier-delivered"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mfgsync.kpi.flows");
        assertThatThrownBy(() -> new KpiStore.Flows("quality-containment", "erp-blocked", "contained", null,
                "NonconformanceRaised", "po-revision", "supplier-delivered")).isInstanceOf(IllegalArgumentException.class);
    }
}
