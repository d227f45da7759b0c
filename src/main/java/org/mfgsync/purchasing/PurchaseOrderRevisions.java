package org.mfgsync.purchasing;

import java.sql.SQLException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.mfgsync.backbone.BusinessRuleException;
import org.mfgsync.canonical.CanonicalJson;
import org.mfgsync.canonical.EventEnvelope;
import org.mfgsync.canonical.PurchaseOrderChanged;
import org.mfgsync.resilience.OutboundPolicy;
import org.mfgsync.visibility.WorkflowTrace;

/**
 * Route steps of the PO revision workflow (routes/workflows/po-revision.camel.yaml): book the revision, decide whether
 * it is new to the supplier, resolve the supplier's channel (the delivery target), and, once the channel's delivery
 * route has delivered it, record the revision the supplier has.
 */
@ApplicationScoped
@Named("purchaseOrderRevisions")
public class PurchaseOrderRevisions {

    /** Exchange property: true when the revision is to be delivered to the supplier. */
    public static final String DELIVER = "poDeliver";
    /** Exchange property: why the revision is not delivered. */
    public static final String SKIP_REASON = "poSkipReason";
    /** Exchange property: the supplier channel instance the PO goes to. */
    public static final String CHANNEL = "supplierChannel";
    static final String PURCHASE_ORDER = "purchaseOrder";
    static final String REVISION = "poRevision";

    static final TypeReference<EventEnvelope<PurchaseOrderChanged>> EVENT = new TypeReference<>() {
    };

    private final PurchaseOrderBook book;
    private final SupplierProfiles profiles;
    private final WorkflowTrace trace;

    @Inject
    public PurchaseOrderRevisions(PurchaseOrderBook book, SupplierProfiles profiles, WorkflowTrace trace) {
        this.book = book;
        this.profiles = profiles;
        this.trace = trace;
    }

    /**
     * Books the revision in the PO book, then decides: a revision older than the book's, or not newer than the one
     * already delivered to the supplier, is not delivered. (Revisions handed over but not yet delivered are newer than
     * the book's delivered one and at least the book's revision; the channel's topic, keyed by PO, keeps them in order.)
     * The decision is in property {@value #DELIVER}, reason in {@value #SKIP_REASON}.
     */
    public void book(Exchange exchange) throws JsonProcessingException, SQLException {
        EventEnvelope<PurchaseOrderChanged> event = read(exchange);
        BookedOrder booked = book.book(event);
        String reason = skipReason(event.payload(), booked);
        exchange.setProperty(PURCHASE_ORDER, event.payload().purchaseOrder());
        exchange.setProperty(REVISION, event.payload().revision() == null ? 0 : event.payload().revision());
        exchange.setProperty(DELIVER, reason == null);
        exchange.setProperty(SKIP_REASON, reason);
    }

    static String skipReason(PurchaseOrderChanged po, BookedOrder booked) {
        int revision = po.revision() == null ? 0 : po.revision();
        if (booked.deliveredRevision() != null && revision <= booked.deliveredRevision()) {
            return "revision " + revision + " of purchase order " + po.purchaseOrder() + " is not newer than revision "
                    + booked.deliveredRevision() + " already delivered to supplier " + booked.supplier();
        }
        if (revision < booked.revision()) {
            return "revision " + revision + " of purchase order " + po.purchaseOrder() + " is older than revision "
                    + booked.revision() + " already received from " + booked.erpInstance();
        }
        return null;
    }

    /** Resolves the supplier's channel from its profile: the target of the delivery (unknown supplier → refused). */
    public void enrich(Exchange exchange) throws JsonProcessingException {
        EventEnvelope<PurchaseOrderChanged> event = read(exchange);
        SupplierProfile profile;
        try {
            profile = profiles.require(event.payload().supplier());
        } catch (BusinessRuleException refused) {
            trace.record(exchange, "supplier-delivered", WorkflowTrace.FAILED, refused.errorClass() + ": " + refused.getMessage());
            throw refused;
        }
        exchange.setProperty(CHANNEL, profile.channel());
        exchange.setProperty(OutboundPolicy.TARGET, profile.channel());
    }

    /**
     * Continuation of the channel's delivery (the body is the revision the channel took): the book remembers the revision
     * the supplier has, so a later redelivery of an older one is not delivered.
     */
    public void delivered(Exchange exchange) throws SQLException, JsonProcessingException {
        PurchaseOrderChanged po = read(exchange).payload();
        book.markDelivered(po.purchaseOrder(), po.revision() == null ? 0 : po.revision());
    }

    static EventEnvelope<PurchaseOrderChanged> read(Exchange exchange) throws JsonProcessingException {
        return CanonicalJson.MAPPER.readValue(exchange.getMessage().getBody(String.class), EVENT);
    }
}
