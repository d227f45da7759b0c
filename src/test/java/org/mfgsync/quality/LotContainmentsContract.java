package org.mfgsync.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The containment state store, the same on every state database (H2 in development, PostgreSQL in production). */
abstract class LotContainmentsContract {

    static final OffsetDateTime NOW = OffsetDateTime.of(2026, 11, 27, 8, 0, 0, 0, ZoneOffset.UTC);

    LotContainments lots;
    DataSource database;
    String lot;

    abstract DataSource dataSource() throws Exception;

    @BeforeEach
    void setUp() throws Exception {
        database = dataSource();
        lots = new LotContainments(database);
        lot = "L-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void theFirstDecisionOpensTheContainmentAndASecondOneFindsItOpen() {
        LotContainments.Row first = lots.open(containment("IL-1"), "key-1", "corr-1", NOW);
        LotContainments.Row second = lots.open(containment("IL-2"), "key-2", "corr-2", NOW);

        assertThat(first.state()).isEqualTo(LotContainments.State.OPENED);
        assertThat(first.openedByKey()).isEqualTo("key-1");
        assertThat(second.openedByKey()).as("the lot stays contained by the first decision").isEqualTo("key-1");
        assertThat(second.quantity()).isEqualTo(new BigDecimal("500"));
    }

    @Test
    void eachStepIsRecordedAndAReleaseHappensOnlyToABlockedLot() {
        lots.open(containment("IL-1"), "key-1", "corr-1", NOW);
        assertThat(lots.released("3000", "BRK-4711", lot, "USE_AS_IS", "UNRESTRICTED", "rel-1", NOW)).as("not blocked yet").isFalse();

        lots.blocked("3000", "BRK-4711", lot, "key-1", NOW);
        lots.scarOpened("3000", "BRK-4711", lot, "SCAR-1", NOW);
        lots.published("3000", "BRK-4711", lot, false, null, NOW);
        assertThat(lots.find("3000", "BRK-4711", lot).orElseThrow().scarPublished()).as("nothing published, nothing recorded").isFalse();
        lots.published("3000", "BRK-4711", lot, true, null, NOW);
        LotContainments.Row scarOnly = lots.find("3000", "BRK-4711", lot).orElseThrow();
        assertThat(scarOnly.scarPublished()).isTrue();
        assertThat(scarOnly.procurementNotified()).isFalse();
        lots.published("3000", "BRK-4711", lot, false, "REPLACEMENT_SHIPMENT", NOW);
        LotContainments.Row blocked = lots.find("3000", "BRK-4711", lot).orElseThrow();
        assertThat(blocked.state()).isEqualTo(LotContainments.State.BLOCKED);
        assertThat(blocked.lastBlockKey()).isEqualTo("key-1");
        assertThat(blocked.scarId()).isEqualTo("SCAR-1");
        assertThat(blocked.scarPublished()).isTrue();
        assertThat(blocked.procurementNotified()).isTrue();

        assertThat(lots.released("3000", "BRK-4711", lot, "USE_AS_IS", "UNRESTRICTED", "rel-1", NOW)).isTrue();
        assertThat(lots.released("3000", "BRK-4711", lot, "SCRAP", "BLOCKED", "rel-2", NOW)).as("released once").isFalse();
        LotContainments.Row released = lots.find("3000", "BRK-4711", lot).orElseThrow();
        assertThat(released.state()).isEqualTo(LotContainments.State.RELEASED);
        assertThat(released.disposition()).isEqualTo("USE_AS_IS");
        assertThat(released.releaseKey()).isEqualTo("rel-1");
    }

    @Test
    void theErpsBlockIsRecordedForItsOwnFlowOnlyAndForgottenWhenTheLotIsContainedAgain() throws Exception {
        lots.open(containment("IL-1"), "key-1", "corr-1", NOW);
        assertThat(lots.erpBlocked("3000", "BRK-4711", lot, "corr-other", NOW)).as("another flow's block").isFalse();
        assertThat(lots.erpBlocked("3000", "BRK-4711", lot, "corr-1", NOW)).isTrue();
        assertThat(lots.erpBlocked("3000", "BRK-4711", lot, "corr-1", NOW.plusSeconds(5))).as("once").isFalse();
        assertThat(erpBlockedAt()).isNotNull();

        lots.blocked("3000", "BRK-4711", lot, "key-1", NOW);
        lots.released("3000", "BRK-4711", lot, "USE_AS_IS", "UNRESTRICTED", "rel-1", NOW);
        lots.open(containment("IL-9"), "key-9", "corr-9", NOW);
        assertThat(erpBlockedAt()).as("the new containment waits for its own block").isNull();
    }

    private Object erpBlockedAt() throws Exception {
        try (var c = database.getConnection(); var select = c.prepareStatement(
                "SELECT erp_blocked_at FROM quality_containment WHERE plant = '3000' AND item = 'BRK-4711' AND lot = ?")) {
            select.setString(1, lot);
            try (var rs = select.executeQuery()) {
                rs.next();
                return rs.getObject(1);
            }
        }
    }

    @Test
    void aReleasedLotContainedAgainStartsAFreshContainment() {
        lots.open(containment("IL-1"), "key-1", "corr-1", NOW);
        lots.blocked("3000", "BRK-4711", lot, "key-1", NOW);
        lots.scarOpened("3000", "BRK-4711", lot, "SCAR-1", NOW);
        lots.released("3000", "BRK-4711", lot, "USE_AS_IS", "UNRESTRICTED", "rel-1", NOW);

        LotContainments.Row again = lots.open(containment("IL-9"), "key-9", "corr-9", NOW);

        assertThat(again.state()).isEqualTo(LotContainments.State.OPENED);
        assertThat(again.openedByKey()).isEqualTo("key-9");
        assertThat(again.openedByReference()).isEqualTo("IL-9");
        assertThat(again.scarId()).isNull();
        assertThat(again.lastBlockKey()).isNull();
        assertThat(again.correlationId()).isEqualTo("corr-9");
    }

    @Test
    void anUnknownLotHasNoContainment() {
        assertThat(lots.find("3000", "BRK-4711", lot)).isEmpty();
    }

    private Containment containment(String reference) {
        return new Containment("3000", "BRK-4711", lot, new BigDecimal("500"), "EA", "SUP-100", "INSPECTION_REJECTED",
                reference, null, null, null, reference, null, null, true, "rejected");
    }
}
