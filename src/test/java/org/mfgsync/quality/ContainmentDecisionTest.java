package org.mfgsync.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.mfgsync.backbone.BusinessRuleException;
import org.mfgsync.canonical.CorrectiveActionRequested;
import org.mfgsync.canonical.EventEnvelope;
import org.mfgsync.canonical.InventoryStatusChanged.StockStatus;
import org.mfgsync.canonical.LotDispositionDecided;
import org.mfgsync.canonical.LotDispositionDecided.LotDisposition;
import org.mfgsync.canonical.NonconformanceRaised.Severity;
import org.mfgsync.canonical.ProcurementActionRequested;
import org.mfgsync.canonical.SourceSystem;
import org.mfgsync.quality.ContainmentDecision.Action;
import org.mfgsync.quality.LotContainments.State;

/** The containment's decisions on a case and its lot's row: plain values in, a decision and its reason out. */
class ContainmentDecisionTest {

    static final ContainmentPolicy POLICY = new ContainmentPolicy(
            new ContainmentPolicy.Scar(14, 2, CorrectiveActionRequested.Method.EIGHT_D, CorrectiveActionRequested.Priority.HIGH,
                    Map.of(Severity.MINOR, CorrectiveActionRequested.Priority.LOW)),
            new ContainmentPolicy.Procurement(ProcurementActionRequested.Action.REPLACEMENT_SHIPMENT,
                    Map.of(Severity.MINOR, ProcurementActionRequested.Action.SUPPLIER_DEBIT), Map.of()),
            Map.of(LotDisposition.USE_AS_IS, StockStatus.UNRESTRICTED));
    static final Supplier<ContainmentPolicy> NO_POLICY_NEEDED = () -> {
        throw new AssertionError("the policy is not read for this decision");
    };

    @Test
    void shouldBlockUntilTheErpConfirmedThisDecisionsBlock() {
        assertThat(ContainmentDecision.block(claimed("key-1", row("key-1", null)))).isEqualTo(new ContainmentDecision(Action.CALL, null));
        assertThat(ContainmentDecision.block(claimed("key-2", row("key-1", "key-1"))).action())
                .as("a second decision blocks again").isEqualTo(Action.CALL);
        assertThat(ContainmentDecision.block(claimed("key-1", row("key-1", "key-1"))))
                .isEqualTo(new ContainmentDecision(Action.SKIP, "the ERP confirmed this decision's block before"));
    }

    @Test
    void shouldAskForTheScarOnlyAsTheDecisionThatOpenedTheContainment() {
        assertThat(ContainmentDecision.scar(claimed("key-1", row("key-1", null))).action()).isEqualTo(Action.CALL);
        assertThat(ContainmentDecision.scar(claimed("key-2", row("key-1", "key-1"))))
                .isEqualTo(new ContainmentDecision(Action.SKIP, "lot contained before by IL-1, whose SCAR and procurement notice stand"));
    }

    @Test
    void shouldPublishAScarOpenedBeforeOnlyUntilItIsPublished() {
        LotContainments.Row opened = withScar(row("key-1", "key-1"), "SCAR-7", false, false);
        assertThat(ContainmentDecision.scar(claimed("key-1", opened))).isEqualTo(new ContainmentDecision(Action.PUBLISH, null));

        LotContainments.Row published = withScar(row("key-1", "key-1"), "SCAR-7", true, false);
        assertThat(ContainmentDecision.scar(claimed("key-1", published)))
                .isEqualTo(new ContainmentDecision(Action.SKIP, "SCAR SCAR-7 was opened before"));
    }

    @Test
    void shouldLeaveScarAndProcurementOutWhenTheSupplierIsNotAnswerable() {
        ContainmentCase internal = new ContainmentCase(containment("SUP-100", false), "key-1", "corr-1", null, row("key-1", null));
        ContainmentCase unknownSupplier = new ContainmentCase(containment(null, false), "key-1", "corr-1", null, row("key-1", null));

        assertThat(ContainmentDecision.scar(internal).reason()).isEqualTo("the nonconformance is not the supplier's");
        assertThat(ContainmentDecision.scar(unknownSupplier).reason()).isEqualTo("no supplier is known for the lot");
        assertThat(ContainmentDecision.procurement(internal))
                .isEqualTo(new ContainmentDecision(Action.SKIP, "the nonconformance is not the supplier's"));
    }

    @Test
    void shouldTellProcurementOncePerContainment() {
        assertThat(ContainmentDecision.procurement(claimed("key-1", row("key-1", null))))
                .isEqualTo(new ContainmentDecision(Action.PUBLISH, null));
        assertThat(ContainmentDecision.procurement(claimed("key-1", withScar(row("key-1", "key-1"), "SCAR-7", true, true))))
                .isEqualTo(new ContainmentDecision(Action.SKIP, "procurement was told before"));
        assertThat(ContainmentDecision.procurement(claimed("key-2", row("key-1", "key-1"))).action())
                .as("a later decision on the contained lot").isEqualTo(Action.SKIP);
    }

    @Test
    void shouldRefuseToDecideBeforeTheClaim() {
        ContainmentCase unclaimed = ContainmentCase.unclaimed(containment("SUP-100", true), "key-1", "corr-1", null);

        assertThatThrownBy(() -> ContainmentDecision.block(unclaimed)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("before it was claimed");
    }

    @Test
    void shouldReleaseABlockedLotWithThePolicysStatus() {
        LotRelease release = LotRelease.decide(disposition(LotDisposition.USE_AS_IS),
                Optional.of(inState(row("key-1", "key-1"), State.BLOCKED)), () -> POLICY, "corr-9", "event-9");

        assertThat(release.decision()).isEqualTo(new ContainmentDecision(Action.CALL, "USE_AS_IS → UNRESTRICTED"));
        assertThat(release.status()).isEqualTo(StockStatus.UNRESTRICTED);
        assertThat(release.plant()).isEqualTo("3000");
    }

    @Test
    void shouldSkipALotReleasedBeforeAndRefuseOneNotBlocked() {
        LotContainments.Row released = new LotContainments.Row("3000", "BRK-4711", "L-1", "SUP-100", new BigDecimal("500"),
                "EA", State.RELEASED, "key-1", "IL-1", "key-1", null, false, false, "SCRAP", "BLOCKED", "rel-1", "corr-1");
        assertThat(LotRelease.decide(disposition(LotDisposition.USE_AS_IS), Optional.of(released), NO_POLICY_NEEDED, null, null)
                .decision()).isEqualTo(new ContainmentDecision(Action.SKIP, "lot released before with disposition SCRAP (BLOCKED)"));

        assertThatThrownBy(() -> LotRelease.decide(disposition(LotDisposition.USE_AS_IS), Optional.empty(), NO_POLICY_NEEDED, null,
                null)).isInstanceOfSatisfying(BusinessRuleException.class, e -> assertThat(e.errorClass()).isEqualTo("lot-not-contained"));
        assertThatThrownBy(() -> LotRelease.decide(disposition(LotDisposition.USE_AS_IS), Optional.of(row("key-1", null)),
                NO_POLICY_NEEDED, null, null))
                .isInstanceOfSatisfying(BusinessRuleException.class, e -> assertThat(e.errorClass()).isEqualTo("lot-block-pending"));
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static ContainmentCase claimed(String key, LotContainments.Row row) {
        return ContainmentCase.unclaimed(containment("SUP-100", true), key, "corr-1", "event-1").claimed(row);
    }

    private static Containment containment(String supplier, boolean supplierAccountable) {
        return new Containment("3000", "BRK-4711", "L-1", new BigDecimal("500"), "EA", supplier, "INSPECTION_REJECTED", "IL-1",
                null, null, null, "IL-1", null, null, supplierAccountable, "rejected");
    }

    /** A lot opened by {@code openedBy}, whose block the ERP confirmed for {@code lastBlock} (null: not yet). */
    private static LotContainments.Row row(String openedBy, String lastBlock) {
        return new LotContainments.Row("3000", "BRK-4711", "L-1", "SUP-100", new BigDecimal("500"), "EA",
                lastBlock == null ? State.OPENED : State.BLOCKED, openedBy, "IL-1", lastBlock, null, false, false, null, null,
                null, "corr-1");
    }

    private static LotContainments.Row withScar(LotContainments.Row r, String scarId, boolean published, boolean notified) {
        return new LotContainments.Row(r.plant(), r.item(), r.lot(), r.supplier(), r.quantity(), r.unitOfMeasure(), r.state(),
                r.openedByKey(), r.openedByReference(), r.lastBlockKey(), scarId, published, notified, r.disposition(),
                r.releasedStatus(), r.releaseKey(), r.correlationId());
    }

    private static LotContainments.Row inState(LotContainments.Row r, State state) {
        return new LotContainments.Row(r.plant(), r.item(), r.lot(), r.supplier(), r.quantity(), r.unitOfMeasure(), state,
                r.openedByKey(), r.openedByReference(), r.lastBlockKey(), r.scarId(), r.scarPublished(), r.procurementNotified(),
                r.disposition(), r.releasedStatus(), r.releaseKey(), r.correlationId());
    }

    private static EventEnvelope<LotDispositionDecided> disposition(LotDisposition disposition) {
        var payload = new LotDispositionDecided("BRK-4711", "L-1", disposition, OffsetDateTime.parse("2026-11-27T08:00:00Z"),
                null, null, null, null, null, null, null, null);
        return new EventEnvelope<>(UUID.randomUUID(), "LotDispositionDecided", "1.0", OffsetDateTime.parse("2026-11-27T08:00:00Z"),
                "corr-9", null, new SourceSystem("qms", "qms-cloud"), "3000", Map.of("item", "BRK-4711", "lot", "L-1"),
                "qms:3000:BRK-4711:L-1:disposition:" + disposition, payload);
    }
}
