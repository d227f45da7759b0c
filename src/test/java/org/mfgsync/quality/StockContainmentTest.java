package org.mfgsync.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.mfgsync.backbone.BusinessRuleException;
import org.mfgsync.canonical.NonconformanceRaised.Disposition;
import org.mfgsync.canonical.NonconformanceRaised.Severity;
import org.mfgsync.canonical.SchemaValidation;
import org.mfgsync.canonical.SchemaViolation;
import org.mfgsync.canonical.SchemaViolationException;

class StockContainmentTest {

    final StockContainment containment = new StockContainment(new SchemaValidation(Path.of("schemas")));

    @Test
    void shouldContainTheWholeLotOfARejectedInspection() throws IOException {
        Containment lot = containment.forInspection(
                Files.readString(Path.of("mappings/qms/tests/inspection-result-rejected.expected.json")));

        assertThat(lot.plant()).isEqualTo("3000");
        assertThat(lot.item()).isEqualTo("BRK-4711");
        assertThat(lot.lot()).isEqualTo("L-88231");
        assertThat(lot.quantity()).isEqualByComparingTo(new BigDecimal("500"));
        assertThat(lot.unitOfMeasure()).isEqualTo("EA");
        assertThat(lot.reason()).isEqualTo("INSPECTION_REJECTED");
        assertThat(lot.reference()).isEqualTo("IL-2026-000123");
        assertThat(lot.supplier()).isEqualTo("SUP-100");
        assertThat(lot.supplierAccountable()).isTrue();
        assertThat(lot.severity()).isNull();
        assertThat(lot.lotKey()).isEqualTo("3000:BRK-4711:L-88231");
    }

    @Test
    void shouldContainNothingForAnAcceptedInspection() throws IOException {
        assertThat(containment.forInspection(
                Files.readString(Path.of("mappings/qms/tests/inspection-result-accepted-minimal.expected.json")))).isNull();
    }

    @Test
    void shouldRefuseAnEventThatBreaksItsSchemaBeforeBlockingAnything() throws IOException {
        String event = Files.readString(Path.of("mappings/qms/tests/inspection-result-rejected.expected.json"))
                .replace("\"lotQuantity\": 500", "\"lotQuantity\": -500");

        assertThatThrownBy(() -> containment.forInspection(event))
                .isInstanceOfSatisfying(SchemaViolationException.class, e -> assertThat(e.violations())
                        .extracting(SchemaViolation::path).containsExactly("$.payload.lotQuantity"));
    }

    @Test
    void shouldContainTheNonconformingQuantityOfTheNcrsLot() throws IOException {
        Containment lot = containment.forNonconformance(
                Files.readString(Path.of("mappings/qms/tests/nonconformance-supplier-major.expected.json")));

        assertThat(lot.lot()).isEqualTo("L-88231");
        assertThat(lot.quantity()).isEqualByComparingTo(new BigDecimal("120"));
        assertThat(lot.reason()).isEqualTo("NONCONFORMANCE");
        assertThat(lot.reference()).isEqualTo("NCR-2026-0042");
        assertThat(lot.severity()).isEqualTo(Severity.MAJOR);
        assertThat(lot.disposition()).isEqualTo(Disposition.PENDING);
        assertThat(lot.supplierAccountable()).isTrue();
        assertThat(lot.problemDescription()).contains("NCR-2026-0042").contains("DIM/D-017");
    }

    @Test
    void shouldNotHoldTheSupplierAnswerableForAnInternalNonconformance() throws IOException {
        Containment lot = containment.forNonconformance(
                Files.readString(Path.of("mappings/qms/tests/nonconformance-internal-minimal.expected.json")));

        assertThat(lot.supplierAccountable()).isFalse();
        assertThat(lot.lot()).isEqualTo("L-7");
    }

    @Test
    void shouldRefuseAnNcrNamingSeveralLotsRatherThanGuessHowItsQuantitySplits() throws IOException {
        String event = Files.readString(Path.of("mappings/qms/tests/nonconformance-supplier-major.expected.json"))
                .replace("\"affectedLots\": [\"L-88231\"]", "\"affectedLots\": [\"L-88231\", \"L-88232\"]");

        assertThatThrownBy(() -> containment.forNonconformance(event))
                .isInstanceOfSatisfying(BusinessRuleException.class,
                        e -> assertThat(e.errorClass()).isEqualTo("nonconformance-lot-unclear"))
                .hasMessageContaining("names 2 affected lots");
    }
}
