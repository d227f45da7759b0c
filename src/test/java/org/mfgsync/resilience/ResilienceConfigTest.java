package org.mfgsync.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mfgsync.resilience.ResilienceConfig.Decision;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

class ResilienceConfigTest {

    static ResilienceConfig config(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(ResilienceConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 500)).build();
        return config.getConfigMapping(ResilienceConfig.class);
    }

    @Test
    void shouldDecideByWorkflowAndErrorClassThenWorkflowThenDefault() {
        Playbooks playbooks = new Playbooks(config(Map.of(
                "mfgsync.resilience.playbooks.quality-containment.decision", "business-escalation",
                "mfgsync.resilience.playbooks.quality-containment.errors.http-409", "auto-retry",
                "mfgsync.resilience.playbooks.quality-containment.errors.invalid-payload", "manual-review")));

        assertThat(playbooks.decide("quality-containment", List.of("http-409", "http-4xx"))).isEqualTo(Decision.AUTO_RETRY);
        assertThat(playbooks.decide("quality-containment", List.of("invalid-payload"))).isEqualTo(Decision.MANUAL_REVIEW);
        assertThat(playbooks.decide("quality-containment", List.of("http-422", "http-4xx")))
                .isEqualTo(Decision.BUSINESS_ESCALATION);
        assertThat(playbooks.decide("po-revision", List.of("http-422", "http-4xx"))).isEqualTo(Decision.MANUAL_REVIEW);
    }

    @Test
    void shouldGiveUnnamedTargetsTheDefaultPolicy() {
        ResilienceConfig config = config(Map.of("mfgsync.resilience.targets.erp-cloud.initial-delay-millis", "100"));
        assertThat(config.targets().get("erp-cloud").initialDelayMillis()).isEqualTo(100);
        assertThat(config.targets().get("qms-cloud").initialDelayMillis()).isEqualTo(500);
    }

    @Test
    void shouldRefuseAMisspelledKey() {
        assertThatThrownBy(() -> config(Map.of("mfgsync.resilience.playbook.quality-containment.decision", "auto-retry")))
                .hasMessageContaining("mfgsync.resilience.playbook.quality-containment.decision");
        assertThatThrownBy(() -> config(Map.of("mfgsync.resilience.playbooks.quality-containment.decision", "retry-later")))
                .hasMessageContaining("retry-later");
    }
}
