package org.mfgsync.resilience;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.mfgsync.resilience.ExceptionReplayTest.admin;
import static org.mfgsync.resilience.ExceptionReplayTest.awaitOpenException;
import static org.mfgsync.resilience.ExceptionReplayTest.key;
import static org.mfgsync.resilience.ExceptionReplayTest.postInspection;
import static org.mfgsync.resilience.ExceptionReplayTest.uniqueLot;
import static org.mfgsync.resilience.ExceptionReplayTest.uniquePo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;

import org.junit.jupiter.api.Test;
import org.mfgsync.governance.audit.AuditLog;
import org.mfgsync.testing.ErpSimulator;
import org.mfgsync.testing.KafkaProbe;
import org.mfgsync.testing.TestStack;

import jakarta.inject.Inject;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Bulk replay as a job, end to end against the real broker and the WireMock ERP: four stock blocks of one PO were
 * refused; the cause is fixed and one of them was done meanwhile. The dry run names the records, their target, what
 * would be sent and the one duplicate, and sends nothing. The job replays one record at a time, is stopped midway
 * (no further record starts), resumes with the rest, and ends with every block delivered exactly once more, the
 * duplicate not sent, and each replay in the audit log.
 */
@QuarkusTest
@WithTestResource(TestStack.class)
class ReplayJobTest {

    static final String BLOCKS = "/api/v1/stock-blocks";
    static final String STEP = "delivery.erp-cloud";
    static final ObjectMapper JSON = new ObjectMapper();

    WireMockServer erp = ErpSimulator.server();

    @Inject
    AuditLog auditLog;

    @Inject
    DataSource dataSource;

    @Test
    void dryRunThenAJobStoppedMidwayAndResumedReplaysEachRecordOnceAndSkipsTheDuplicate() throws Exception {
        erp.stubFor(WireMock.post(WireMock.urlEqualTo(BLOCKS)).atPriority(10).willReturn(WireMock.aResponse().withStatus(201)));
        String po = uniquePo();
        Map<String, String> idByLot = new LinkedHashMap<>();
        List<StubMapping> refusals = new ArrayList<>();
        List<String> lots = List.of(uniqueLot(), uniqueLot(), uniqueLot(), uniqueLot());
        for (String lot : lots) {
            refusals.add(refuse(lot));
            postInspection(lot, po, "SUP-100", "corr-job-" + lot);
            idByLot.put(lot, awaitOpenException(lot).path("id").asText());
        }
        refusals.forEach(erp::removeStub); // the cause is fixed
        String duplicate = lots.get(3);
        markDone(key(duplicate)); // ... and this block was done meanwhile (its step's claim is DONE)

        // bad requests name the field
        admin().contentType(ContentType.JSON).body("{\"purchaseOrder\":\"" + po + "\",\"colour\":\"red\"}")
                .post("/api/v1/replay-jobs/dry-run").then().statusCode(400).contentType("application/problem+json")
                .body("violations[0].path", equalTo("colour"));
        admin().contentType(ContentType.JSON).body("{}").post("/api/v1/replay-jobs/dry-run").then().statusCode(400);
        admin().contentType(ContentType.JSON).body("{\"purchaseOrder\":\"" + po + "\",\"paceMillis\":-1}")
                .post("/api/v1/replay-jobs").then().statusCode(400).body("violations[0].path", equalTo("paceMillis"));
        given().contentType(ContentType.JSON).body("{\"purchaseOrder\":\"" + po + "\"}").post("/api/v1/replay-jobs")
                .then().statusCode(401);

        // the dry run: which records, to which target, what would be sent, which are duplicates; nothing is sent
        JsonNode dryRun = JSON.readTree(admin().contentType(ContentType.JSON).body("{\"purchaseOrder\":\"" + po + "\"}")
                .post("/api/v1/replay-jobs/dry-run").then().statusCode(200).extract().asString());
        assertThat(dryRun.path("count").asInt()).isEqualTo(4);
        assertThat(dryRun.path("duplicates").asInt()).isEqualTo(1);
        assertThat(dryRun.path("targets").path("erp-cloud").asInt()).isEqualTo(3);
        for (JsonNode record : dryRun.path("records")) {
            String lot = record.path("businessKeys").path("lot").asText();
            assertThat(record.path("exceptionId").asText()).isEqualTo(idByLot.get(lot));
            assertThat(record.path("target").asText()).isEqualTo("erp-cloud");
            assertThat(record.path("topic").asText()).isEqualTo(TargetDeliveries.topicOf("erp-cloud"));
            assertThat(record.path("idempotencyKey").asText()).isEqualTo(key(lot));
            assertThat(record.path("payloadPreview").asText()).contains(lot);
            assertThat(record.path("wouldBe").asText()).isEqualTo(lot.equals(duplicate) ? "DUPLICATE" : "REPLAYED");
        }
        for (String lot : lots) {
            assertThat(blockCalls(lot)).as(lot).isEqualTo(1);
        }

        // the job: one record at a time, 1 s apart; stopped after the first
        JsonNode created = JSON.readTree(admin().contentType(ContentType.JSON)
                .body("{\"purchaseOrder\":\"" + po + "\",\"paceMillis\":1000}").post("/api/v1/replay-jobs").then()
                .statusCode(201).body("status", equalTo("RUNNING"), "total", equalTo(4)).extract().asString());
        String job = created.path("id").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> job(job).path("done").asInt() >= 1);
        admin().post("/api/v1/replay-jobs/" + job + "/stop").then().statusCode(200).body("status", equalTo("STOPPED"));
        // the record in flight, if any, finishes; then nothing moves while the job is stopped
        await().atMost(Duration.ofSeconds(10)).until(() -> !job(job).toString().contains("\"state\":\"RUNNING\""));
        int doneAtStop = job(job).path("done").asInt();
        assertThat(doneAtStop).isBetween(1, 3);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .until(() -> job(job).path("done").asInt() == doneAtStop && "STOPPED".equals(job(job).path("status").asText()));
        admin().post("/api/v1/replay-jobs/" + job + "/stop").then().statusCode(409);

        admin().post("/api/v1/replay-jobs/" + job + "/resume").then().statusCode(200).body("status", equalTo("RUNNING"));
        await().atMost(Duration.ofSeconds(30)).until(() -> "DONE".equals(job(job).path("status").asText()));
        JsonNode done = job(job);
        assertThat(done.path("done").asInt()).isEqualTo(4);
        assertThat(done.path("outcomes").path("REPLAYED").asInt()).isEqualTo(3);
        assertThat(done.path("outcomes").path("DUPLICATE").asInt()).isEqualTo(1);
        admin().post("/api/v1/replay-jobs/" + job + "/resume").then().statusCode(409);

        // nothing lost, nothing doubled: each replayed block delivered exactly once more, the duplicate not sent
        for (String lot : lots) {
            String id = idByLot.get(lot);
            if (lot.equals(duplicate)) {
                admin().get("/api/v1/exceptions/" + id).then().body("status", equalTo("OPEN"));
                assertThat(blockCalls(lot)).isEqualTo(1);
            } else {
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> admin().get("/api/v1/exceptions/" + id).then()
                        .body("status", equalTo("RESOLVED")));
                assertThat(blockCalls(lot)).as(lot).isEqualTo(2);
                assertThat(KafkaProbe.records(TargetDeliveries.topicOf("erp-cloud"), r -> id.equals(KafkaProbe.header(r, "replayOf"))))
                        .hasSize(1);
            }
        }
        assertThat(job(job).path("items").findValuesAsText("exceptionStatus")).containsOnly("RESOLVED", "OPEN");

        // each record's replay, the stop and the resume are in the audit log
        List<AuditLog.Entry> replays = auditLog.recent(ExceptionAdmin.AUDIT_REPLAY, 200).stream()
                .filter(e -> e.details() != null && e.details().contains(job)).toList();
        assertThat(replays).extracting(AuditLog.Entry::subject).containsExactlyInAnyOrderElementsOf(idByLot.values());
        assertThat(replays).filteredOn(e -> e.subject().equals(idByLot.get(duplicate))).extracting(AuditLog.Entry::outcome)
                .containsExactly("DUPLICATE");
        assertThat(auditLog.recent(ReplayJobs.AUDIT_JOB_STOP, 20)).anySatisfy(e -> assertThat(e.subject()).isEqualTo(job));
        assertThat(auditLog.recent(ReplayJobs.AUDIT_JOB_RESUME, 20)).anySatisfy(e -> assertThat(e.subject()).isEqualTo(job));
        admin().get("/api/v1/replay-jobs/no-such-job").then().statusCode(404);
        admin().get("/api/v1/replay-jobs").then().statusCode(200);
    }

    static JsonNode job(String id) throws Exception {
        return JSON.readTree(admin().get("/api/v1/replay-jobs/" + id).then().statusCode(200).extract().asString());
    }

    StubMapping refuse(String lot) {
        return erp.stubFor(WireMock.post(WireMock.urlEqualTo(BLOCKS)).atPriority(1)
                .withRequestBody(WireMock.equalToJson("{\"lot\":\"" + lot + "\"}", true, true))
                .willReturn(WireMock.aResponse().withStatus(422).withBody("{\"error\":\"unknown batch\"}")));
    }

    int blockCalls(String lot) {
        return erp.findAll(WireMock.postRequestedFor(WireMock.urlEqualTo(BLOCKS))
                .withHeader("Idempotency-Key", WireMock.equalTo(key(lot)))).size();
    }

    /** The delivery step's claim on the key, DONE: as if the block had been done by another path meanwhile. */
    void markDone(String key) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement insert = c.prepareStatement(
                "INSERT INTO CAMEL_MESSAGEPROCESSED (processorName, messageId, createdAt, state) VALUES (?, ?, ?, 'DONE')")) {
            insert.setString(1, STEP);
            insert.setString(2, key);
            insert.setTimestamp(3, Timestamp.from(Instant.now()));
            insert.executeUpdate();
        }
    }
}
