package org.mfgsync.quality;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.mfgsync.testing.SignedWebhooks.signed;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mfgsync.testing.ErpSimulator;
import org.mfgsync.testing.KafkaProbe;
import org.mfgsync.testing.QmsSimulator;
import org.mfgsync.testing.Schemas;
import org.mfgsync.testing.TestStack;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * The quality containment workflow end to end for plant 3000 (the cloud ERP, played by WireMock) against a real Kafka
 * broker and a WireMock QMS: block → SCAR → procurement notice → release, with every QMS webhook sent twice; an
 * unknown plant; the QMS down while the SCAR is opened; the NCR path; a release of a lot never blocked.
 */
@QuarkusTest
@WithTestResource(TestStack.class)
class QualityContainmentFlowTest {

    static final String BLOCKS = "/api/v1/stock-blocks";
    static final String RELEASES = "/api/v1/stock-releases";
    static final String SCARS = QmsSimulator.CORRECTIVE_ACTIONS;
    static final String SCAR_TOPIC = "mfgsync.corrective-action-requested.v1";
    static final String PROCUREMENT_TOPIC = "mfgsync.procurement-action-requested.v1";
    static final String DEAD_LETTERS = "mfgsync.dead-letter.v1";
    static final ObjectMapper JSON = new ObjectMapper();

    WireMockServer erp = ErpSimulator.server();
    WireMockServer qms = QmsSimulator.server();

    @Inject
    DataSource stateDatabase;

    @BeforeEach
    void erpAndQmsAccept() {
        erp.stubFor(post(urlEqualTo(BLOCKS)).atPriority(10).willReturn(aResponse().withStatus(201)));
        erp.stubFor(post(urlEqualTo(RELEASES)).atPriority(10).willReturn(aResponse().withStatus(201)));
        QmsSimulator.acceptCorrectiveActions();
    }

    @Test
    void rejectedLotIsBlockedScarOpenedProcurementToldAndReleasedOnceEachThoughEveryWebhookCameTwice() throws Exception {
        String lot = uniqueLot();
        String correlationId = "corr-" + lot;
        String blockKey = "qms:3000:IL-" + lot + ":REJECTED";

        postTwice("/api/v1/qms/inspection-results", inspection("3000", "IL-" + lot, lot), correlationId);

        LoggedRequest block = await().atMost(Duration.ofSeconds(30)).until(() -> erpCalls(BLOCKS, lot), c -> c.size() == 1).get(0);
        assertThat(block.getHeader("Idempotency-Key")).isEqualTo(blockKey);
        assertThat(block.getHeader("X-Correlation-Id")).isEqualTo(correlationId);
        assertThat(JSON.readTree(block.getBodyAsString()).path("status").asText()).isEqualTo("BLOCKED");

        LoggedRequest scarCall = await().atMost(Duration.ofSeconds(30)).until(() -> scarCalls(lot), c -> c.size() == 1).get(0);
        assertThat(scarCall.getHeader("Idempotency-Key")).isEqualTo(blockKey + ":scar");
        assertThat(scarCall.getHeader("X-Correlation-Id")).isEqualTo(correlationId);
        JsonNode scarRequest = JSON.readTree(scarCall.getBodyAsString());
        assertThat(scarRequest.path("supplier").asText()).isEqualTo("SUP-100");
        assertThat(scarRequest.path("priority").asText()).isEqualTo("HIGH");

        ConsumerRecord<String, String> scar = awaitOne(SCAR_TOPIC, lot);
        assertThat(Schemas.violations("corrective-action-requested", scar.value())).isEmpty();
        JsonNode scarEvent = JSON.readTree(scar.value());
        assertThat(scar.key()).isEqualTo("SCAR-" + lot);
        assertThat(scarEvent.path("businessKeys").path("supplier").asText()).isEqualTo("SUP-100");
        assertThat(scarEvent.path("payload").path("correctiveAction").asText()).isEqualTo("SCAR-" + lot);
        assertThat(KafkaProbe.header(scar, "correlationId")).isEqualTo(correlationId);

        ConsumerRecord<String, String> notice = awaitOne(PROCUREMENT_TOPIC, lot);
        assertThat(Schemas.violations("procurement-action-requested", notice.value())).isEmpty();
        JsonNode noticeEvent = JSON.readTree(notice.value());
        assertThat(noticeEvent.path("payload").path("action").asText()).isEqualTo("REPLACEMENT_SHIPMENT");
        assertThat(noticeEvent.path("payload").path("correctiveAction").asText()).isEqualTo("SCAR-" + lot);
        assertThat(noticeEvent.path("payload").path("quantity").asInt()).isEqualTo(500);

        postTwice("/api/v1/qms/lot-dispositions", disposition("3000", lot, "USE_AS_IS"), "corr-release-" + lot);
        LoggedRequest release = await().atMost(Duration.ofSeconds(30)).until(() -> erpCalls(RELEASES, lot), c -> c.size() == 1).get(0);
        assertThat(JSON.readTree(release.getBodyAsString())).isEqualTo(JSON.readTree("""
                {"plant":"3000","item":"BRK-4711","lot":"%s","quantity":500,"unitOfMeasure":"EA",
                 "status":"UNRESTRICTED","reason":"USE_AS_IS","reference":"IL-%s"}""".formatted(lot, lot)));
        assertThat(release.getHeader("Idempotency-Key")).isEqualTo("qms:3000:BRK-4711:" + lot + ":disposition:USE_AS_IS");
        assertThat(release.getHeader("X-Correlation-Id")).isEqualTo("corr-release-" + lot);

        // a later, different disposition of the released lot changes nothing at the ERP
        signed().contentType(ContentType.JSON).body(disposition("3000", lot, "SCRAP")).post("/api/v1/qms/lot-dispositions")
                .then().statusCode(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> steps(lot).contains("erp-released SKIPPED"));

        assertThat(erpCalls(BLOCKS, lot)).hasSize(1);
        assertThat(erpCalls(RELEASES, lot)).hasSize(1);
        assertThat(scarCalls(lot)).hasSize(1);
        assertThat(KafkaProbe.records(SCAR_TOPIC, r -> r.value().contains(lot))).hasSize(1);
        assertThat(KafkaProbe.records(PROCUREMENT_TOPIC, r -> r.value().contains(lot))).hasSize(1);
        // the ERP steps are recorded by the ERP's delivery route, in their own time
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(steps(lot)).containsExactlyInAnyOrder("erp-blocked DONE", "scar-opened DONE", "procurement-notified DONE",
                "erp-released DONE", "erp-released SKIPPED"));
        assertThat(containmentState(lot)).isEqualTo("RELEASED USE_AS_IS UNRESTRICTED SCAR-" + lot);
    }

    @Test
    void aLotInAnUnroutedPlantBecomesAnExceptionWithItsReasonAndReachesNoErp() throws Exception {
        String lot = uniqueLot();
        signed().contentType(ContentType.JSON).header("X-Correlation-Id", "corr-" + lot)
                .body(inspection("9999", "IL-" + lot, lot)).post("/api/v1/qms/inspection-results").then().statusCode(202);

        JsonNode exception = awaitOpenException(lot);
        assertThat(exception.path("errorClass").asText()).isEqualTo("unknown-plant");
        assertThat(exception.path("error").asText()).contains("plant 9999 is not routed to any ERP instance");
        assertThat(exception.path("step").asText()).isEqualTo("quality.contain-inspection");
        assertThat(exception.path("correlationId").asText()).isEqualTo("corr-" + lot);
        assertThat(erpCalls(BLOCKS, lot)).isEmpty();
        assertThat(scarCalls(lot)).isEmpty();
        assertThat(containmentState(lot)).isNull();
    }

    @Test
    void theQmsDownWhileTheScarIsOpenedHoldsTheScarAndNeverRepeatsTheBlock() throws Exception {
        String lot = uniqueLot();
        StubMapping down = qms.stubFor(post(urlEqualTo(SCARS)).atPriority(1)
                .withRequestBody(matchingJsonPath("$.lot", WireMock.equalTo(lot)))
                .willReturn(aResponse().withStatus(503)));

        signed().contentType(ContentType.JSON).body(inspection("3000", "IL-" + lot, lot)).post("/api/v1/qms/inspection-results")
                .then().statusCode(202);
        // a hold round (5 s in tests) ended with the QMS still down: the record went back to Kafka at least once
        await().atMost(Duration.ofSeconds(90)).until(() -> steps(lot).contains("scar-opened HELD") && scarCalls(lot).size() >= 2);
        assertThat(erpCalls(BLOCKS, lot)).hasSize(1);
        assertThat(KafkaProbe.records(PROCUREMENT_TOPIC, r -> r.value().contains(lot))).isEmpty();

        qms.removeStub(down);
        awaitOne(PROCUREMENT_TOPIC, lot);

        assertThat(erpCalls(BLOCKS, lot)).hasSize(1);
        assertThat(scarCalls(lot)).extracting(r -> r.getHeader("Idempotency-Key")).containsOnly("qms:3000:IL-" + lot + ":REJECTED:scar");
        assertThat(KafkaProbe.records(SCAR_TOPIC, r -> r.value().contains(lot))).hasSize(1);
        assertThat(KafkaProbe.records(DEAD_LETTERS, r -> r.value().contains(lot))).isEmpty();
        // the ERP steps are recorded by the ERP's delivery route, in their own time; the SCAR's delivery recorded each
        // hold round that ended with the QMS still down
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(steps(lot))
                .filteredOn(step -> !step.equals("scar-opened HELD"))
                .containsExactlyInAnyOrder("erp-blocked DONE", "scar-opened DONE", "procurement-notified DONE"));
        assertThat(steps(lot)).contains("scar-opened HELD").allMatch(step -> step.startsWith("erp-blocked")
                || step.startsWith("scar-opened") || step.equals("procurement-notified DONE"));
    }

    @Test
    void aQmsOutageHoldsOnlyTheQmsWorkTheErpBlocksOfLaterLotsGoOn() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        List<String> lots = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            lots.add("L-" + run + "-" + i);
        }
        StubMapping down = qms.stubFor(post(urlEqualTo(SCARS)).atPriority(1)
                .withRequestBody(matchingJsonPath("$.lot", WireMock.containing("L-" + run)))
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "1")));

        for (String lot : lots) {
            signed().contentType(ContentType.JSON).body(inspection("3000", "IL-" + lot, lot)).post("/api/v1/qms/inspection-results")
                    .then().statusCode(202);
        }
        // every lot is blocked in its ERP while the QMS refuses every SCAR of the run
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (String lot : lots) {
                assertThat(erpCalls(BLOCKS, lot)).as("block of " + lot).hasSize(1);
            }
        });
        assertThat(scarCalls(lots.get(0))).as("the first lot's SCAR was tried and held").isNotEmpty();
        for (String lot : lots) {
            assertThat(KafkaProbe.records(SCAR_TOPIC, r -> r.value().contains(lot))).isEmpty();
        }

        qms.removeStub(down);
        for (String lot : lots) {
            awaitOne(PROCUREMENT_TOPIC, lot);
            assertThat(KafkaProbe.records(SCAR_TOPIC, r -> r.value().contains(lot))).hasSize(1);
            assertThat(erpCalls(BLOCKS, lot)).hasSize(1);
        }
    }

    @Test
    void aWebhookRetriedWhileTheFirstAttemptIsInFlightIsAskedToComeBackAndTheRetryAfterAFailedFirstAttemptPublishes()
            throws Exception {
        String lot = uniqueLot();
        String key = "qms:3000:IL-" + lot + ":REJECTED";
        // the first attempt is in flight on another replica: its claim is PENDING with a live lease
        try (Connection c = stateDatabase.getConnection();
                PreparedStatement claim = c.prepareStatement("INSERT INTO CAMEL_MESSAGEPROCESSED (processorName, messageId, "
                        + "createdAt, state, leaseUntil, owner) VALUES ('qms.receive-inspection-result', ?, ?, 'PENDING', ?, 'replica-b/1')")) {
            claim.setString(1, key);
            claim.setObject(2, java.time.OffsetDateTime.now());
            claim.setObject(3, java.time.OffsetDateTime.now().plusMinutes(5));
            claim.executeUpdate();
        }

        signed().contentType(ContentType.JSON).header("X-Correlation-Id", "corr-" + lot).body(inspection("3000", "IL-" + lot, lot))
                .post("/api/v1/qms/inspection-results").then().statusCode(503).header("Retry-After", org.hamcrest.Matchers.notNullValue())
                .contentType("application/problem+json").body("type", equalTo("https://mfgsync.org/problems/in-progress"));
        assertThat(KafkaProbe.records(InspectionToStockBlockTest.TOPIC, r -> r.value().contains(lot))).isEmpty();

        // the first attempt failed there: its claim was released, so the retry is taken and published
        try (Connection c = stateDatabase.getConnection();
                PreparedStatement release = c.prepareStatement("DELETE FROM CAMEL_MESSAGEPROCESSED WHERE "
                        + "processorName = 'qms.receive-inspection-result' AND messageId = ? AND owner = 'replica-b/1'")) {
            release.setString(1, key);
            assertThat(release.executeUpdate()).isEqualTo(1);
        }
        postTwice("/api/v1/qms/inspection-results", inspection("3000", "IL-" + lot, lot), "corr-" + lot);
        await().atMost(Duration.ofSeconds(30)).until(() -> erpCalls(BLOCKS, lot), c -> c.size() == 1);
        assertThat(KafkaProbe.records(InspectionToStockBlockTest.TOPIC, r -> r.value().contains(lot))).hasSize(1);
    }

    @Test
    void aSupplierNonconformanceBlocksItsLotOpensAScarAndReworkPutsTheLotBackToInspection() throws Exception {
        String lot = uniqueLot();
        String ncr = "NCR-" + lot;
        postTwice("/api/v1/qms/nonconformances", nonconformance(ncr, lot, "MINOR"), "corr-" + ncr);

        LoggedRequest block = await().atMost(Duration.ofSeconds(30)).until(() -> erpCalls(BLOCKS, lot), c -> c.size() == 1).get(0);
        assertThat(JSON.readTree(block.getBodyAsString())).isEqualTo(JSON.readTree("""
                {"plant":"3000","item":"BRK-4711","lot":"%s","quantity":120,"unitOfMeasure":"EA",
                 "status":"BLOCKED","reason":"NONCONFORMANCE","reference":"%s"}""".formatted(lot, ncr)));
        assertThat(block.getHeader("Idempotency-Key")).isEqualTo("qms:3000:ncr:" + ncr);
        JsonNode scarRequest = JSON.readTree(await().atMost(Duration.ofSeconds(30))
                .until(() -> scarCalls(lot), c -> c.size() == 1).get(0).getBodyAsString());
        assertThat(scarRequest.path("nonconformances").get(0).asText()).isEqualTo(ncr);
        assertThat(scarRequest.path("priority").asText()).isEqualTo("LOW");
        JsonNode notice = JSON.readTree(awaitOne(PROCUREMENT_TOPIC, lot).value());
        assertThat(notice.path("payload").path("action").asText()).isEqualTo("SUPPLIER_DEBIT");
        assertThat(notice.path("payload").path("severity").asText()).isEqualTo("MINOR");

        signed().contentType(ContentType.JSON).body(disposition("3000", lot, "REWORK")).post("/api/v1/qms/lot-dispositions")
                .then().statusCode(202);
        LoggedRequest release = await().atMost(Duration.ofSeconds(30)).until(() -> erpCalls(RELEASES, lot), c -> c.size() == 1).get(0);
        assertThat(JSON.readTree(release.getBodyAsString()).path("status").asText()).isEqualTo("QUALITY_INSPECTION");
        assertThat(JSON.readTree(release.getBodyAsString()).path("quantity").asInt()).isEqualTo(120);
        assertThat(erpCalls(BLOCKS, lot)).hasSize(1);
    }

    @Test
    void aReleaseOfALotNeverBlockedIsRefusedWithItsReason() throws Exception {
        String lot = uniqueLot();
        signed().contentType(ContentType.JSON).header("X-Correlation-Id", "corr-" + lot)
                .body(disposition("3000", lot, "USE_AS_IS")).post("/api/v1/qms/lot-dispositions").then().statusCode(202);

        JsonNode exception = awaitOpenException(lot);
        assertThat(exception.path("errorClass").asText()).isEqualTo("lot-not-contained");
        assertThat(exception.path("error").asText()).contains("lot " + lot + " of item BRK-4711 in plant 3000 was never blocked");
        assertThat(exception.path("step").asText()).isEqualTo("quality.release-lot");
        assertThat(erpCalls(RELEASES, lot)).isEmpty();
    }

    @Test
    void anInvalidNonconformanceIsAnsweredWithEveryViolationAndNothingIsPublished() {
        long before = KafkaProbe.endOffsetSum("mfgsync.nonconformance-raised.v1");
        signed().contentType(ContentType.JSON).header("X-Correlation-Id", "corr-bad-ncr")
                .body("""
                        {"nonconformance":"NCR-1","plant":"3000","nonconformanceType":"VENDOR","severity":"MAJOR",
                         "item":"BRK-4711","lot":"L-1","quantity":0,"unitOfMeasure":"EA",
                         "detectedAt":"2026-11-27T08:40:00+01:00","defects":[]}""")
                .post("/api/v1/qms/nonconformances")
                .then().statusCode(400).contentType("application/problem+json").header("X-Correlation-Id", "corr-bad-ncr")
                .body("type", equalTo("https://mfgsync.org/problems/schema-violation"),
                        "violations.path", hasItems("$.nonconformanceType", "$.quantity", "$.defects"));
        signed().contentType(ContentType.JSON).body("{\"plant\":\"3000\",\"item\":\"BRK-4711\",\"lot\":\"L-1\",\"disposition\":\"SORT\"}")
                .post("/api/v1/qms/lot-dispositions")
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations.path", hasItems("$.disposition", "$.decidedAt"));

        assertThat(KafkaProbe.endOffsetSum("mfgsync.nonconformance-raised.v1")).isEqualTo(before);
    }

    // ---- helpers -------------------------------------------------------------------------------

    static String uniqueLot() {
        return "L-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The QMS sends the webhook, then again (its retry after a lost answer): accepted once, then a duplicate. */
    static void postTwice(String path, String body, String correlationId) {
        signed().contentType(ContentType.JSON).header("X-Correlation-Id", correlationId).body(body).post(path)
                .then().statusCode(202).body("status", equalTo("accepted"));
        signed().contentType(ContentType.JSON).header("X-Correlation-Id", correlationId).body(body).post(path)
                .then().statusCode(200).body("status", equalTo("duplicate"));
    }

    static String inspection(String plant, String inspectionLot, String lot) {
        return """
                {"inspectionLot":"%s","plant":"%s","item":"BRK-4711","lot":"%s","supplier":"SUP-100",
                 "purchaseOrder":"4500004711","poLine":"10","result":"REJECTED","lotQuantity":500,
                 "sampledQuantity":50,"acceptedQuantity":42,"rejectedQuantity":8,"unitOfMeasure":"EA",
                 "defectCodes":["D-017"],"inspectedAt":"2026-11-27T08:15:00+01:00"}""".formatted(inspectionLot, plant, lot);
    }

    static String nonconformance(String ncr, String lot, String severity) {
        return """
                {"nonconformance":"%s","plant":"3000","nonconformanceType":"SUPPLIER","severity":"%s",
                 "item":"BRK-4711","lot":"%s","supplier":"SUP-100","quantity":120,"unitOfMeasure":"EA",
                 "detectedAt":"2026-11-27T08:40:00+01:00",
                 "defects":[{"codeGroup":"DIM","code":"D-017","quantity":8}]}""".formatted(ncr, severity, lot);
    }

    static String disposition(String plant, String lot, String disposition) {
        return """
                {"plant":"%s","item":"BRK-4711","lot":"%s","disposition":"%s",
                 "decidedAt":"2026-11-28T14:01:55+01:00","decidedBy":"MRB"}""".formatted(plant, lot, disposition);
    }

    List<LoggedRequest> erpCalls(String path, String lot) {
        return erp.findAll(postRequestedFor(urlEqualTo(path)).withRequestBody(equalToJson("{\"lot\":\"" + lot + "\"}", true, true)));
    }

    List<LoggedRequest> scarCalls(String lot) {
        return qms.findAll(postRequestedFor(urlEqualTo(SCARS)).withRequestBody(matchingJsonPath("$.lot", WireMock.equalTo(lot))));
    }

    static ConsumerRecord<String, String> awaitOne(String topic, String lot) {
        return await().atMost(Duration.ofSeconds(60))
                .until(() -> KafkaProbe.records(topic, r -> r.value().contains("\"lot\":\"" + lot + "\"")), r -> r.size() == 1)
                .get(0);
    }

    /** The process trace of the lot, "step OUTCOME" in the order recorded. */
    List<String> steps(String lot) throws Exception {
        List<String> steps = new ArrayList<>();
        try (Connection c = stateDatabase.getConnection();
                PreparedStatement select = c.prepareStatement(
                        "SELECT step, outcome FROM workflow_step WHERE workflow = 'quality-containment' AND lot = ? ORDER BY id")) {
            select.setString(1, lot);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    steps.add(rs.getString(1) + " " + rs.getString(2));
                }
            }
        }
        return steps;
    }

    String containmentState(String lot) throws Exception {
        try (Connection c = stateDatabase.getConnection();
                PreparedStatement select = c.prepareStatement(
                        "SELECT state, disposition, released_status, scar_id FROM quality_containment WHERE lot = ?")) {
            select.setString(1, lot);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4) : null;
            }
        }
    }

    static int countOf(String json) {
        try {
            return JSON.readTree(json).path("count").asInt();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static RequestSpecification admin() {
        return given().header("Authorization", "Bearer test-admin-token");
    }

    static JsonNode awaitOpenException(String lot) throws Exception {
        String body = await().atMost(Duration.ofSeconds(30)).until(
                () -> admin().queryParam("lot", lot).get("/api/v1/exceptions").then().statusCode(200).extract().asString(),
                json -> countOf(json) == 1);
        return JSON.readTree(body).path("exceptions").get(0);
    }
}
