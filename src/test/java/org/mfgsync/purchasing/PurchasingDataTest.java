package org.mfgsync.purchasing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.mfgsync.mapping.MappingKind;
import org.mfgsync.mapping.MappingKinds;
import org.mfgsync.mapping.MappingRegistry;
import org.mfgsync.testing.ValidatedMappings;

/**
 * The purchasing data an integration engineer edits binds and is checked like any workflow data (a broken file is
 * rejected with its reason); the webhook signature is the HMAC-SHA256 of the exact body.
 */
class PurchasingDataTest {

    @Test
    void shouldLoadTheSupplierProfilesAndRiskPolicyOfTheRepository() {
        MappingRegistry registry = ValidatedMappings.loadedFrom(Path.of("mappings"));

        assertThat(registry.get("suppliers/SUP-ACME")).get().extracting(m -> ((SupplierProfile) m.compiled()).channel())
                .isEqualTo("supplier-acme");
        assertThat(registry.get("suppliers/SUP-BOLT")).get().extracting(m -> ((SupplierProfile) m.compiled()).channel())
                .isEqualTo("supplier-bolt");
        assertThat(registry.get("suppliers/SUP-COBALT")).get().extracting(m -> ((SupplierProfile) m.compiled()).channel())
                .isEqualTo("supplier-cobalt");
        SupplierCommitRiskPolicy policy = (SupplierCommitRiskPolicy) registry.get("policies/supplier-commit-risk").orElseThrow()
                .compiled();
        assertThat(policy.lateDeliveryToleranceDays()).isEqualTo(3);
        assertThat(policy.criticalItems()).contains("BRK-4711");
    }

    @Test
    void shouldRejectAProfileWithoutAChannelOrWithAMisspelledKey() {
        MappingKind data = MappingKinds.forFile("suppliers/SUP-X.yaml").orElseThrow();
        assertThatThrownBy(() -> data.compile("suppliers/SUP-X.yaml", "supplier: SUP-X\nname: X\nformat: csv\n"
                + "procurementOwner: {name: Lena Vogt}\n")).hasMessageContaining("channel: the supplier channel instance is required");
        assertThatThrownBy(() -> data.compile("suppliers/SUP-X.yaml", "supplier: SUP-X\nname: X\nchanel: supplier-x\n"))
                .hasMessageContaining("chanel");
    }

    @Test
    void shouldRejectARiskPolicyWithAToleranceOutOfRange() {
        MappingKind data = MappingKinds.forFile("policies/supplier-commit-risk.yaml").orElseThrow();
        assertThatThrownBy(() -> data.compile("policies/supplier-commit-risk.yaml",
                "lateDeliveryToleranceDays: 3\nshortQuantityTolerancePercent: 120\n"))
                .hasMessageContaining("shortQuantityTolerancePercent");
    }
}
