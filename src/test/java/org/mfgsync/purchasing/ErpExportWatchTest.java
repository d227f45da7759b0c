package org.mfgsync.purchasing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The ERP export heartbeat's decisions, given the last arrival and a fixed time. */
class ErpExportWatchTest {

    static final OffsetDateTime ARRIVED = OffsetDateTime.of(2026, 11, 27, 8, 0, 0, 0, ZoneOffset.UTC);
    static final OffsetDateTime STARTED = ARRIVED.minusDays(3);
    static final Duration WINDOW = Duration.ofHours(26);

    @Test
    void shouldRaiseWhenNoExportArrivedWithinTheWindow() {
        assertThat(ErpExportWatch.overdue("erp-legacy-a", Optional.of(ARRIVED), WINDOW, STARTED, ARRIVED.plusHours(26)))
                .isEmpty();
        var late = ErpExportWatch.overdue("erp-legacy-a", Optional.of(ARRIVED), WINDOW, STARTED,
                ARRIVED.plusHours(26).plusSeconds(1)).orElseThrow();
        assertThat(late.subjectKey()).isEqualTo("erp-legacy-a@2026-11-27T08:00Z");
        assertThat(late.dueAt()).isEqualTo(ARRIVED.plusHours(26));
        assertThat(late.correlationId()).isNull();
        assertThat(late.businessKeys()).isEmpty();
        assertThat(late.detail()).contains("erp-legacy-a", "since 2026-11-27T08:00Z", "PT26H");
    }

    @Test
    void shouldMeasureAnInstanceThatNeverExportedFromWhenWatchingBegan() {
        assertThat(ErpExportWatch.overdue("erp-legacy-a", Optional.empty(), WINDOW, STARTED, STARTED.plusHours(25))).isEmpty();
        assertThat(ErpExportWatch.overdue("erp-legacy-a", Optional.empty(), WINDOW, STARTED, STARTED.plusHours(27))
                .orElseThrow().subjectKey()).isEqualTo("erp-legacy-a@never");
    }

    @Test
    void shouldSettleWhenALaterExportArrivedOrTheHeartbeatIsNoLongerConfigured() {
        String subject = ErpExportWatch.subjectOf("erp-legacy-a", Optional.of(ARRIVED));

        assertThat(ErpExportWatch.settledReason(subject, "erp-legacy-a", true, Optional.of(ARRIVED))).isEmpty();
        assertThat(ErpExportWatch.settledReason(subject, "erp-legacy-a", true, Optional.of(ARRIVED.plusHours(30))))
                .contains("export arrived at " + ARRIVED.plusHours(30));
        assertThat(ErpExportWatch.settledReason("erp-legacy-a@never", "erp-legacy-a", true, Optional.of(ARRIVED)))
                .contains("export arrived at " + ARRIVED);
        assertThat(ErpExportWatch.settledReason(subject, "erp-legacy-a", false, Optional.of(ARRIVED))).isPresent();
    }

    @Test
    void shouldTakeTheLaterOfTheFileIntakeAndTheBookedPo() {
        assertThat(ErpExportWatch.later(Optional.of(ARRIVED), Optional.of(ARRIVED.plusHours(1)))).contains(ARRIVED.plusHours(1));
        assertThat(ErpExportWatch.later(Optional.empty(), Optional.of(ARRIVED))).contains(ARRIVED);
        assertThat(ErpExportWatch.later(Optional.of(ARRIVED), Optional.empty())).contains(ARRIVED);
    }

    @Test
    void shouldMatchTheInstancePrefixLiterally() {
        assertThat(ErpExportWatch.likePrefix("erp_a%:")).isEqualTo("erp!_a!%:%");
    }
}
