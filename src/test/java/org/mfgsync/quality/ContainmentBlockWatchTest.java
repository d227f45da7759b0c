package org.mfgsync.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The containment SLA's decisions, given the containment's state and a fixed time. */
class ContainmentBlockWatchTest {

    static final OffsetDateTime OPENED = OffsetDateTime.of(2026, 11, 27, 8, 15, 0, 0, ZoneOffset.UTC);
    static final Duration SLA = Duration.ofSeconds(60);
    static final ContainmentBlockWatch.Pending PENDING = new ContainmentBlockWatch.Pending("3000", "BRK-4711", "L-88231",
            "SUP-9", "IL-2026-000123", "corr-IL-2026-000123", OPENED);

    @Test
    void shouldNotRaiseWhileTheSlaRuns() {
        assertThat(ContainmentBlockWatch.overdue(PENDING, SLA, OPENED.plusSeconds(60))).isEmpty();
    }

    @Test
    void shouldRaiseOnceTheSlaHasPassedWithTheLotsKeysAndTheFlow() {
        var late = ContainmentBlockWatch.overdue(PENDING, SLA, OPENED.plusSeconds(61)).orElseThrow();

        assertThat(late.subjectKey()).isEqualTo("3000:BRK-4711:L-88231@corr-IL-2026-000123");
        assertThat(late.dueAt()).isEqualTo(OPENED.plusSeconds(60));
        assertThat(late.correlationId()).isEqualTo("corr-IL-2026-000123");
        assertThat(late.plant()).isEqualTo("3000");
        assertThat(late.businessKeys()).containsExactly(java.util.Map.entry("supplier", "SUP-9"),
                java.util.Map.entry("item", "BRK-4711"), java.util.Map.entry("lot", "L-88231"));
        assertThat(late.detail()).contains("L-88231", "IL-2026-000123", "PT1M");
    }

    @Test
    void shouldLeaveTheSupplierOutOfTheKeysWhenTheContainmentHasNone() {
        var noSupplier = new ContainmentBlockWatch.Pending("3000", "BRK-4711", "L-1", null, "NCR-1", "corr-1", OPENED);

        assertThat(ContainmentBlockWatch.overdue(noSupplier, SLA, OPENED.plusMinutes(5)).orElseThrow().businessKeys())
                .doesNotContainKey("supplier");
    }

    @Test
    void shouldSettleOnceTheErpTookTheBlock() {
        assertThat(ContainmentBlockWatch.settledReason(new ContainmentBlockWatch.Now(true,
                Optional.of(LotContainments.State.BLOCKED)))).contains("blocked in the ERP");
    }

    @Test
    void shouldSettleWhenTheContainmentIsOverOrReplaced() {
        assertThat(ContainmentBlockWatch.settledReason(new ContainmentBlockWatch.Now(false,
                Optional.of(LotContainments.State.RELEASED)))).contains("the lot was released");
        assertThat(ContainmentBlockWatch.settledReason(new ContainmentBlockWatch.Now(false, Optional.empty())))
                .hasValueSatisfying(reason -> assertThat(reason).contains("contained again"));
    }

    @Test
    void shouldKeepTheBreachOpenWhileTheBlockIsOnlyHandedOver() {
        // BLOCKED in the table means handed to the ERP's delivery topic, not taken by the ERP
        assertThat(ContainmentBlockWatch.settledReason(new ContainmentBlockWatch.Now(false,
                Optional.of(LotContainments.State.BLOCKED)))).isEmpty();
        assertThat(ContainmentBlockWatch.settledReason(new ContainmentBlockWatch.Now(false,
                Optional.of(LotContainments.State.OPENED)))).isEmpty();
    }
}
