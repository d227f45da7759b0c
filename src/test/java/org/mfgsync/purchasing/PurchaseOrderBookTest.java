package org.mfgsync.purchasing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mfgsync.purchasing.Commits.poLine;
import static org.mfgsync.purchasing.Commits.purchaseOrder;

import java.time.LocalDate;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mfgsync.testing.StateDatabase;

/** The PO book keeps the latest revision of each PO with its lines, and what was delivered to the supplier. */
class PurchaseOrderBookTest {

    PurchaseOrderBook book;

    @BeforeEach
    void setUp() throws Exception {
        book = new PurchaseOrderBook(StateDatabase.create());
    }

    @Test
    void shouldKeepTheLatestRevisionWithItsLinesPlantsAndOwningErp() throws Exception {
        book.book(purchaseOrder("erp-legacy-a", "1000", "4500010001", 1, "SUP-ACME",
                poLine("10", "BRK-4711", "100", "2026-12-15", null), poLine("20", "HYD-0815", "5", "2026-12-20", "1100")));
        BookedOrder booked = book.book(purchaseOrder("erp-legacy-a", "1000", "4500010001", 2, "SUP-ACME",
                poLine("10", "BRK-4711", "120.5", "2026-12-18", null)));

        assertThat(booked.revision()).isEqualTo(2);
        assertThat(booked.erpInstance()).isEqualTo("erp-legacy-a");
        assertThat(booked.supplier()).isEqualTo("SUP-ACME");
        assertThat(booked.orderDate()).isEqualTo(LocalDate.parse("2026-11-20"));
        assertThat(booked.lines()).containsOnlyKeys("10");
        assertThat(booked.lines().get("10").quantity()).isEqualByComparingTo("120.5");
        assertThat(booked.lines().get("10").needDate()).isEqualTo(LocalDate.parse("2026-12-18"));
        assertThat(booked.lines().get("10").deliveryPlant()).isEqualTo("1000");
        assertThat(book.find("4500010001")).contains(booked);
        assertThat(book.find("4500019999")).isEmpty();
    }

    @Test
    void shouldNotLetAnOlderRevisionOverwriteANewerOne() throws Exception {
        book.book(purchaseOrder("erp-cloud", "3000", "4500010002", 3, "SUP-ACME", poLine("10", "BRK-4711", "300", "2026-12-15", null)));
        BookedOrder booked = book.book(purchaseOrder("erp-cloud", "3000", "4500010002", 2, "SUP-ACME",
                poLine("10", "BRK-4711", "200", "2026-12-15", null)));

        assertThat(booked.revision()).isEqualTo(3);
        assertThat(booked.lines().get("10").quantity()).isEqualByComparingTo("300");
        assertThat(RevisionDecision.skipReason(purchaseOrder("erp-cloud", "3000", "4500010002", 2, "SUP-ACME",
                poLine("10", "BRK-4711", "200", "2026-12-15", null)).payload(), booked))
                .isEqualTo("revision 2 of purchase order 4500010002 is older than revision 3 already received from erp-cloud");
    }

    @Test
    void shouldRememberTheDeliveredRevisionAndNotDeliverItOrAnOlderOneAgain() throws Exception {
        var rev2 = purchaseOrder("erp-cloud", "3000", "4500010003", 2, "SUP-ACME", poLine("10", "BRK-4711", "1", "2026-12-15", null));
        assertThat(RevisionDecision.skipReason(rev2.payload(), book.book(rev2))).isNull();
        book.markDelivered("4500010003", 2);
        book.markDelivered("4500010003", 1); // a late redelivery of an older one does not move it back

        BookedOrder again = book.book(rev2);
        assertThat(again.deliveredRevision()).isEqualTo(2);
        assertThat(RevisionDecision.skipReason(rev2.payload(), again)).isEqualTo("revision 2 of purchase order "
                + "4500010003 is not newer than revision 2 already delivered to supplier SUP-ACME");
        var rev3 = purchaseOrder("erp-cloud", "3000", "4500010003", 3, "SUP-ACME", poLine("10", "BRK-4711", "2", "2026-12-15", null));
        assertThat(RevisionDecision.skipReason(rev3.payload(), book.book(rev3))).isNull();
    }

    @Test
    void shouldDeliverANewPurchaseOrderAtRevisionZeroThatNoSupplierHasYet() throws Exception {
        var created = purchaseOrder("erp-legacy-a", "1000", "4500010004", 0, "SUP-ACME", poLine("10", "BRK-4711", "1", "2026-12-15", null));
        BookedOrder booked = book.book(created);

        assertThat(booked.deliveredRevision()).isNull();
        assertThat(book.find("4500010004").orElseThrow().deliveredRevision()).isNull();
        assertThat(RevisionDecision.skipReason(created.payload(), booked)).isNull();
    }
}
