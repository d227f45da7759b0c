package org.mfgsync.resilience;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.mfgsync.testing.SignedWebhooks.signed;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mfgsync.governance.audit.AuditLog;
import org.mfgsync.testing.ErpSimulator;
import org.mfgsync.testing.KafkaBroker;
import org.mfgsync.testing.KafkaProbe;
import org.mfgsync.testing.TestStack;

import jakarta.inject.Inject;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * Dead letters with business context, playbooks and the admin replay API, end to end against a real Kafka broker
 * and a WireMock ERP: a refused stock block becomes an exception record and a dead-letter event; after the cause is
 * fixed, a replay blocks the stock once, with the original correlation id.
 */
@QuarkusTest
@WithTestResource(TestStack.class)
class ExceptionReplayTest {

    static final String BLOCKS = "/api/v1/stock-blocks";
    static final String TOPIC = "mfgsync.inspection-completed.v1";
    static final String DEAD_LETTERS = "mfgsync.dead-letter.v1";
    static final String ESCALATIONS = "mfgsync.escalation-raised.v1";
    static final String TOKEN = "test-admin-token";
    static final ObjectMapper JSON = new ObjectMapper();

    WireMockServer erp = ErpSimulator.server();

    @Inject
    AuditLog auditLog;

    @BeforeEach
    void erpAcceptsBlocks() {
        erp.stubFor(post(urlEqualTo(BLOCKS)).atPriority(10).willReturn(aResponse().withStatus(201)));
    }

    @Test
    void refusedBlockIsRecordedWithItsBusinessContextAndPlaybookDecision() throws Exception {
        String lot = uniqueLot();
        String po = uniquePo();
        refuse(lot, 422);

        postInspection(lot, po, "SUP-7", "corr-" + lot);
        JsonNode listed = awaitOpenException(lot);

        assertThat(listed.path("correlationId").asText()).isEqualTo("corr-" + lot);
        assertThat(listed.path("workflow").asText()).isEqualTo("quality-containment");
        assertThat(listed.path("step").asText()).isEqualTo("delivery.erp-cloud");
        assertThat(listed.path("target").asText()).isEqualTo("erp-cloud");
        assertThat(listed.path("factKey").asText()).isEqualTo(key(lot));
        assertThat(listed.path("businessKeys").path("purchaseOrder").asText()).isEqualTo(po);
        assertThat(listed.path("businessKeys").path("supplier").asText()).isEqualTo("SUP-7");
        assertThat(listed.path("businessKeys").path("plant").asText()).isEqualTo("3000");
        assertThat(listed.path("businessKeys").path("item").asText()).isEqualTo("BRK-4711");
        assertThat(listed.path("businessKeys").path("lot").asText()).isEqualTo(lot);
        assertThat(listed.path("errorClass").asText()).isEqualTo("http-422");
        assertThat(listed.path("error").asText()).contains("422").contains("unknown batch");
        assertThat(listed.path("decision").asText()).isEqualTo("MANUAL_REVIEW");
        assertThat(listed.path("attempts").asInt()).isEqualTo(1);
        assertThat(listed.path("firstSeen").asText()).isNotBlank();
        assertThat(listed.path("lastSeen").asText()).isNotBlank();

        String id = listed.path("id").asText();
        JsonNode record = JSON.readTree(admin().get("/api/v1/exceptions/" + id).then().statusCode(200).extract().asString());
        assertThat(JSON.readTree(record.path("payload").asText()).path("businessKeys").path("lot").asText()).isEqualTo(lot);
        assertThat(record.path("history").findValuesAsText("kind")).containsExactly("FAILED");

        List<ConsumerRecord<String, String>> deadLetters = await().atMost(Duration.ofSeconds(20)).until(
                () -> KafkaProbe.records(DEAD_LETTERS, r -> key(lot).equals(KafkaProbe.header(r, "idempotencyKey"))),
                found -> !found.isEmpty());
        assertThat(KafkaProbe.header(deadLetters.get(0), "exceptionId")).isEqualTo(id);
        assertThat(KafkaProbe.header(deadLetters.get(0), "playbookDecision")).isEqualTo("MANUAL_REVIEW");
        assertThat(KafkaProbe.header(deadLetters.get(0), "correlationId")).isEqualTo("corr-" + lot);
        // filters narrow the list
        admin().queryParam("purchaseOrder", po).queryParam("supplier", "SUP-7").queryParam("workflow", "quality-containment")
                .get("/api/v1/exceptions").then().statusCode(200).body("count", equalTo(1), "exceptions[0].id", equalTo(id));
        admin().queryParam("purchaseOrder", po).queryParam("status", "resolved")
                .get("/api/v1/exceptions").then().statusCode(200).body("count", equalTo(0));
    }

    @Test
    void aDeliveryRecordNamingAnEndpointAnUnlistedOperationOrAnotherTargetIsRefusedToTheExceptionsAndCallsNothing()
            throws Exception {
        String run = uniqueLot();
        // what a forged or corrupted record may ask for: an endpoint of its own, an operation that is a URI, another target
        Map<String, Map<String, String>> forged = Map.of(
                run + "-sql", Map.of("target", "erp-cloud", "operation", "sql:delete from quality_containment"),
                run + "-file", Map.of("target", "erp-cloud", "endpoint", "file:/tmp?fileName=evil"),
                run + "-http", Map.of("target", "erp-cloud", "operation", "http://169.254.169.254/latest"),
                run + "-other", Map.of("target", "erp-legacy-b", "operation", "inventory-status"));
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (var record : forged.entrySet()) {
                String lot = record.getKey();
                var value = JSON.createObjectNode();
                record.getValue().forEach(value::put);
                value.put("workflow", "quality-containment").put("step", "erp-blocked").put("correlationId", "corr-" + lot)
                        .put("idempotencyKey", "forged:" + lot).put("plant", "3000").put("document", "{}");
                value.putObject("businessKeys").put("item", "BRK-4711").put("lot", lot);
                var out = new ProducerRecord<>(TargetDeliveries.topicOf("erp-cloud"), "erp-cloud:3000", JSON.writeValueAsString(value));
                out.headers().add("idempotencyKey", ("forged:" + lot).getBytes(StandardCharsets.UTF_8));
                out.headers().add("correlationId", ("corr-" + lot).getBytes(StandardCharsets.UTF_8));
                producer.send(out).get();
            }
        }

        for (String lot : forged.keySet()) {
            JsonNode refused = awaitOpenException(lot);
            assertThat(refused.path("errorClass").asText()).as(lot).isEqualTo("unknown-delivery");
            assertThat(refused.path("step").asText()).isEqualTo("delivery.erp-cloud");
        }
        // and a good record behind them on the same topic is still delivered: the refusals did not hold the target
        String lot = uniqueLot();
        postInspection(lot, uniquePo(), "SUP-100", "corr-" + lot);
        await().atMost(Duration.ofSeconds(30)).until(() -> blockCalls(key(lot)).size() == 1);
        for (String forgedLot : forged.keySet()) {
            assertThat(erp.findAll(postRequestedFor(urlMatching(".*")).withRequestBody(containing(forgedLot)))).isEmpty();
        }
    }

    @Test
    void replayAfterTheCauseIsFixedBlocksOnceWithTheOriginalCorrelationId() throws Exception {
        String lot = uniqueLot();
        StubMapping refusal = refuse(lot, 422);
        postInspection(lot, uniquePo(), "SUP-100", "corr-" + lot);
        String id = awaitOpenException(lot).path("id").asText();

        erp.removeStub(refusal); // the cause is fixed (e.g. the batch now exists in the ERP)
        admin().post("/api/v1/exceptions/" + id + "/replay").then().statusCode(202)
                .body("outcome", equalTo("REPLAYED"), "correlationId", equalTo("corr-" + lot));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> admin().get("/api/v1/exceptions/" + id).then()
                .body("status", equalTo("RESOLVED"), "history.kind", hasItems("FAILED", "REPLAYED", "RESOLVED")));
        List<LoggedRequest> calls = blockCalls(key(lot));
        assertThat(calls).hasSize(2);
        assertThat(calls).allSatisfy(c -> assertThat(c.getHeader("X-Correlation-Id")).isEqualTo("corr-" + lot));
        // the refused block was the cloud ERP's delivery: the replay goes back on the delivery topic
        List<ConsumerRecord<String, String>> replayed = KafkaProbe.records(TargetDeliveries.topicOf("erp-cloud"),
                r -> id.equals(KafkaProbe.header(r, "replayOf")));
        assertThat(replayed).hasSize(1);
        assertThat(KafkaProbe.header(replayed.get(0), "correlationId")).isEqualTo("corr-" + lot);

        // a resolved exception is not replayed again, and a redelivered replay has no second effect
        admin().post("/api/v1/exceptions/" + id + "/replay").then().statusCode(409)
                .contentType("application/problem+json").body("type", equalTo("https://mfgsync.org/problems/not-replayable"));
        KafkaProbe.republish(replayed.get(0));
        awaitSentinelBlocked();
        assertThat(blockCalls(key(lot))).hasSize(2);
    }

    @Test
    void replayByFilterReplaysTheMatchingOpenExceptionsOnly() {
        String po = uniquePo();
        String first = uniqueLot();
        String second = uniqueLot();
        String other = uniqueLot();
        StubMapping r1 = refuse(first, 422);
        StubMapping r2 = refuse(second, 422);
        refuse(other, 422);
        postInspection(first, po, "SUP-100", null);
        postInspection(second, po, "SUP-100", null);
        postInspection(other, uniquePo(), "SUP-100", null);
        awaitOpenException(first);
        awaitOpenException(second);
        String otherId = awaitOpenException(other).path("id").asText();
        erp.removeStub(r1);
        erp.removeStub(r2);

        admin().contentType(ContentType.JSON).body("{}").post("/api/v1/exceptions/replay").then().statusCode(400)
                .contentType("application/problem+json");
        admin().contentType(ContentType.JSON).body("{\"purchaseOrder\":\"" + po + "\"}")
                .post("/api/v1/exceptions/replay").then().statusCode(202).body("replayed", equalTo(2));
        assertThat(auditLog.recent("exception.replay-by-filter", 20))
                .anySatisfy(entry -> assertThat(entry.subject()).contains(po));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> admin().queryParam("purchaseOrder", po)
                .queryParam("status", "RESOLVED").get("/api/v1/exceptions").then().body("count", equalTo(2)));
        assertThat(blockCalls(key(first))).hasSize(2);
        assertThat(blockCalls(key(second))).hasSize(2);
        admin().get("/api/v1/exceptions/" + otherId).then().body("status", equalTo("OPEN"));
    }

    @Test
    void discardNeedsAReasonAndClosesTheException() {
        String lot = uniqueLot();
        refuse(lot, 422);
        postInspection(lot, uniquePo(), "SUP-100", null);
        String id = awaitOpenException(lot).path("id").asText();

        admin().contentType(ContentType.JSON).body("{}").post("/api/v1/exceptions/" + id + "/discard").then()
                .statusCode(400).contentType("application/problem+json");
        admin().header("X-Actor", "jane.doe").contentType(ContentType.JSON)
                .body("{\"reason\":\"lot scrapped, block no longer needed\"}")
                .post("/api/v1/exceptions/" + id + "/discard").then().statusCode(200)
                .body("status", equalTo("DISCARDED"), "statusReason", equalTo("lot scrapped, block no longer needed"));
        assertThat(auditLog.recent("exception.discard", 20)).anySatisfy(entry -> {
            assertThat(entry.subject()).isEqualTo(id);
            assertThat(entry.actor()).isEqualTo("admin-api:jane.doe");
            assertThat(entry.outcome()).isEqualTo("DISCARDED");
            assertThat(entry.details()).isEqualTo("lot scrapped, block no longer needed");
        });
        admin().post("/api/v1/exceptions/" + id + "/replay").then().statusCode(409);
        admin().get("/api/v1/exceptions/" + UUID.randomUUID()).then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void adminOperationsNeedTheAdminToken() {
        given().get("/api/v1/exceptions").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer").body("status", equalTo(401));
        given().header("Authorization", "Bearer not-the-token").post("/api/v1/exceptions/" + UUID.randomUUID() + "/replay")
                .then().statusCode(403).contentType("application/problem+json").body("status", equalTo(403));
        given().header("Authorization", "Basic dGVzdDp0ZXN0").get("/api/v1/exceptions").then().statusCode(401);
        admin().queryParam("status", "SOMETIMES").get("/api/v1/exceptions").then().statusCode(400);
    }

    @Test
    void escalationPlaybookRaisesOneEscalationEvent() throws Exception {
        String lot = uniqueLot();
        String po = uniquePo();
        refuse(lot, 403); // quality-containment's default playbook: business escalation
        postInspection(lot, po, "SUP-9", "corr-" + lot);
        JsonNode exception = awaitOpenException(lot);
        assertThat(exception.path("decision").asText()).isEqualTo("BUSINESS_ESCALATION");
        String id = exception.path("id").asText();

        List<ConsumerRecord<String, String>> escalations = await().atMost(Duration.ofSeconds(20))
                .until(() -> KafkaProbe.records(ESCALATIONS, r -> id.equals(r.key())), found -> !found.isEmpty());
        assertThat(escalations).hasSize(1);
        JsonNode event = JSON.readTree(escalations.get(0).value());
        assertThat(event.path("eventType").asText()).isEqualTo("EscalationRaised");
        assertThat(event.path("correlationId").asText()).isEqualTo("corr-" + lot);
        assertThat(event.path("plant").asText()).isEqualTo("3000");
        assertThat(event.path("businessKeys").path("purchaseOrder").asText()).isEqualTo(po);
        assertThat(event.path("businessKeys").path("supplier").asText()).isEqualTo("SUP-9");
        assertThat(event.path("payload").path("exceptionId").asText()).isEqualTo(id);
        assertThat(event.path("payload").path("errorClass").asText()).isEqualTo("http-403");
        assertThat(KafkaProbe.header(escalations.get(0), "correlationId")).isEqualTo("corr-" + lot);
    }

    @Test
    void autoRetryPlaybookReplaysUntilTheTargetAccepts() {
        String lot = uniqueLot();
        String key = key(lot);
        // http-409 is auto-retry in the test profile: the ERP reports a conflict once, then accepts
        erp.stubFor(post(urlEqualTo(BLOCKS)).withHeader("Idempotency-Key", WireMock.equalTo(key)).inScenario("conflict-" + lot)
                .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(409)).willSetStateTo("free"));
        erp.stubFor(post(urlEqualTo(BLOCKS)).withHeader("Idempotency-Key", WireMock.equalTo(key)).inScenario("conflict-" + lot)
                .whenScenarioStateIs("free").willReturn(aResponse().withStatus(201)));
        postInspection(lot, uniquePo(), "SUP-100", null);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> admin().queryParam("lot", lot)
                .get("/api/v1/exceptions").then().body("count", equalTo(1), "exceptions[0].status", equalTo("RESOLVED"),
                        "exceptions[0].decision", equalTo("AUTO_RETRY")));
        assertThat(blockCalls(key)).hasSize(2);
    }

    @Test
    void poisonMessageIsDeadLetteredAndTheGoodOnesContinue() throws Exception {
        String poisonKey = "qms:3000:IL-POISON-" + UUID.randomUUID() + ":REJECTED";
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            var poison = new ProducerRecord<String, String>(TOPIC, "3000:BRK-4711:L-POISON", "{\"eventType\":\"InspectionCompleted\",");
            poison.headers().add("idempotencyKey", poisonKey.getBytes(StandardCharsets.UTF_8));
            poison.headers().add("correlationId", "corr-poison".getBytes(StandardCharsets.UTF_8));
            producer.send(poison).get();
        }
        awaitSentinelBlocked();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> admin().queryParam("status", "OPEN")
                .get("/api/v1/exceptions").then()
                .body("exceptions.find { it.factKey == '" + poisonKey + "' }.errorClass", equalTo("invalid-payload"),
                        "exceptions.find { it.factKey == '" + poisonKey + "' }.correlationId", equalTo("corr-poison"),
                        "exceptions.find { it.factKey == '" + poisonKey + "' }.decision", equalTo("MANUAL_REVIEW")));
        assertThat(KafkaProbe.records(DEAD_LETTERS, r -> poisonKey.equals(KafkaProbe.header(r, "idempotencyKey")))).hasSize(1);
    }

    // ---- helpers -------------------------------------------------------------------------------

    static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + TOKEN);
    }

    StubMapping refuse(String lot, int status) {
        return erp.stubFor(post(urlEqualTo(BLOCKS)).atPriority(1)
                .withRequestBody(equalToJson("{\"lot\":\"" + lot + "\"}", true, true))
                .willReturn(aResponse().withStatus(status).withBody("{\"error\":\"unknown batch\"}")));
    }

    static void postInspection(String lot, String po, String supplier, String correlationId) {
        var request = signed().contentType(ContentType.JSON);
        if (correlationId != null) {
            request.header("X-Correlation-Id", correlationId);
        }
        request.body(inspection("IL-" + lot, lot, po, supplier)).post("/api/v1/qms/inspection-results").then().statusCode(202);
    }

    static JsonNode awaitOpenException(String lot) {
        String body = await().atMost(Duration.ofSeconds(20)).until(
                () -> admin().queryParam("lot", lot).get("/api/v1/exceptions").then().statusCode(200).extract().asString(),
                json -> countOf(json) == 1);
        try {
            return JSON.readTree(body).path("exceptions").get(0);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static int countOf(String json) {
        try {
            return JSON.readTree(json).path("count").asInt();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    void awaitSentinelBlocked() {
        String sentinel = uniqueLot();
        postInspection(sentinel, uniquePo(), "SUP-100", null);
        await().atMost(Duration.ofSeconds(30)).until(() -> blockCalls(key(sentinel)).size() == 1);
    }

    List<LoggedRequest> blockCalls(String idempotencyKey) {
        return erp.findAll(postRequestedFor(urlEqualTo(BLOCKS)).withHeader("Idempotency-Key", WireMock.equalTo(idempotencyKey)));
    }

    static String key(String lot) {
        return "qms:3000:IL-" + lot + ":REJECTED";
    }

    static String uniqueLot() {
        return "L-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String uniquePo() {
        return "45" + String.format("%08d", Math.abs(UUID.randomUUID().getMostSignificantBits() % 100_000_000L));
    }

    static String inspection(String inspectionLot, String lot, String po, String supplier) {
        return """
                {"inspectionLot":"%s","plant":"3000","item":"BRK-4711","lot":"%s","supplier":"%s",
                 "purchaseOrder":"%s","poLine":"10","result":"REJECTED","lotQuantity":500,
                 "sampledQuantity":50,"acceptedQuantity":42,"rejectedQuantity":8,"unitOfMeasure":"EA",
                 "defectCodes":["D-017"],"inspectedAt":"2026-11-27T08:15:00+01:00"}""".formatted(inspectionLot, lot, supplier, po);
    }
}
