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
 * it is new to the supplier, enrich it with the supplier's profile, record the delivery.
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
     * already delivered to the supplier, is not delivered (property {@value #DELIVER}, reason in {@value #SKIP_REASON}).
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

    /** After the channel took the revision: the book remembers it was delivered. */
    public void delivered(Exchange exchange) throws SQLException {
        book.markDelivered(exchange.getProperty(PURCHASE_ORDER, String.class), exchange.getProperty(REVISION, Integer.class));
    }

    static EventEnvelope<PurchaseOrderChanged> read(Exchange exchange) throws JsonProcessingException {
        return CanonicalJson.MAPPER.readValue(exchange.getMessage().getBody(String.class), EVENT);
    }
}
