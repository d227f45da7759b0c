package org.mfgsync.purchasing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

/** The supplier commit SLA's decisions, given the PO book's and the trace's state and a fixed time. */
class SupplierCommitWatchTest {

    static final OffsetDateTime DELIVERED = OffsetDateTime.of(2026, 11, 27, 8, 0, 0, 0, ZoneOffset.UTC);
    /** ACME's profile says 24 h; every other supplier has the default of 48 h. */
    static final Function<String, Duration> EXPECTATION = supplier -> "SUP-ACME".equals(supplier) ? Duration.ofHours(24)
            : Duration.ofHours(48);

    @Test
    void shouldRaiseAfterTheSuppliersOwnHoursWithoutACommit() {
        var acme = delivered("SUP-ACME", null);

        assertThat(SupplierCommitWatch.overdue(acme, EXPECTATION, DELIVERED.plusHours(24))).isEmpty();
        var late = SupplierCommitWatch.overdue(acme, EXPECTATION, DELIVERED.plusHours(24).plusSeconds(1)).orElseThrow();
        assertThat(late.subjectKey()).isEqualTo("4500031001:3");
        assertThat(late.dueAt()).isEqualTo(DELIVERED.plusHours(24));
        assertThat(late.correlationId()).isEqualTo("corr-po-rev-3");
        assertThat(late.businessKeys()).isEqualTo(Map.of("purchaseOrder", "4500031001", "supplier", "SUP-ACME"));
    }

    @Test
    void shouldUseTheDefaultForASupplierWithoutHoursOfItsOwn() {
        var bolt = delivered("SUP-BOLT", null);

        assertThat(SupplierCommitWatch.overdue(bolt, EXPECTATION, DELIVERED.plusHours(47))).isEmpty();
        assertThat(SupplierCommitWatch.overdue(bolt, EXPECTATION, DELIVERED.plusHours(49))).isPresent();
    }

    @Test
    void shouldNotRaiseWhenACommitCameAfterTheDelivery() {
        assertThat(SupplierCommitWatch.overdue(delivered("SUP-ACME", DELIVERED.plusHours(2)), EXPECTATION,
                DELIVERED.plusDays(3))).isEmpty();
    }

    @Test
    void shouldRaiseWhenTheOnlyCommitAnsweredAnEarlierRevision() {
        assertThat(SupplierCommitWatch.overdue(delivered("SUP-ACME", DELIVERED.minusDays(1)), EXPECTATION,
                DELIVERED.plusDays(3))).isPresent();
    }

    @Test
    void shouldNotRaiseBeforeTheTraceSaysWhenItWasDelivered() {
        var notYetTraced = new SupplierCommitWatch.Delivered("4500031001", 3, "SUP-ACME", "3000", "corr-po-rev-3", null, null);

        assertThat(SupplierCommitWatch.overdue(notYetTraced, EXPECTATION, DELIVERED.plusDays(3))).isEmpty();
    }

    @Test
    void shouldSettleByACommitOrWhenThePoMovedOn() {
        assertThat(SupplierCommitWatch.settledReason("4500031001:3", Optional.of(delivered("SUP-ACME", null)))).isEmpty();
        assertThat(SupplierCommitWatch.settledReason("4500031001:3",
                Optional.of(delivered("SUP-ACME", DELIVERED.plusHours(30))))).contains(
                        "supplier commit received at " + DELIVERED.plusHours(30));
        var revision4 = new SupplierCommitWatch.Delivered("4500031001", 4, "SUP-ACME", "3000", "corr-po-rev-4",
                DELIVERED.plusDays(2), null);
        assertThat(SupplierCommitWatch.settledReason("4500031001:3", Optional.of(revision4))).contains("superseded by revision 4");
        assertThat(SupplierCommitWatch.settledReason("4500031001:3", Optional.empty())).isPresent();
    }

    static SupplierCommitWatch.Delivered delivered(String supplier, OffsetDateTime lastCommitAt) {
        return new SupplierCommitWatch.Delivered("4500031001", 3, supplier, "3000", "corr-po-rev-3", DELIVERED, lastCommitAt);
    }
}
