package org.mfgsync.resilience;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.component.kafka.KafkaConstants;
import org.jboss.logging.Logger;
import org.mfgsync.canonical.CanonicalJson;
import org.mfgsync.canonical.EventHeaders;
import org.mfgsync.visibility.WorkflowTrace;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Per-target durable hold. A workflow hands the work for a target instance (a stock block for erp-legacy-b, a commit
 * batch for erp-legacy-a...) to the topic {@value #TOPIC} and goes on; each target instance has its own consumer
 * group on it ({@code routes/resilience/target-delivery.camel.yaml}) that delivers its work in order per business key
 * and, while its target is down, holds only its own work. So one ERP down does not stop the other ERPs, nor the
 * workflow's other steps (the SCAR still reaches the QMS). The delivery document carries everything the delivery,
 * a dead letter and a replay need: target, endpoint, workflow and step, correlation id, idempotency key, business keys.
 */
@ApplicationScoped
@Named("targetDeliveries")
public class TargetDeliveries {

    public static final String TOPIC = "mfgsync.target-deliveries.v1";
    static final String EVENT_TYPE = "TargetDelivery";
    /** Exchange property set by the caller: the workflow step the delivery completes, recorded in the trace when done. */
    public static final String DELIVERY_STEP = "deliveryStep";
    /** Exchange property on the delivering side: the connector endpoint the document goes to. */
    public static final String ENDPOINT = "deliveryEndpoint";
    /** Kafka header: the target instance, so other targets' consumers skip the record without reading it. */
    static final String TARGET_HEADER = "target";

    private static final Logger LOG = Logger.getLogger("org.mfgsync.resilience");

    /** What is handed over: the document for the target's connector and the context of the workflow that wants it. */
    @RegisterForReflection
    public record Delivery(String deliveryId, String target, String endpoint, String workflow, String step,
            String correlationId, String idempotencyKey, String plant, Map<String, String> businessKeys,
            OffsetDateTime startedAt, String triggerEventId, String triggerEventType, OffsetDateTime requestedAt,
            String document) {
    }

    private final ProducerTemplate producer;

    @Inject
    public TargetDeliveries(ProducerTemplate producer) {
        this.producer = producer;
    }

    /**
     * Route step of a target dispatch: hands the body to {@code direct:<family>.<target>.<operation>} through the
     * delivery topic. The caller's exchange is left as it was; a failure to publish (Kafka down) fails the step as
     * transient, so the caller holds its work.
     */
    public void handOff(Exchange exchange, String family, String operation) throws IOException, InvalidPayloadException {
        String target = exchange.getProperty(OutboundPolicy.TARGET, String.class);
        String idempotencyKey = exchange.getProperty(EventHeaders.IDEMPOTENCY_KEY, String.class);
        if (target == null || idempotencyKey == null) {
            throw new IllegalStateException("a delivery needs the exchange properties target and idempotencyKey");
        }
        String document = exchange.getMessage().getMandatoryBody(String.class);
        JsonNode body = CanonicalJson.MAPPER.readTree(document);
        WorkflowTrace.Instance instance = exchange.getProperty(WorkflowTrace.INSTANCE, WorkflowTrace.Instance.class);
        Map<String, String> keys = new LinkedHashMap<>();
        if (instance != null) {
            keys.putAll(instance.businessKeys());
        }
        body.path("businessKeys").fields().forEachRemaining(e -> keys.putIfAbsent(e.getKey(), e.getValue().asText()));
        String plant = exchange.getProperty("plant", body.path("plant").asText(null), String.class);
        String correlationId = exchange.getProperty(EventHeaders.CORRELATION_ID, String.class);

        Delivery delivery = new Delivery(UUID.randomUUID().toString(), target, "direct:" + family + "." + target + "." + operation,
                instance != null ? instance.workflow() : workflowOf(exchange), exchange.getProperty(DELIVERY_STEP, String.class),
                correlationId, idempotencyKey, plant, keys, instance != null ? instance.startedAt() : null,
                instance != null ? instance.eventId() : null, instance != null ? instance.eventType() : null,
                OffsetDateTime.now(ZoneOffset.UTC), document);

        Map<String, Object> headers = new HashMap<>();
        headers.put(KafkaConstants.KEY, target + ":" + orderKeyOf(body, plant, idempotencyKey));
        headers.put(EventHeaders.CORRELATION_ID, correlationId);
        headers.put(EventHeaders.EVENT_ID, delivery.deliveryId());
        headers.put(EventHeaders.EVENT_TYPE, EVENT_TYPE);
        headers.put(EventHeaders.IDEMPOTENCY_KEY, idempotencyKey);
        headers.put(TARGET_HEADER, target);
        producer.sendBodyAndHeaders("kafka:" + TOPIC, CanonicalJson.MAPPER.writeValueAsString(delivery), headers);
        LOG.debugf("Handed over target=%s endpoint=%s key=%s", target, delivery.endpoint(), idempotencyKey);
    }

    /** Filter of a target's delivery route: the record is for this target (header, else the document itself after a replay). */
    public boolean isFor(Exchange exchange, String target) throws IOException {
        String header = exchange.getMessage().getHeader(TARGET_HEADER, String.class);
        if (header != null) {
            return header.equals(target);
        }
        return target.equals(CanonicalJson.MAPPER.readTree(exchange.getMessage().getBody(String.class)).path("target").asText());
    }

    /**
     * First step of a delivery: the body becomes the document for the connector; the properties the connector
     * contract asks for are set, with the workflow's trace context so the completed step is recorded.
     */
    public void unwrap(Exchange exchange) throws IOException {
        Delivery delivery = CanonicalJson.MAPPER.readValue(exchange.getMessage().getBody(String.class), Delivery.class);
        exchange.setProperty(OutboundPolicy.TARGET, delivery.target());
        exchange.setProperty(ENDPOINT, delivery.endpoint());
        exchange.setProperty(EventHeaders.CORRELATION_ID, delivery.correlationId());
        exchange.setProperty(EventHeaders.IDEMPOTENCY_KEY, delivery.idempotencyKey());
        exchange.setProperty(DeadLetters.WORKFLOW, delivery.workflow());
        exchange.setProperty(DELIVERY_STEP, delivery.step());
        exchange.setProperty("plant", delivery.plant());
        exchange.setProperty("erpInstance", delivery.target());
        exchange.setProperty(WorkflowTrace.INSTANCE, new WorkflowTrace.Instance(delivery.workflow(), delivery.correlationId(),
                delivery.triggerEventId(), delivery.triggerEventType(), delivery.startedAt(), delivery.plant(),
                delivery.businessKeys() == null ? Map.of() : delivery.businessKeys()));
        exchange.getMessage().setBody(delivery.document());
    }

    /** The key that keeps one entity's work in order: plant:item:lot of a stock status, else the plant, else the work's own key. */
    static String orderKeyOf(JsonNode body, String plant, String idempotencyKey) {
        JsonNode payload = body.path("payload");
        if (payload.hasNonNull("item") && payload.hasNonNull("lot")) {
            return payload.path("plant").asText(plant) + ":" + payload.path("item").asText() + ":" + payload.path("lot").asText();
        }
        return plant != null ? plant : idempotencyKey;
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
