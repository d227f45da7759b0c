package org.mfgsync.purchasing;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.jboss.logging.Logger;
import org.mfgsync.backbone.CanonicalMessages.Outgoing;
import org.mfgsync.backbone.Ids;
import org.mfgsync.backbone.LogText;
import org.mfgsync.canonical.EventEnvelope;
import org.mfgsync.canonical.EventHeaders;
import org.mfgsync.connectors.mapping.MappedEvents;
import org.mfgsync.governance.ProblemDetails;
import org.mfgsync.governance.webhooks.WebhookGate;
import org.mfgsync.mapping.MappingRegistry;
import org.mfgsync.partner.PlantTable;
import org.mfgsync.partner.WorkflowData;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The cloud ERP's PO webhook ({@code POST /api/v1/erp/{instance}/purchase-order-events}): the call was signed by the
 * instance (verified before any route by {@link WebhookGate}, like every webhook); this checks that the signer is the
 * instance of the path and an ERP instance of the plant routing, then maps the ERP's own PO document to the canonical
 * {@code PurchaseOrderChanged} with {@code mappings/<instance>/purchase-order-changed.jsonata}.
 */
@ApplicationScoped
@Named("purchaseOrderWebhook")
@RegisterForReflection
public class PurchaseOrderWebhook {

    static final String MAPPING = "purchase-order-changed";
    /** Path parameter of the webhook: the ERP instance that calls. */
    static final String INSTANCE = "instance";
    /** Exchange property in an {@code onException}: the exception it caught. */
    static final String EXCEPTION_CAUGHT = org.apache.camel.Exchange.EXCEPTION_CAUGHT;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = Logger.getLogger("org.mfgsync.purchasing");

    private final WorkflowData data;
    private final MappingRegistry mappings;
    private final MappedEvents events = new MappedEvents(Clock.systemUTC(), Ids::randomUuid);

    @Inject
    public PurchaseOrderWebhook(WorkflowData data, MappingRegistry mappings) {
        this.data = data;
        this.mappings = mappings;
    }

    /**
     * Lets through only the ERP instance that signed the call: the signature was verified before the route
     * ({@link WebhookGate}, sender in {@value WebhookGate#SENDER_HEADER}), and the instance in the path must be that
     * sender (401 otherwise, the same answer as a wrong signature). A signed call of an instance that is not routed to a
     * plant is refused with 404.
     */
    public void requireSender(@Header(INSTANCE) String instance, @Header(WebhookGate.SENDER_HEADER) String sender) {
        if (sender == null || !sender.equals(instance)) {
            throw new WebhookRefusedException(401, "invalid-signature", WebhookGate.REFUSAL_DETAIL);
        }
        boolean known = data.document("routing/plants", PlantTable.class)
                .map(t -> t.plants().values().stream().anyMatch(p -> p.erp().equals(instance))).orElse(false);
        if (!known) {
            throw new WebhookRefusedException(404, "unknown-erp-instance", "No ERP instance '" + instance
                    + "' is routed to a plant (mappings/routing/plants.yaml)");
        }
    }

    /** The ERP's PO document becomes the canonical event, keyed by purchase order. */
    public Outgoing toCanonical(@Header(INSTANCE) String instance, @Header(EventHeaders.CORRELATION_ID) String correlationId,
            @Body String document) throws JsonProcessingException {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("instance", instance);
        input.put("document", JSON.readValue(document, Object.class));
        Object mapped = mappings.evaluate(instance + "/" + MAPPING, input);
        EventEnvelope<Object> event = events.envelope(mapped, correlationId, null);
        return Outgoing.of(event, event.businessKeys().get("purchaseOrder"));
    }

    /** In the route's onException: the refusal, logged, and its problem+json answer ({@code problemDetails.answer}). */
    public ProblemDetails.Problem refuse(@ExchangeProperty(EXCEPTION_CAUGHT) WebhookRefusedException refusal,
            @Header(EventHeaders.CORRELATION_ID) String correlationId, @Header(INSTANCE) String instance) {
        LOG.warnf("Refused purchase order event status=%d type=%s instance=%s: %s", refusal.status(), refusal.problem(),
                LogText.escape(instance), refusal.getMessage());
        return new ProblemDetails.Problem("https://mfgsync.org/problems/" + refusal.problem(),
                refusal.status() == 404 ? "Unknown ERP instance" : "Webhook signature missing or wrong", refusal.status(),
                refusal.getMessage(), correlationId, List.of());
    }
}
