package org.mfgsync.purchasing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mfgsync.purchasing.Commits.booked;
import static org.mfgsync.purchasing.Commits.commit;
import static org.mfgsync.purchasing.Commits.commitLine;
import static org.mfgsync.purchasing.Commits.poLine;
import static org.mfgsync.purchasing.Commits.purchaseOrder;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mfgsync.backbone.BusinessRuleException;
import org.mfgsync.canonical.SupplierCommitChanged.ConfirmationType;
import org.mfgsync.purchasing.SupplierCommitChecks.CommittedLine;
import org.mfgsync.purchasing.SupplierCommitChecks.Limits;

/** Validation of supplier commits against the PO book, the risk policy's rules, and inspection reschedules. */
class SupplierCommitChecksTest {

    static final Limits LIMITS = new Limits(new BigDecimal("2"), 365);
    static final SupplierCommitRiskPolicy POLICY = new SupplierCommitRiskPolicy(3, new BigDecimal("10"),
            List.of(ConfirmationType.REJECT, ConfirmationType.BACKORDERED), List.of("CRIT-1"), List.of("HYD-0815"));

    BookedOrder order = booked(purchaseOrder("erp-cloud", "3000", "4500031001", 2, "SUP-ACME",
            poLine("10", "BRK-4711", "1000", "2026-12-15", "3000"), poLine("20", "HYD-0815", "40", "2026-12-20", "3100"),
            poLine("30", "CRIT-1", "5", "2026-12-20", null)));

    @Test
    void shouldRefuseACommitToAPurchaseOrderTheBookDoesNotKnow() {
        assertRefused(commit("3000", "4500099999", "SUP-ACME", ConfirmationType.ACCEPT), null, "unknown-purchase-order",
                "purchase order 4500099999 is not in the PO book");
    }

    @Test
    void shouldRefuseACommitFromASupplierThatDoesNotOwnThePurchaseOrder() {
        assertRefused(commit("3000", "4500031001", "SUP-BOLT", ConfirmationType.ACCEPT), order, "supplier-mismatch",
                "purchase order 4500031001 is placed with SUP-ACME, not with SUP-BOLT");
    }

    @Test
    void shouldRefuseACommitToALineThePurchaseOrderDoesNotHave() {
        assertRefused(commit("3000", "4500031001", "SUP-ACME", ConfirmationType.CHANGE,
                commitLine("40", ConfirmationType.CHANGE, "5", "2026-12-15", null)), order, "unknown-po-line",
                "has no line 40 (its lines: 10, 20, 30)");
    }

    @Test
    void shouldRefuseAZeroQuantityUnlessTheLineIsRejected() {
        assertRefused(commit("3000", "4500031001", "SUP-ACME", ConfirmationType.CHANGE,
                commitLine("10", ConfirmationType.CHANGE, "0", "2026-12-15", null)), order, "implausible-quantity",
                "a CHANGE must commit a quantity above 0");
        assertThat(SupplierCommitChecks.validate(commit("3000", "4500031001", "SUP-ACME", ConfirmationType.REJECT,
                commitLine("10", ConfirmationType.REJECT, "0", null, null)), order, LIMITS)).hasSize(1);
    }

    @Test
    void shouldRefuseAQuantityAboveTheConfiguredMultipleOfTheOrderedOne() {
        assertRefused(commit("3000", "4500031001", "SUP-ACME", ConfirmationType.CHANGE,
                commitLine("20", ConfirmationType.CHANGE, "81", "2026-12-20", null)), order, "implausible-quantity",
                "commits 81 EA, more than 2 times the ordered 40");
    }

    @Test
    void shouldRefuseDatesBeforeTheOrderDateOrBeyondTheHorizon() {
        assertRefused(commit("3000", "4500031001", "SUP-ACME", ConfirmationType.CHANGE,
                commitLine("10", ConfirmationType.CHANGE, "1000", "2026-11-19", null)), order, "implausible-date",
                "committed date 2026-11-19 is before the order date 2026-11-20");
        assertRefused(commit("3000", "4500031001", "SUP-ACME", ConfirmationType.CHANGE,
                commitLine("10", ConfirmationType.CHANGE, "1000", "2027-11-28", null)), order, "implausible-date",
                "is more than 365 days after the commit was made (2026-11-27)");
    }

    @Test
    void shouldClassifyARejectionAsHighByConfirmationType() {
        RiskClassification risk = classify(commit("3000", "4500031001", "SUP-ACME", ConfirmationType.REJECT));
        assertThat(risk.level()).isEqualTo(RiskClassification.Level.HIGH);
        assertThat(risk.rule()).isEqualTo("confirmation-type");
        assertThat(classify(commit("3000", "4500031001", "SUP-ACME", ConfirmationType.CHANGE,
                commitLine("10", ConfirmationType.BACKORDERED, "1000", "2026-12-15", null))).rule()).isEqualTo("confirmation-type");
    }

    @Test
    void shouldClassifyAShortfallBeyondTheTolerance() {
        RiskClassification risk = classify(commit("3000", "4500031001", "SUP-ACME", ConfirmationType.CHANGE,
                commitLine("10", ConfirmationType.CHANGE, "300", "2026-12-15", null)));
        assertThat(risk.detail()).isEqualTo("HIGH by short-quantity: line 10 commits 300 EA of 1000 ordered (70% short, "
                + "tolerance 10%)");
        assertThat(classify(commit("3000", "4500031001", "SUP-ACME", ConfirmationType.CHANGE,
                commitLine("10", ConfirmationType.CHANGE, "900", "2026-12-15", null))).level())
                .isEqualTo(RiskClassification.Level.LOW);
    }

    @Test
    void shouldClassifyADeliveryLaterThanTheToleranceAfterTheNeedDate() {
        RiskClassification risk = classify(commit("3000", "4500031001", "SUP-ACME", ConfirmationType.CHANGE,
                commitLine("10", ConfirmationType.CHANGE, "1000", "2026-12-19", null)));
        assertThat(risk.rule()).isEqualTo("late-delivery");
        assertThat(risk.reason()).isEqualTo("line 10 is committed for 2026-12-19, 4 days after its need date 2026-12-15 "
                + "(tolerance 3 days)");
        assertThat(classify(commit("3000", "4500031001", "SUP-ACME", ConfirmationType.CHANGE,
                commitLine("10", ConfirmationType.CHANGE, "1000", "2026-12-18", null))).level())
                .isEqualTo(RiskClassification.Level.LOW);
    }

    @Test
    void shouldClassifyACriticalItemAsHighAndEverythingElseWithinToleranceAsLow() {
        assertThat(classify(commit("3000", "4500031001", "SUP-ACME", ConfirmationType.ACCEPT,
                commitLine("30", ConfirmationType.ACCEPT, "5", "2026-12-20", null))).rule()).isEqualTo("critical-item");
        RiskClassification low = classify(commit("3000", "4500031001", "SUP-ACME", ConfirmationType.ACCEPT,
                commitLine("10", ConfirmationType.ACCEPT, "1000", "2026-12-15", null)));
        assertThat(low.level()).isEqualTo(RiskClassification.Level.LOW);
        assertThat(low.rule()).isEqualTo("within-tolerance");
    }

    @Test
    void shouldTakeAHeaderCommitAsEveryLineAsOrdered() {
        List<CommittedLine> lines = SupplierCommitChecks.validate(commit("3000", "4500031001", "SUP-ACME",
                ConfirmationType.ACCEPT), order, LIMITS);
        assertThat(lines).extracting(CommittedLine::poLine).containsExactly("10", "20", "30");
        assertThat(lines.get(0).committedQuantity()).isEqualByComparingTo("1000");
    }

    @Test
    void shouldRescheduleTheInspectionOfAnInspectedItemWhoseDeliveryMoves() {
        var moved = SupplierCommitChecks.validate(commit("3000", "4500031001", "SUP-ACME", ConfirmationType.CHANGE,
                commitLine("10", ConfirmationType.CHANGE, "1000", "2026-12-17", null),
                commitLine("20", ConfirmationType.CHANGE, "40", "2026-12-22", "2026-12-21")), order, LIMITS);

        var reschedules = SupplierCommitChecks.inspectionReschedules(moved, POLICY);

        assertThat(reschedules).singleElement().satisfies(r -> {
            assertThat(r.poLine()).isEqualTo("20");
            assertThat(r.item()).isEqualTo("HYD-0815");
            assertThat(r.previousDate()).isEqualTo(LocalDate.parse("2026-12-21"));
            assertThat(r.newDate()).isEqualTo(LocalDate.parse("2026-12-22"));
        });
        var unchanged = SupplierCommitChecks.validate(commit("3000", "4500031001", "SUP-ACME", ConfirmationType.ACCEPT,
                commitLine("20", ConfirmationType.ACCEPT, "40", "2026-12-20", null)), order, LIMITS);
        assertThat(SupplierCommitChecks.inspectionReschedules(unchanged, POLICY)).isEmpty();
    }

    private RiskClassification classify(org.mfgsync.canonical.EventEnvelope<org.mfgsync.canonical.SupplierCommitChanged> event) {
        return SupplierCommitChecks.classify(event.payload(), SupplierCommitChecks.validate(event, order, LIMITS), POLICY);
    }

    private static void assertRefused(org.mfgsync.canonical.EventEnvelope<org.mfgsync.canonical.SupplierCommitChanged> event,
            BookedOrder order, String errorClass, String reason) {
        assertThatThrownBy(() -> SupplierCommitChecks.validate(event, order, LIMITS))
                .isInstanceOfSatisfying(BusinessRuleException.class, e -> {
                    assertThat(e.errorClass()).isEqualTo(errorClass);
                    assertThat(e.getMessage()).contains(reason);
                });
    }
}
