package org.mfgsync.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.mfgsync.canonical.InventoryStatusChanged;
import org.mfgsync.canonical.InventoryStatusChanged.StockStatus;
import org.mfgsync.canonical.SchemaValidation;
import org.mfgsync.canonical.SchemaViolation;
import org.mfgsync.canonical.SchemaViolationException;

class StockContainmentTest {

    final StockContainment containment = new StockContainment(new SchemaValidation(Path.of("schemas")));

    @Test
    void shouldBlockTheWholeLotOfARejectedInspection() throws IOException {
        InventoryStatusChanged block = containment.blockFor(
                Files.readString(Path.of("mappings/qms/tests/inspection-result-rejected.expected.json")));

        assertThat(block).isEqualTo(new InventoryStatusChanged("3000", "BRK-4711", "L-88231", new BigDecimal("500"), "EA",
                StockStatus.BLOCKED, "INSPECTION_REJECTED", "IL-2026-000123"));
    }

    @Test
    void shouldBlockNothingForAnAcceptedInspection() throws IOException {
        assertThat(containment.blockFor(
                Files.readString(Path.of("mappings/qms/tests/inspection-result-accepted-minimal.expected.json")))).isNull();
    }

    @Test
    void shouldRefuseAnEventThatBreaksItsSchemaBeforeBlockingAnything() throws IOException {
        String event = Files.readString(Path.of("mappings/qms/tests/inspection-result-rejected.expected.json"))
                .replace("\"lotQuantity\": 500", "\"lotQuantity\": -500");

        assertThatThrownBy(() -> containment.blockFor(event))
                .isInstanceOfSatisfying(SchemaViolationException.class, e -> assertThat(e.violations())
                        .extracting(SchemaViolation::path).containsExactly("$.payload.lotQuantity"));
    }
}
