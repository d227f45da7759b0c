package org.mfgsync.resilience;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.mfgsync.testing.SignedWebhooks.signed;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.mfgsync.testing.ErpSimulator;
import org.mfgsync.testing.KafkaBroker;
import org.mfgsync.testing.KafkaProbe;
import org.mfgsync.testing.StateDatabaseServer;
import org.mfgsync.testing.TestStack;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The state database stopped mid-flow: inspection events that reach the containment while it is down are held (not
 * dead-lettered, not lost, not skipped), the QMS webhook answers 503 with Retry-After, and once the database is back
 * every lot is blocked in the ERP exactly once. Real Kafka, the state database over H2 TCP (stopped and restarted),
 * WireMock ERP.
 */
@QuarkusTest
@WithTestResource(TestStack.class)
class StateDatabaseOutageTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String BLOCKS = "/api/v1/stock-blocks";
    static final String INSPECTIONS = "mfgsync.inspection-completed.v1";

    @Inject
    DataSource stateDatabase;

    WireMockServer erp = ErpSimulator.server();

    @Test
    void eventsAreHeldWhileTheStateDatabaseIsDownAndBlockedOnceWhenItIsBack() throws Exception {
        erp.stubFor(post(urlEqualTo(BLOCKS)).atPriority(10).willReturn(aResponse().withStatus(201)));
        // one inspection through the webhook while the database is up: its canonical event is the model of the others
        String modelLot = "L-" + UUID.randomUUID().toString().substring(0, 8);
        postInspection(modelLot).then().statusCode(202);
        await().atMost(Duration.ofSeconds(60)).until(() -> blocksOf(modelLot) == 1);
        ConsumerRecord<String, String> model = KafkaProbe.records(INSPECTIONS, r -> r.value().contains(modelLot)).get(0);

        List<String> heldLots = new ArrayList<>();
        StateDatabaseServer.outage();
        try {
            // the QMS is told to come back: nothing is taken that could not be remembered
            String refusedLot = "L-" + UUID.randomUUID().toString().substring(0, 8);
            postInspection(refusedLot).then().statusCode(503).header("Retry-After", notNullValue());
            // events already on their way reach the containment meanwhile
            for (int i = 0; i < 5; i++) {
                String lot = "L-" + UUID.randomUUID().toString().substring(0, 8);
                publishLike(model, modelLot, lot);
                heldLots.add(lot);
            }
            // held, not lost: no block is called while the containment cannot claim
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                    .until(() -> heldLots.stream().allMatch(lot -> blocksOf(lot) == 0));
        } finally {
            StateDatabaseServer.recover();
        }

        await().atMost(Duration.ofSeconds(90)).until(() -> heldLots.stream().allMatch(lot -> blocksOf(lot) == 1));
        for (String lot : heldLots) {
            assertThat(blocksOf(lot)).as("blocked exactly once: " + lot).isEqualTo(1);
            assertThat(exceptionsOf(lot)).as("nothing dead-lettered for an outage: " + lot).isZero();
        }
        assertThat(KafkaProbe.records("mfgsync.dead-letter.v1", r -> heldLots.stream().anyMatch(r.value()::contains))).isEmpty();
        postInspection(modelLot).then().statusCode(200).body("status", equalTo("duplicate"));
    }

    private static io.restassured.response.Response postInspection(String lot) {
        return signed().contentType(ContentType.JSON).header("X-Correlation-Id", "corr-state-outage-" + lot)
                .body("""
                        {"inspectionLot":"IL-%s","plant":"3000","item":"BRK-4711","lot":"%s","supplier":"SUP-100",
                         "purchaseOrder":"4500004711","poLine":"10","result":"REJECTED","lotQuantity":500,
                         "sampledQuantity":50,"acceptedQuantity":42,"rejectedQuantity":8,"unitOfMeasure":"EA",
                         "defectCodes":["D-017"],"inspectedAt":"2026-11-27T08:15:00+01:00"}""".formatted(lot, lot))
                .post("/api/v1/qms/inspection-results");
    }

    /** Publishes the model event again as another lot's: new event id, idempotency key and correlation id. */
    private static void publishLike(ConsumerRecord<String, String> model, String modelLot, String lot) throws Exception {
        ObjectNode event = (ObjectNode) JSON.readTree(model.value().replace(modelLot, lot));
        String eventId = UUID.randomUUID().toString();
        String correlationId = "corr-state-outage-" + lot;
        event.put("eventId", eventId).put("correlationId", correlationId);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            var record = new ProducerRecord<>(INSPECTIONS, model.key().replace(modelLot, lot), JSON.writeValueAsString(event));
            model.headers().forEach(h -> {
                String value = new String(h.value(), StandardCharsets.UTF_8).replace(modelLot, lot);
                switch (h.key()) {
                    case "eventId" -> value = eventId;
                    case "correlationId" -> value = correlationId;
                    default -> {
                    }
                }
                record.headers().add(h.key(), value.getBytes(StandardCharsets.UTF_8));
            });
            producer.send(record).get();
        }
    }

    private long blocksOf(String lot) {
        return erp.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().equals(BLOCKS) && e.getRequest().getBodyAsString().contains("\"" + lot + "\""))
                .filter(e -> e.getResponse().getStatus() == 201).count();
    }

    private int exceptionsOf(String lot) throws Exception {
        try (Connection c = stateDatabase.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT COUNT(*) FROM mfgsync_exception WHERE lot = ?")) {
            select.setString(1, lot);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
