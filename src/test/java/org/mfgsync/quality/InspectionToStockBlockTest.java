package org.mfgsync.quality;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;
import static org.mfgsync.testing.SignedWebhooks.signed;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mfgsync.backbone.TraceParent;
import org.mfgsync.testing.ErpSimulator;
import org.mfgsync.testing.KafkaProbe;
import org.mfgsync.testing.ManagementPort;
import org.mfgsync.testing.Schemas;
import org.mfgsync.testing.TestStack;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;

/**
 * The thin quality-containment flow end to end against a real Kafka broker and a WireMock ERP:
 * QMS posts an inspection result → canonical event on Kafka → a rejected lot is blocked in the ERP once.
 */
@QuarkusTest
@WithTestResource(TestStack.class)
public class InspectionToStockBlockTest {

    static final String TOPIC = "mfgsync.inspection-completed.v1";
    static final String DEAD_LETTERS = "mfgsync.dead-letter.v1";
    static final String BLOCKS = "/api/v1/stock-blocks";
    static final ObjectMapper JSON = new ObjectMapper();

    WireMockServer erp = ErpSimulator.server();

    @BeforeEach
    void erpAcceptsBlocks() {
        erp.resetAll();
        erp.stubFor(post(urlEqualTo(BLOCKS)).atPriority(10).willReturn(aResponse().withStatus(201)));
    }

    @Test
    void rejectedLotIsPublishedAndBlockedInErpWithTheCallersCorrelationId() throws Exception {
        String lot = uniqueLot();
        String correlationId = "corr-" + lot;

        signed().contentType(ContentType.JSON).header("X-Correlation-Id", correlationId)
                .body(inspection("IL-" + lot, lot, "REJECTED"))
                .post("/api/v1/qms/inspection-results")
                .then().statusCode(202)
                .header("X-Correlation-Id", correlationId)
                .body("status", equalTo("accepted"), "correlationId", equalTo(correlationId));

        List<LoggedRequest> calls = awaitBlockCalls(idempotencyKey("IL-" + lot, "REJECTED"), 1);
        LoggedRequest call = calls.get(0);
        assertThat(call.getHeader("X-Correlation-Id")).isEqualTo(correlationId);
        assertThat(call.getHeader("traceparent")).as("W3C Trace Context in the flow's trace")
                .matches("00-" + TraceParent.traceId(correlationId) + "-[0-9a-f]{16}-01");
        assertThat(JSON.readTree(call.getBodyAsString())).isEqualTo(JSON.readTree("""
                {"plant":"3000","item":"BRK-4711","lot":"%s","quantity":500,"unitOfMeasure":"EA",
                 "status":"BLOCKED","reason":"INSPECTION_REJECTED","reference":"IL-%s"}""".formatted(lot, lot)));

        List<ConsumerRecord<String, String>> events = KafkaProbe.records(TOPIC, r -> r.key().equals("3000:BRK-4711:" + lot));
        assertThat(events).hasSize(1);
        ConsumerRecord<String, String> event = events.get(0);
        assertThat(KafkaProbe.header(event, "correlationId")).isEqualTo(correlationId);
        assertThat(KafkaProbe.header(event, "eventType")).isEqualTo("InspectionCompleted");
        assertThat(KafkaProbe.header(event, "schemaVersion")).isEqualTo("1.0");
        assertThat(Schemas.violations("inspection-completed", event.value())).isEmpty();
        JsonNode body = JSON.readTree(event.value());
        assertThat(body.path("eventId").asText()).isEqualTo(KafkaProbe.header(event, "eventId"));
        assertThat(body.path("businessKeys").path("lot").asText()).isEqualTo(lot);
    }

    @Test
    void correlationIdIsCreatedWhenTheCallerSendsNone() {
        String lot = uniqueLot();
        String correlationId = signed().contentType(ContentType.JSON)
                .body(inspection("IL-" + lot, lot, "REJECTED"))
                .post("/api/v1/qms/inspection-results")
                .then().statusCode(202).extract().header("X-Correlation-Id");

        assertThat(correlationId).isNotBlank();
        assertThat(awaitBlockCalls(idempotencyKey("IL-" + lot, "REJECTED"), 1).get(0).getHeader("X-Correlation-Id"))
                .isEqualTo(correlationId);
    }

    @Test
    void acceptedLotIsPublishedButNotBlocked() {
        String acceptedLot = uniqueLot();
        signed().contentType(ContentType.JSON).body(inspection("IL-" + acceptedLot, acceptedLot, "ACCEPTED"))
                .post("/api/v1/qms/inspection-results").then().statusCode(202);
        // one partition, one consumer: once a later rejection is blocked, the acceptance has been handled
        String laterLot = uniqueLot();
        signed().contentType(ContentType.JSON).body(inspection("IL-" + laterLot, laterLot, "REJECTED"))
                .post("/api/v1/qms/inspection-results").then().statusCode(202);
        awaitBlockCalls(idempotencyKey("IL-" + laterLot, "REJECTED"), 1);

        assertThat(blockCalls(idempotencyKey("IL-" + acceptedLot, "ACCEPTED"))).isEmpty();
        assertThat(KafkaProbe.records(TOPIC, r -> r.key().endsWith(":" + acceptedLot))).hasSize(1);
    }

    @Test
    void invalidPayloadIsAnsweredWithProblemDetailsAndNothingIsPublished() {
        long before = KafkaProbe.endOffsetSum(TOPIC);

        signed().contentType(ContentType.JSON).header("X-Correlation-Id", "corr-invalid")
                .body("""
                        {"inspectionLot":"IL-1","item":"BRK-4711","lot":"L-1","result":"MAYBE",
                         "lotQuantity":-5,"unitOfMeasure":"EA","inspectedAt":"2026-11-27T08:15:00+01:00"}""")
                .post("/api/v1/qms/inspection-results")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .header("X-Correlation-Id", "corr-invalid")
                .body("type", equalTo("https://mfgsync.org/problems/schema-violation"),
                        "status", equalTo(400),
                        "correlationId", equalTo("corr-invalid"),
                        "violations.path", hasItems("$.plant", "$.result", "$.lotQuantity"),
                        "violations.rule", hasItems("required", "enum", "exclusiveMinimum"));

        assertThat(KafkaProbe.endOffsetSum(TOPIC)).isEqualTo(before);
    }

    @Test
    void malformedJsonIsAnsweredWithProblemDetails() {
        signed().contentType(ContentType.JSON).body("{\"inspectionLot\": \"IL-1\", ")
                .post("/api/v1/qms/inspection-results")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://mfgsync.org/problems/malformed-json"),
                        "detail", startsWith("The body is not well-formed UTF-8 JSON"));
    }

    @Test
    void unknownFieldIsNamedInTheProblem() {
        String lot = uniqueLot();
        String body = inspection("IL-" + lot, lot, "REJECTED").replace("\"plant\"", "\"werk\":\"3000\",\"plant\"");
        signed().contentType(ContentType.JSON).body(body)
                .post("/api/v1/qms/inspection-results")
                .then().statusCode(400)
                .body("violations.path", hasItem("$.werk"), "violations.rule", hasItem("additionalProperties"));
    }

    @Test
    void oversizedPayloadIsRefused() {
        String huge = "{\"inspectionLot\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        // the client announces the body and waits (Expect: 100-continue): the app refuses it on its declared length
        // before it is sent; without that, a refusal arriving while the client still writes shows as a broken pipe
        signed().config(RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
                        .setParam("http.protocol.expect-continue", true)))
                .contentType(ContentType.JSON).body(huge)
                .post("/api/v1/qms/inspection-results")
                .then().statusCode(413);
    }

    @Test
    void resentInspectionResultIsAcceptedOnceAndBlockedOnce() {
        String lot = uniqueLot();
        String payload = inspection("IL-" + lot, lot, "REJECTED");

        signed().contentType(ContentType.JSON).body(payload).post("/api/v1/qms/inspection-results")
                .then().statusCode(202).body("status", equalTo("accepted"));
        signed().contentType(ContentType.JSON).body(payload).post("/api/v1/qms/inspection-results")
                .then().statusCode(200).body("status", equalTo("duplicate"));

        String sentinelLot = uniqueLot();
        signed().contentType(ContentType.JSON).body(inspection("IL-" + sentinelLot, sentinelLot, "REJECTED"))
                .post("/api/v1/qms/inspection-results").then().statusCode(202);
        awaitBlockCalls(idempotencyKey("IL-" + sentinelLot, "REJECTED"), 1);

        assertThat(blockCalls(idempotencyKey("IL-" + lot, "REJECTED"))).hasSize(1);
        assertThat(KafkaProbe.records(TOPIC, r -> r.key().endsWith(":" + lot))).hasSize(1);
    }

    @Test
    void redeliveredKafkaEventDoesNotBlockTwice() throws Exception {
        String lot = uniqueLot();
        signed().contentType(ContentType.JSON).body(inspection("IL-" + lot, lot, "REJECTED"))
                .post("/api/v1/qms/inspection-results").then().statusCode(202);
        String key = idempotencyKey("IL-" + lot, "REJECTED");
        awaitBlockCalls(key, 1);

        ConsumerRecord<String, String> event = KafkaProbe.records(TOPIC, r -> r.key().endsWith(":" + lot)).get(0);
        KafkaProbe.republish(event);
        String sentinelLot = uniqueLot();
        signed().contentType(ContentType.JSON).body(inspection("IL-" + sentinelLot, sentinelLot, "REJECTED"))
                .post("/api/v1/qms/inspection-results").then().statusCode(202);
        awaitBlockCalls(idempotencyKey("IL-" + sentinelLot, "REJECTED"), 1);

        assertThat(KafkaProbe.records(TOPIC, r -> r.key().endsWith(":" + lot))).hasSize(2);
        assertThat(blockCalls(key)).hasSize(1);
    }

    @Test
    void erpOutageIsRetriedUntilTheBlockLands() {
        String lot = uniqueLot();
        String key = idempotencyKey("IL-" + lot, "REJECTED");
        erp.stubFor(post(urlEqualTo(BLOCKS)).withHeader("Idempotency-Key", WireMock.equalTo(key))
                .inScenario("outage").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("still down"));
        erp.stubFor(post(urlEqualTo(BLOCKS)).withHeader("Idempotency-Key", WireMock.equalTo(key))
                .inScenario("outage").whenScenarioStateIs("still down")
                .willReturn(aResponse().withStatus(503)).willSetStateTo("recovered"));
        erp.stubFor(post(urlEqualTo(BLOCKS)).withHeader("Idempotency-Key", WireMock.equalTo(key))
                .inScenario("outage").whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(201)));

        signed().contentType(ContentType.JSON).body(inspection("IL-" + lot, lot, "REJECTED"))
                .post("/api/v1/qms/inspection-results").then().statusCode(202);

        await().atMost(Duration.ofSeconds(30)).until(() -> erp.getAllScenarios().getScenarios().stream()
                .anyMatch(s -> s.getName().equals("outage") && s.getState().equals("recovered")) && blockCalls(key).size() == 3);
        assertThat(KafkaProbe.records(DEAD_LETTERS, r -> key.equals(KafkaProbe.header(r, "idempotencyKey")))).isEmpty();
    }

    @Test
    void erpRejectionIsDeadLetteredWithoutRetriesAndWithItsReason() {
        String lot = uniqueLot();
        String key = idempotencyKey("IL-" + lot, "REJECTED");
        erp.stubFor(post(urlEqualTo(BLOCKS)).withRequestBody(equalToJson("{\"lot\":\"" + lot + "\"}", true, true))
                .willReturn(aResponse().withStatus(422).withBody("{\"error\":\"unknown batch\"}")));

        signed().contentType(ContentType.JSON).header("X-Correlation-Id", "corr-" + lot)
                .body(inspection("IL-" + lot, lot, "REJECTED"))
                .post("/api/v1/qms/inspection-results").then().statusCode(202);

        List<ConsumerRecord<String, String>> deadLetters = await().atMost(Duration.ofSeconds(20))
                .until(() -> KafkaProbe.records(DEAD_LETTERS, r -> key.equals(KafkaProbe.header(r, "idempotencyKey"))),
                        found -> !found.isEmpty());
        ConsumerRecord<String, String> deadLetter = deadLetters.get(0);
        assertThat(KafkaProbe.header(deadLetter, "correlationId")).isEqualTo("corr-" + lot);
        // the block was handed to the cloud ERP's delivery route: its dead letter is the delivery, still the workflow's
        assertThat(KafkaProbe.header(deadLetter, "failedRouteId")).isEqualTo("delivery.erp-cloud");
        assertThat(KafkaProbe.header(deadLetter, "workflow")).isEqualTo("quality-containment");
        assertThat(KafkaProbe.header(deadLetter, "error")).contains("422");
        assertThat(deadLetter.value()).contains("\"target\":\"erp-cloud\"").contains("\"triggerEventType\":\"InspectionCompleted\"");
        assertThat(blockCalls(key)).hasSize(1);
    }

    @Test
    void readinessReportsKafkaAndDatabaseUp() {
        ManagementPort.given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"), "checks.name", hasItems("Kafka connection health check",
                        "Database connections health check"));
    }

    @Test
    void metricsAreExposedInPrometheusFormat() {
        ManagementPort.given().get("/q/metrics").then().statusCode(200)
                .body(containsString("camel_exchanges_total"), containsString("routeId=\"quality.contain-inspection\""));
    }

    // ---- helpers -------------------------------------------------------------------------------

    static String uniqueLot() {
        return "L-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String idempotencyKey(String inspectionLot, String result) {
        return "qms:3000:" + inspectionLot + ":" + result;
    }

    public static String inspection(String inspectionLot, String lot, String result) {
        return """
                {"inspectionLot":"%s","plant":"3000","item":"BRK-4711","lot":"%s","supplier":"SUP-100",
                 "purchaseOrder":"4500004711","poLine":"10","result":"%s","lotQuantity":500,
                 "sampledQuantity":50,"acceptedQuantity":42,"rejectedQuantity":8,"unitOfMeasure":"EA",
                 "defectCodes":["D-017"],"inspectedAt":"2026-11-27T08:15:00+01:00"}""".formatted(inspectionLot, lot, result);
    }

    List<LoggedRequest> blockCalls(String idempotencyKey) {
        return erp.findAll(postRequestedFor(urlEqualTo(BLOCKS))
                .withHeader("Idempotency-Key", WireMock.equalTo(idempotencyKey)));
    }

    List<LoggedRequest> awaitBlockCalls(String idempotencyKey, int count) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> blockCalls(idempotencyKey), calls -> calls.size() >= count);
    }

}
