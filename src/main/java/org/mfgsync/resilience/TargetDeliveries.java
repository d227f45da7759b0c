package org.mfgsync.resilience;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.jboss.logging.Logger;
import org.mfgsync.backbone.Ids;
import org.mfgsync.backbone.TraceParent;
import org.mfgsync.canonical.CanonicalJson;
import org.mfgsync.canonical.EventHeaders;
import org.mfgsync.visibility.WorkflowTrace;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Per-target durable hold. A workflow hands the work for a target instance (a stock block for erp-legacy-b, a SCAR for
 * the QMS, a commit batch for erp-legacy-a...) to the target's own topic {@code mfgsync.delivery.<target>.v1} and goes
 * on; the target's delivery route ({@code routes/resilience/target-delivery.camel.yaml}, one consumer group per target)
 * delivers it in order per business key, exactly once per idempotency key, and while the target is down holds only
 * that target's work. A delivery names a target and an operation; the endpoint that performs it is resolved here from
 * the allowlist {@code mfgsync.resilience.targets.<target>.operations.<operation>}, never taken from the record, and a
 * record for a target or operation not listed is refused ({@link UnknownDeliveryException}) to the exceptions.
 */
@ApplicationScoped
@Named("targetDeliveries")
public class TargetDeliveries {

    static final String TOPIC_PREFIX = "mfgsync.delivery.";
    static final String EVENT_TYPE = "TargetDelivery";
    /** Exchange property set by the caller: the workflow step the delivery completes, recorded in the trace when done. */
    public static final String DELIVERY_STEP = "deliveryStep";
    /** Exchange property on the delivering side: the configured connector endpoint that performs the operation. */
    public static final String ENDPOINT = "deliveryEndpoint";
    /**
     * Exchange property on the delivering side: the configured route that goes on with the workflow once the target
     * took the work ({@code mfgsync.resilience.continuations.<step>}), or absent.
     */
    public static final String CONTINUATION = "deliveryContinuation";
    /**
     * Exchange property set by the caller, read back on the delivering side: what the workflow's continuation needs
     * besides the target's answer (JSON), e.g. the containment a SCAR belongs to.
     */
    public static final String CONTEXT = "deliveryContext";
    /**
     * Exchange property the caller may set: the business key whose deliveries must stay in order at the target (e.g. the
     * purchase order, so a supplier gets its revisions in order). Without it the key is derived from the document.
     */
    public static final String ORDER_KEY = "deliveryOrderKey";

    private static final Logger LOG = Logger.getLogger("org.mfgsync.resilience");

    /** What is handed over: the document for the target's connector and the context of the workflow that wants it. */
    @RegisterForReflection
    public record Delivery(String deliveryId, String target, String operation, String workflow, String step,
            String correlationId, String idempotencyKey, String plant, Map<String, String> businessKeys,
            OffsetDateTime startedAt, String triggerEventId, String triggerEventType, OffsetDateTime requestedAt,
            String document, String context) {
    }

    private final ProducerTemplate producer;
    private final HandOverProducer handOvers;
    private final ResilienceConfig config;

    @Inject
    public TargetDeliveries(ProducerTemplate producer, HandOverProducer handOvers, ResilienceConfig config) {
        this.producer = producer;
        this.handOvers = handOvers;
        this.config = config;
    }

    /** The topic that holds a target's deliveries. */
    public static String topicOf(String target) {
        return TOPIC_PREFIX + target + ".v1";
    }

    /**
     * Route step of a target dispatch: hands the body over to the target named by the exchange property
     * {@value OutboundPolicy#TARGET} for {@code operation}, through the target's topic. The caller's exchange is left
     * as it was; a failure to publish (Kafka down) fails the step as transient, so the caller holds its work.
     */
    public void handOff(Exchange exchange, String operation) throws Exception {
        String target = exchange.getProperty(OutboundPolicy.TARGET, String.class);
        String idempotencyKey = exchange.getProperty(EventHeaders.IDEMPOTENCY_KEY, String.class);
        if (target == null || idempotencyKey == null) {
            throw new IllegalStateException("a delivery needs the exchange properties target and idempotencyKey");
        }
        endpointOf(target, operation);
        String document = exchange.getMessage().getMandatoryBody(String.class);
        DocumentKeys body = DocumentKeys.read(document);
        WorkflowTrace.Instance instance = exchange.getProperty(WorkflowTrace.INSTANCE, WorkflowTrace.Instance.class);
        Map<String, String> keys = new LinkedHashMap<>();
        if (instance != null) {
            keys.putAll(instance.businessKeys());
        }
        body.businessKeys().forEach(keys::putIfAbsent);
        String plant = exchange.getProperty("plant", body.plant(), String.class);
        String correlationId = exchange.getProperty(EventHeaders.CORRELATION_ID, String.class);

        Delivery delivery = new Delivery(Ids.randomId(), target, operation,
                instance != null ? instance.workflow() : workflowOf(exchange), exchange.getProperty(DELIVERY_STEP, String.class),
                correlationId, idempotencyKey, plant, keys, instance != null ? instance.startedAt() : null,
                instance != null ? instance.eventId() : null, instance != null ? instance.eventType() : null,
                OffsetDateTime.now(ZoneOffset.UTC), document, exchange.getProperty(CONTEXT, String.class));

        Map<String, Object> headers = new HashMap<>();
        headers.put(EventHeaders.CORRELATION_ID, correlationId);
        if (correlationId != null) {
            // while spans are exported, the handing-over hop is the parent of the delivery's (visibility.tracing)
            String spanId = exchange.getProperty(TraceParent.SPAN_ID, String.class);
            headers.put(TraceParent.HEADER, spanId == null ? TraceParent.header(correlationId) : TraceParent.header(correlationId, spanId));
        }
        headers.put(EventHeaders.EVENT_ID, delivery.deliveryId());
        headers.put(EventHeaders.EVENT_TYPE, EVENT_TYPE);
        headers.put(EventHeaders.IDEMPOTENCY_KEY, idempotencyKey);
        String replayOf = exchange.getProperty(Replays.REPLAY_OF, String.class);
        if (replayOf != null && !replayOf.isEmpty()) {
            // a replay is resolved by the delivery once the target took it, not by this hand-over
            headers.put(Replays.REPLAY_OF, replayOf);
            exchange.setProperty(Replays.HANDED_OVER, true);
        }
        String orderKey = exchange.getProperty(ORDER_KEY, String.class);
        handOvers.send(exchange, topicOf(target), target + ":" + (orderKey != null ? orderKey : orderKeyOf(body, plant, idempotencyKey)),
                CanonicalJson.MAPPER.writeValueAsString(delivery), headers);
        LOG.debugf("Handed over target=%s operation=%s key=%s", target, operation, idempotencyKey);
    }

    /** The endpoint that performs {@code operation} at {@code target}, from the allowlist; refused when not listed. */
    String endpointOf(String target, String operation) {
        ResilienceConfig.TargetPolicy policy = target == null ? null : config.targets().get(target);
        String endpoint = policy == null || operation == null ? null : policy.operations().get(operation);
        if (endpoint == null) {
            throw new UnknownDeliveryException("no delivery of operation " + operation + " to target " + target
                    + " is configured (mfgsync.resilience.targets." + target + ".operations." + operation + ")");
        }
        if (!endpoint.startsWith("direct:")) {
            throw new UnknownDeliveryException("the endpoint configured for operation " + operation + " of target " + target
                    + " is not a connector route (direct:...): " + endpoint);
        }
        return endpoint;
    }

    /**
     * First step of a delivery on target {@code routeTarget}'s route: the body becomes the document for the connector;
     * the properties the connector contract asks for are set, with the workflow's trace context so the completed step
     * is recorded. A record for another target, or for an operation not configured, is refused.
     */
    public void unwrap(Exchange exchange, String routeTarget) throws IOException {
        Delivery delivery = CanonicalJson.MAPPER.readValue(exchange.getMessage().getBody(String.class), Delivery.class);
        if (!routeTarget.equals(delivery.target())) {
            throw new UnknownDeliveryException("a delivery for target " + delivery.target() + " reached the delivery route of "
                    + routeTarget + ": not delivered");
        }
        exchange.setProperty(ENDPOINT, endpointOf(routeTarget, delivery.operation()));
        String continuation = delivery.step() == null ? null : config.continuations().get(delivery.step());
        if (continuation != null && !continuation.startsWith("direct:")) {
            throw new UnknownDeliveryException("the continuation configured for step " + delivery.step()
                    + " is not a workflow route (direct:...): " + continuation);
        }
        if (continuation != null) {
            exchange.setProperty(CONTINUATION, continuation);
            exchange.setProperty(CONTEXT, delivery.context());
        }
        exchange.setProperty(OutboundPolicy.TARGET, routeTarget);
        exchange.setProperty(EventHeaders.CORRELATION_ID, delivery.correlationId());
        exchange.setProperty(EventHeaders.IDEMPOTENCY_KEY, delivery.idempotencyKey());
        exchange.setProperty(DeadLetters.WORKFLOW, delivery.workflow());
        exchange.setProperty(DELIVERY_STEP, delivery.step());
        exchange.setProperty(WorkflowTrace.OPERATION, delivery.operation());
        exchange.setProperty("plant", delivery.plant());
        exchange.setProperty("erpInstance", routeTarget);
        exchange.setProperty(WorkflowTrace.INSTANCE, new WorkflowTrace.Instance(delivery.workflow(), delivery.correlationId(),
                delivery.triggerEventId(), delivery.triggerEventType(), delivery.startedAt(), delivery.plant(),
                delivery.businessKeys() == null ? Map.of() : delivery.businessKeys()));
        exchange.getMessage().setBody(delivery.document());
    }

    /**
     * Route step of a delivery after {@link #unwrap}: the connector route configured for the operation performs it
     * (the endpoint comes from the allowlist, never from the record). A failure is rethrown for the delivery's policy.
     */
    public void perform(Exchange exchange) throws Exception {
        callConfigured(exchange, exchange.getProperty(ENDPOINT, String.class));
    }

    /** Route step once the target took the work: the configured continuation of the workflow step, if any. */
    public void continueWorkflow(Exchange exchange) throws Exception {
        callConfigured(exchange, exchange.getProperty(CONTINUATION, String.class));
    }

    private void callConfigured(Exchange exchange, String route) throws Exception {
        if (route == null) {
            return;
        }
        producer.send(route, exchange);
        Exception failure = exchange.getException();
        if (failure != null) {
            exchange.setException(null);
            throw failure;
        }
    }

    /**
     * The key that keeps one entity's work in order: plant:item:lot of a stock status or a lot's request, else the
     * plant, else the work's own key.
     */
    static String orderKeyOf(DocumentKeys body, String plant, String idempotencyKey) {
        if (body.payloadItem() != null && body.payloadLot() != null) {
            return (body.payloadPlant() != null ? body.payloadPlant() : plant) + ":" + body.payloadItem() + ":" + body.payloadLot();
        }
        if (body.item() != null && body.lot() != null) {
            return (body.plant() != null ? body.plant() : plant) + ":" + body.item() + ":" + body.lot();
        }
        return plant != null ? plant : idempotencyKey;
    }

    /**
     * What a hand-over needs of the document it hands over: its business keys, plant, item and lot, at the top and in
     * its payload. Read as a stream with everything else skipped: the document was written a step before and its
     * connector reads it whole at the target.
     */
    record DocumentKeys(Map<String, String> businessKeys, String plant, String item, String lot, String payloadPlant,
            String payloadItem, String payloadLot) {

        static DocumentKeys read(String json) throws IOException {
            Map<String, String> businessKeys = new LinkedHashMap<>();
            String[] top = new String[3];
            String[] payload = new String[3];
            try (JsonParser parser = CanonicalJson.MAPPER.getFactory().createParser(json)) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    throw new JsonParseException(parser, "a delivered document is a JSON object");
                }
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if (field.equals("businessKeys") && value == JsonToken.START_OBJECT) {
                        while (parser.nextToken() == JsonToken.FIELD_NAME) {
                            String key = parser.currentName();
                            parser.nextToken();
                            businessKeys.putIfAbsent(key, scalar(parser));
                        }
                    } else if (field.equals("payload") && value == JsonToken.START_OBJECT) {
                        while (parser.nextToken() == JsonToken.FIELD_NAME) {
                            String name = parser.currentName();
                            parser.nextToken();
                            keep(name, parser, payload);
                        }
                    } else {
                        keep(field, parser, top);
                    }
                }
            }
            return new DocumentKeys(businessKeys, top[0], top[1], top[2], payload[0], payload[1], payload[2]);
        }

        /** plant, item or lot into its slot (a JSON null stays absent); any other field is skipped. */
        private static void keep(String field, JsonParser parser, String[] slots) throws IOException {
            int slot = switch (field) {
                case "plant" -> 0;
                case "item" -> 1;
                case "lot" -> 2;
                default -> -1;
            };
            if (slot < 0) {
                parser.skipChildren();
            } else {
                slots[slot] = scalar(parser);
            }
        }

        /** The value as text, as JsonNode.asText() gives it: a container reads as empty, null as absent. */
        private static String scalar(JsonParser parser) throws IOException {
            JsonToken token = parser.currentToken();
            if (token == JsonToken.VALUE_NULL) {
                return null;
            }
            if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                parser.skipChildren();
                return "";
            }
            return parser.getText();
        }
    }

    private static String workflowOf(Exchange exchange) {
        String named = exchange.getProperty(DeadLetters.WORKFLOW, String.class);
        if (named != null) {
            return named;
        }
        Route route = exchange.getContext().getRoute(exchange.getFromRouteId());
        return route != null && route.getGroup() != null ? route.getGroup() : exchange.getFromRouteId();
    }
}
