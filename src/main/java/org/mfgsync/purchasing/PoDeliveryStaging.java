package org.mfgsync.purchasing;

import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;
import org.jboss.logging.Logger;
import org.mfgsync.canonical.EventHeaders;
import org.mfgsync.resilience.FailureClassifier;
import org.mfgsync.resilience.OutboundPolicy;
import org.mfgsync.visibility.WorkflowTrace;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Controlled degradation of the PO revision workflow: a revision whose supplier channel is down (a transient failure)
 * is staged in the state database instead of holding the Kafka consumer, so other suppliers' POs keep flowing; the
 * stage is drained in order per supplier when the channel is back. Staged deliveries per channel are a metric
 * ({@code mfgsync_po_deliveries_staged{channel}}) and each staging is a WARN line.
 */
@ApplicationScoped
@Named("poDeliveryStaging")
public class PoDeliveryStaging {

    private static final Logger LOG = Logger.getLogger("org.mfgsync.purchasing");
    /** Exchange property: the canonical PO event as it was before the delivery attempt. */
    public static final String EVENT = "poEvent";
    /** Exchange property: how many revisions of the supplier are staged ahead of this one. */
    public static final String STAGED_AHEAD = "poStagedAhead";
    public static final String DETAIL = "poStageDetail";

    private final DeliveryStage stage;
    private final PurchaseOrderBook book;
    private final WorkflowTrace trace;
    private final MeterRegistry meters;
    private final ProducerTemplate producer;
    private final Set<String> gauges = ConcurrentHashMap.newKeySet();

    @Inject
    public PoDeliveryStaging(DeliveryStage stage, PurchaseOrderBook book, WorkflowTrace trace, MeterRegistry meters,
            ProducerTemplate producer) {
        this.stage = stage;
        this.book = book;
        this.trace = trace;
        this.meters = meters;
        this.producer = producer;
    }

    /** Route step before a delivery: keeps the event, counts what of the supplier is staged ahead. */
    public void checkAhead(Exchange exchange) throws Exception {
        exchange.setProperty(EVENT, exchange.getMessage().getBody(String.class));
        String supplier = PurchaseOrderRevisions.read(exchange).payload().supplier();
        exchange.setProperty(STAGED_AHEAD, stage.stagedFor(supplier));
    }

    /** Route step: stages the revision (behind others of its supplier, or after its channel failed). */
    public void stage(Exchange exchange) throws Exception {
        Exchange event = exchange.copy();
        event.getMessage().setBody(exchange.getProperty(EVENT, String.class));
        var po = PurchaseOrderRevisions.read(event);
        String channel = exchange.getProperty(PurchaseOrderRevisions.CHANNEL, String.class);
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        int ahead = exchange.getProperty(STAGED_AHEAD, 0, Integer.class);
        String error = failure == null ? null : failure.getClass().getSimpleName() + ": " + failure.getMessage();
        stage.stage(new DeliveryStage.Staged(0, po.payload().supplier(), channel, po.payload().purchaseOrder(),
                po.payload().revision() == null ? 0 : po.payload().revision(), po.idempotencyKey(), po.correlationId(),
                exchange.getProperty(EVENT, String.class)), error);
        gauge(channel);
        String detail = failure != null ? "channel " + channel + " is down, staged until it is back: " + error
                : "staged behind " + ahead + " earlier revision(s) of supplier " + po.payload().supplier() + " waiting for "
                        + channel;
        exchange.setProperty(DETAIL, detail.length() > 500 ? detail.substring(0, 500) : detail);
        exchange.getMessage().setBody(exchange.getProperty(EVENT, String.class));
        LOG.warnf("Purchase order delivery staged channel=%s purchaseOrder=%s revision=%s: %s", channel,
                po.payload().purchaseOrder(), po.payload().revision(), detail);
    }

    /**
     * Timer step: for every supplier with staged revisions, delivers them oldest first until one fails (its channel is
     * still down: the rest wait) or none is left. A permanent refusal goes to the exceptions and the next one follows.
     */
    public void drain(Exchange tick) throws SQLException {
        for (DeliveryStage.Staged head : stage.heads()) {
            DeliveryStage.Staged next = head;
            while (next != null) {
                Exchange call = new DefaultExchange(tick.getContext());
                call.getMessage().setBody(next.payload());
                call.setProperty(EventHeaders.IDEMPOTENCY_KEY, next.idempotencyKey());
                call.setProperty(EventHeaders.CORRELATION_ID, next.correlationId());
                call.setProperty(OutboundPolicy.TARGET, next.channel());
                producer.send("direct:supplier." + next.channel() + ".purchase-orders", call);
                Exception failure = call.getException();
                if (failure != null && FailureClassifier.isTransient(failure)) {
                    return;
                }
                traceOutcome(tick, next, failure);
                stage.remove(next.id());
                if (failure == null) {
                    book.markDelivered(next.purchaseOrder(), next.revision());
                }
                next = stage.head(next.supplier()).orElse(null);
            }
        }
    }

    private void traceOutcome(Exchange tick, DeliveryStage.Staged delivered, Exception failure) {
        Exchange step = new DefaultExchange(tick.getContext());
        step.getMessage().setBody(delivered.payload());
        step.setProperty(OutboundPolicy.TARGET, delivered.channel());
        try {
            trace.start(step, "po-revision");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        if (failure == null) {
            trace.record(step, "supplier-delivered", WorkflowTrace.DONE, "from the stage, channel " + delivered.channel() + " is back");
            return;
        }
        // refused for good: an exception record with the event, as for any dead letter
        step.setProperty(Exchange.EXCEPTION_CAUGHT, failure);
        step.setProperty(ExchangePropertyKey.FAILURE_ROUTE_ID, "purchasing.po-delivery-drain");
        step.getMessage().setHeader(EventHeaders.IDEMPOTENCY_KEY, delivered.idempotencyKey());
        step.getMessage().setHeader(EventHeaders.CORRELATION_ID, delivered.correlationId());
        trace.record(step, "supplier-delivered", WorkflowTrace.FAILED, failure.getMessage());
        producer.send("direct:resilience.dead-letter", step);
    }

    private void gauge(String channel) {
        if (gauges.add(channel)) {
            Gauge.builder("mfgsync.po.deliveries.staged", () -> stage.stagedOn(channel))
                    .description("PO revisions staged because their supplier channel is down").tag("channel", channel)
                    .register(meters);
        }
    }
}
