package org.mfgsync.purchasing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;

import org.mfgsync.canonical.CanonicalJson;
import org.mfgsync.canonical.EventEnvelope;
import org.mfgsync.canonical.EventTypes;
import org.mfgsync.canonical.PurchaseOrderChanged;
import org.mfgsync.canonical.SourceSystem;
import org.mfgsync.canonical.SupplierCommitChanged;
import org.mfgsync.canonical.SupplierCommitChanged.ConfirmationType;
import org.mfgsync.canonical.SupplierCommitChanged.Level;

/** Canonical purchase orders and supplier commits for the purchasing tests. */
final class Commits {

    static final OffsetDateTime CONFIRMED_AT = OffsetDateTime.parse("2026-11-27T08:15:00+01:00");

    private Commits() {
    }

    /** A PO line: 1000 EA of the item needed on the date, delivered to the plant. */
    static PurchaseOrderChanged.Line poLine(String line, String item, String quantity, String needDate, String plant) {
        return new PurchaseOrderChanged.Line(line, PurchaseOrderChanged.LineChange.ADDED, item, null, null, null,
                new BigDecimal(quantity), "EA", LocalDate.parse(needDate), null, plant, null);
    }

    static EventEnvelope<PurchaseOrderChanged> purchaseOrder(String erpInstance, String plant, String po, int revision,
            String supplier, PurchaseOrderChanged.Line... lines) {
        var payload = new PurchaseOrderChanged(po, revision == 0 ? PurchaseOrderChanged.ChangeType.CREATED
                : PurchaseOrderChanged.ChangeType.REVISED, revision, supplier, LocalDate.parse("2026-11-20"), null, "EUR", null,
                null, List.of(lines));
        return new EventEnvelope<>(UUID.randomUUID(), EventTypes.PURCHASE_ORDER_CHANGED, "1.0", OffsetDateTime.now(),
                "corr-" + po + "-rev-" + revision, null, new SourceSystem("erp", erpInstance), plant,
                keys(po, supplier), erpInstance + ":" + po + ":" + revision, payload);
    }

    /** A line commit; previous date optional. */
    static SupplierCommitChanged.Line commitLine(String line, ConfirmationType type, String quantity, String deliveryDate,
            String previousDate) {
        return new SupplierCommitChanged.Line(line, type, null, null, new BigDecimal(quantity), "EA",
                null, deliveryDate == null ? null : LocalDate.parse(deliveryDate), null, null, null,
                previousDate == null ? null : new SupplierCommitChanged.PreviousCommit(null, LocalDate.parse(previousDate)));
    }

    static EventEnvelope<SupplierCommitChanged> commit(String plant, String po, String supplier, ConfirmationType type,
            SupplierCommitChanged.Line... lines) {
        String confirmation = po + "-" + UUID.randomUUID().toString().substring(0, 8);
        var payload = new SupplierCommitChanged(po, null, supplier, confirmation, type, lines.length == 0 ? Level.HEADER
                : Level.LINE, CONFIRMED_AT, null, null, lines.length == 0 ? null : List.of(lines));
        return new EventEnvelope<>(UUID.randomUUID(), EventTypes.SUPPLIER_COMMIT_CHANGED, "1.0", OffsetDateTime.now(),
                "corr-" + confirmation, null, new SourceSystem("supplier", "supplier-acme"), plant, keys(po, supplier),
                "supplier:" + supplier + ":" + confirmation, payload);
    }

    /** The commit assessed as accepted for an ERP instance and plant: what a batch needs of it. */
    static CommitAssessment accepted(EventEnvelope<SupplierCommitChanged> commit, String erpInstance, String plant) {
        return new CommitAssessment(commit, json(commit), List.of(), plant, erpInstance, null, List.of(), null);
    }

    /** The PO as the book would hold it. */
    static BookedOrder booked(EventEnvelope<PurchaseOrderChanged> event) {
        Map<String, BookedOrder.Line> lines = new LinkedHashMap<>();
        for (PurchaseOrderChanged.Line l : event.payload().lines()) {
            lines.put(l.poLine(), new BookedOrder.Line(l.poLine(), l.lineChange().name(), l.item(), l.quantity(),
                    l.unitOfMeasure(), l.needDate(), l.deliveryPlant()));
        }
        return new BookedOrder(event.payload().purchaseOrder(), event.payload().supplier(), event.payload().revision(),
                event.payload().changeType().name(), event.payload().orderDate(), event.source().instance(), event.plant(),
                null, lines);
    }

    static String json(Object value) {
        try {
            return CanonicalJson.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static com.fasterxml.jackson.databind.JsonNode json(String text) {
        try {
            return CanonicalJson.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, String> keys(String po, String supplier) {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("purchaseOrder", po);
        keys.put("supplier", supplier);
        return keys;
    }

    static <T> List<T> list(Iterable<T> items) {
        List<T> list = new ArrayList<>();
        items.forEach(list::add);
        return list;
    }
}
