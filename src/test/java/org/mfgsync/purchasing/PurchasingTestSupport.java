package org.mfgsync.purchasing;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.mfgsync.canonical.EventEnvelope;
import org.mfgsync.testing.KafkaBroker;

/** What the purchasing end-to-end tests share: publishing canonical events, reading exceptions and the trace. */
final class PurchasingTestSupport {

    static final String ADMIN_TOKEN = "test-admin-token";

    private PurchasingTestSupport() {
    }

    /** Publishes a canonical event as a connector does: keyed by PO, with the backbone's headers. */
    static void publish(String topic, EventEnvelope<?> event, String key) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, Commits.json(event));
            header(record, "correlationId", event.correlationId());
            header(record, "eventId", event.eventId().toString());
            header(record, "eventType", event.eventType());
            header(record, "schemaVersion", event.schemaVersion());
            header(record, "idempotencyKey", event.idempotencyKey());
            producer.send(record).get();
        }
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /** The one open exception record of a purchase order, once it is there. */
    static JsonNode awaitException(String purchaseOrder) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> {
            String json = given().header("Authorization", "Bearer " + ADMIN_TOKEN).queryParam("purchaseOrder", purchaseOrder)
                    .get("/api/v1/exceptions").then().statusCode(200).extract().asString();
            JsonNode list = Commits.json(json);
            return list.path("count").asInt() > 0 ? list.path("exceptions").get(0) : null;
        }, found -> found != null);
    }

    record TraceStep(String workflow, String step, String outcome, String target, String detail) {
    }

    /** The trace rows of a purchase order, oldest first. */
    static List<TraceStep> trace(DataSource db, String purchaseOrder) throws Exception {
        List<TraceStep> steps = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement select = c.prepareStatement("SELECT workflow, step, outcome, "
                + "target, detail FROM workflow_step WHERE purchase_order = ? ORDER BY id")) {
            select.setString(1, purchaseOrder);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    steps.add(new TraceStep(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                            row.getString(5)));
                }
            }
        }
        return steps;
    }

    /** The commits waiting in a batch (ERP instance:plant) of the state database, 0 when none is open. */
    static int openBatchSize(DataSource db, String key) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement select = c.prepareStatement(
                "SELECT COUNT(*) FROM supplier_commit_batch WHERE id = ?")) {
            select.setString(1, key);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    static String uniquePo() {
        return "45" + (10_000_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(90_000_000));
    }
}
