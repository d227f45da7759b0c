package org.mfgsync.purchasing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mfgsync.purchasing.Commits.poLine;
import static org.mfgsync.purchasing.Commits.purchaseOrder;

import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.mfgsync.backbone.BusinessRuleException;
import org.mfgsync.canonical.EventEnvelope;
import org.mfgsync.canonical.PurchaseOrderChanged;
import org.mfgsync.purchasing.RevisionDecision.Action;

/** What becomes of a booked PO revision, decided from the revision, the PO book's record and the supplier profiles. */
class RevisionDecisionTest {

    static final Function<String, SupplierProfile> NO_PROFILE_NEEDED = supplier -> {
        throw new AssertionError("the profile is not looked up for this revision");
    };

    EventEnvelope<PurchaseOrderChanged> rev2 = purchaseOrder("erp-cloud", "3000", "4500010002", 2, "SUP-ACME",
            poLine("10", "BRK-4711", "200", "2026-12-15", null));

    @Test
    void shouldDeliverANewRevisionOnTheChannelOfTheSuppliersProfile() {
        SupplierProfile acme = new SupplierProfile("SUP-ACME", "Acme Brakes", "supplier-acme", "supplier-standard-csv", List.of(),
                new SupplierProfile.Contact("buyer", "Dana Buyer", "dana.buyer@example.com"), null);

        RevisionDecision decision = RevisionDecision.decide(rev2, Commits.json(rev2), Commits.booked(rev2), supplier -> acme);

        assertThat(decision.action()).isEqualTo(Action.DELIVER);
        assertThat(decision.channel()).isEqualTo("supplier-acme");
        assertThat(decision.purchaseOrder()).isEqualTo("4500010002");
        assertThat(decision.detail()).isNull();
        assertThat(decision.json()).as("what the channel gets").isEqualTo(Commits.json(rev2));
    }

    @Test
    void shouldSkipARevisionTheSupplierHasWithoutLookingAtItsProfile() {
        BookedOrder delivered = withDelivered(Commits.booked(rev2), 2);

        RevisionDecision decision = RevisionDecision.decide(rev2, Commits.json(rev2), delivered, NO_PROFILE_NEEDED);

        assertThat(decision.action()).isEqualTo(Action.SKIP);
        assertThat(decision.detail()).isEqualTo("revision 2 of purchase order 4500010002 is not newer than revision 2 already "
                + "delivered to supplier SUP-ACME");
    }

    @Test
    void shouldRefuseARevisionForASupplierWithoutProfileNamingTheRule() {
        BusinessRuleException unknown = new BusinessRuleException("unknown-supplier", "supplier SUP-ACME has no profile");

        RevisionDecision decision = RevisionDecision.decide(rev2, Commits.json(rev2), Commits.booked(rev2), supplier -> {
            throw unknown;
        });

        assertThat(decision.action()).isEqualTo(Action.REFUSE);
        assertThat(decision.detail()).isEqualTo("unknown-supplier: supplier SUP-ACME has no profile");
        assertThat(decision.refusal()).isSameAs(unknown);
        assertThat(decision.channel()).isNull();
    }

    private static BookedOrder withDelivered(BookedOrder b, int revision) {
        return new BookedOrder(b.purchaseOrder(), b.supplier(), b.revision(), b.changeType(), b.orderDate(), b.erpInstance(),
                b.plant(), revision, b.lines());
    }
}
