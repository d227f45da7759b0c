package org.mfgsync.purchasing;

import java.sql.SQLException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.mfgsync.canonical.CanonicalJson;
import org.mfgsync.canonical.EventEnvelope;
import org.mfgsync.canonical.IntakeKeys;
import org.mfgsync.canonical.PurchaseOrderChanged;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Route steps of the PO revision workflow (routes/workflows/po-revision.camel.yaml): book the revision and decide what
 * becomes of it ({@link RevisionDecision}, in the exchange property {@value #REVISION}), and, once the channel's
 * delivery route has delivered it, record the revision the supplier has.
 */
@ApplicationScoped
@Named("purchaseOrderRevisions")
@RegisterForReflection
public class PurchaseOrderRevisions {

    /** Exchange property: the {@link RevisionDecision} the later steps work on. */
    public static final String REVISION = "poRevision";

    static final TypeReference<EventEnvelope<PurchaseOrderChanged>> EVENT = new TypeReference<>() {
    };

    private final PurchaseOrderBook book;
    private final SupplierProfiles profiles;

    @Inject
    public PurchaseOrderRevisions(PurchaseOrderBook book, SupplierProfiles profiles) {
        this.book = book;
        this.profiles = profiles;
    }

    /** Books the revision (the {@code PurchaseOrderChanged} envelope) in the PO book, then decides what becomes of it. */
    public RevisionDecision book(@Body String revision) throws JsonProcessingException, SQLException {
        EventEnvelope<PurchaseOrderChanged> event = CanonicalJson.MAPPER.readValue(revision, EVENT);
        return RevisionDecision.decide(event, revision, book.book(event), profiles::require);
    }

    /** DELIVER, SKIP or REFUSE. */
    public RevisionDecision.Action step(@ExchangeProperty(REVISION) RevisionDecision decision) {
        return decision.action();
    }

    /** Why the revision is skipped or refused, as the trace shows it. */
    public String detail(@ExchangeProperty(REVISION) RevisionDecision decision) {
        return decision.detail();
    }

    /** A refused revision fails with the rule it breaks: the exceptions keep it for a replay after a fix. */
    public void refuse(@ExchangeProperty(REVISION) RevisionDecision decision) {
        if (decision.refusal() == null) {
            throw new IllegalStateException("revision of purchase order " + decision.purchaseOrder() + " was not refused");
        }
        throw decision.refusal();
    }

    /** The supplier's channel: the target of the delivery. */
    public String channel(@ExchangeProperty(REVISION) RevisionDecision decision) {
        return decision.channel();
    }

    /**
     * The revision as it came, less the keys of how it reached us (the ERP export's file name or staging batch,
     * {@link IntakeKeys}): the document the channel's connector gets.
     */
    public String document(@ExchangeProperty(REVISION) RevisionDecision decision) throws JsonProcessingException {
        return IntakeKeys.withoutIntakeKeys(decision.json());
    }

    /** The purchase order: the supplier gets its revisions in order. */
    public String purchaseOrder(@ExchangeProperty(REVISION) RevisionDecision decision) {
        return decision.purchaseOrder();
    }

    /**
     * Continuation of the channel's delivery (the body is the revision the channel took): the book remembers the revision
     * the supplier has, so a later redelivery of an older one is not delivered.
     */
    public void delivered(@Body String revision) throws SQLException, JsonProcessingException {
        PurchaseOrderChanged po = CanonicalJson.MAPPER.readValue(revision, EVENT).payload();
        book.markDelivered(po.purchaseOrder(), RevisionDecision.revisionOf(po));
    }
}
