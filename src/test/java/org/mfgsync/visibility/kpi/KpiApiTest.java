package org.mfgsync.visibility.kpi;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.mfgsync.testing.SignedWebhooks.signed;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.mfgsync.testing.ErpSimulator;
import org.mfgsync.testing.KafkaBroker;
import org.mfgsync.testing.ManagementPort;
import org.mfgsync.testing.SupplierPortalSimulator;
import org.mfgsync.testing.TestStack;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * KPIs and a supplier scorecard end to end on the shared stack, from a known set of flows of plant 3000 and supplier
 * SUP-COBALT run through the real workflows: five inspections (three rejected lots blocked, one whose block the ERP
 * refused and an operator replayed, one refused and discarded, one accepted), an NCR, a QMS result sent twice (a
 * duplicate), two PO revisions delivered to the supplier's portal and three supplier commits (one changing another).
 * Each figure is computed again here by hand from the flows' timelines (trace API) and the commit lines' receipt times,
 * and must match what the API answers for the test's period. Then the API's refusals, and the gauges.
 */
@QuarkusTest
@WithTestResource(TestStack.class)
class KpiApiTest {

    static final String SUPPLIER = "SUP-COBALT";
    static final String BLOCKS = "/api/v1/stock-blocks";
    static final ObjectMapper JSON = new ObjectMapper();

    WireMockServer erp = ErpSimulator.server();

    @Inject
    DataSource db;

    @Inject
    KpiMetrics metrics;

    final String run = UUID.randomUUID().toString().substring(0, 6);

    @Test
    void kpisAndTheScorecardOfAKnownSetOfFlowsMatchTheirHandComputedValues() throws Exception {
        erp.stubFor(post(urlEqualTo(BLOCKS)).atPriority(10).willReturn(aResponse().withStatus(201)));
        erp.stubFor(post(urlEqualTo("/api/v1/supplier-commit-batches")).atPriority(10).willReturn(aResponse().withStatus(201)));
        SupplierPortalSimulator.server().stubFor(post(urlEqualTo("/api/v1/purchase-orders")).atPriority(10)
                .willReturn(aResponse().withStatus(201)));
        // the period starts once plant 3000 is quiet: flows of earlier tests on the shared application (a held block
        // that arrives late, a retry) would otherwise land in it; any that still do are named below
        awaitQuiet();
        String from = Instant.now().minusMillis(100).toString();
        Instant hourWindow = Instant.now().minus(Duration.ofHours(1));
        List<String> flows = new ArrayList<>();

        // ---- quality: A and B blocked; C and E refused by the ERP (C replayed, E discarded); D accepted; an NCR on B
        String lotA = "L-KA-" + run, lotB = "L-KB-" + run, lotC = "L-KC-" + run, lotD = "L-KD-" + run, lotE = "L-KE-" + run;
        List<StubMapping> refusals = new ArrayList<>();
        for (String lot : List.of(lotC, lotE)) {
            refusals.add(erp.stubFor(post(urlEqualTo(BLOCKS)).atPriority(1).withRequestBody(matchingJsonPath("$.lot", WireMock.equalTo(lot)))
                    .willReturn(aResponse().withStatus(422).withBody("{\"error\":\"unknown batch\"}"))));
        }
        try {
            for (String lot : List.of(lotA, lotB, lotC, lotD, lotE)) {
                String result = lot.equals(lotD) ? "ACCEPTED" : "REJECTED";
                postInspection(lot, result, "corr-" + lot).statusCode(202);
                flows.add("corr-" + lot);
            }
            // the QMS sends A's result again: a duplicate, counted for its channel
            long duplicatesBefore = duplicates("qms.receive-inspection-result", hourWindow);
            double duplicateCounterBefore = counter("mfgsync_duplicates_suppressed_total", "qms.receive-inspection-result");
            postInspection(lotA, "REJECTED", "corr-" + lotA + "-again").statusCode(200).body("status", equalTo("duplicate"));
            assertThat(duplicates("qms.receive-inspection-result", hourWindow) - duplicatesBefore).isEqualTo(1);
            assertThat(counter("mfgsync_duplicates_suppressed_total", "qms.receive-inspection-result") - duplicateCounterBefore)
                    .isEqualTo(1.0);

            String ncrCorrelation = "corr-NCR-" + run;
            signed().contentType(ContentType.JSON).header("X-Correlation-Id", ncrCorrelation).body(nonconformance(lotB))
                    .post("/api/v1/qms/nonconformances").then().statusCode(202);
            flows.add(ncrCorrelation);

            String refusedC = awaitException("corr-" + lotC);
            String refusedE = awaitException("corr-" + lotE);
            erp.removeStub(refusals.get(0));
            admin().post("/api/v1/exceptions/" + refusedC + "/replay").then().statusCode(202);
            admin().contentType(ContentType.JSON).body("{\"reason\":\"lot scrapped\"}")
                    .post("/api/v1/exceptions/" + refusedE + "/discard").then().statusCode(200);
            for (String lot : List.of(lotA, lotB, lotC)) {
                awaitStep("corr-" + lot, "erp-blocked", "DONE");
            }
            for (String lot : List.of(lotA, lotB, lotC, lotE)) {
                awaitStep("corr-" + lot, "scar-opened", "DONE");
                awaitStep("corr-" + lot, "procurement-notified", "DONE");
            }
            awaitStep("corr-" + lotD, "contained", "SKIPPED");
            awaitStep(ncrCorrelation, "procurement-notified", null);
            awaitStep(ncrCorrelation, "scar-opened", null);
        } finally {
            refusals.forEach(erp::removeStub);
        }

        // ---- purchasing: two PO revisions delivered, three commits (PO 1 committed twice: the second changes the first)
        String po1 = uniquePo(), po2 = uniquePo();
        for (String po : List.of(po1, po2)) {
            publish("mfgsync.purchase-order-changed.v1", po, purchaseOrder(po, "corr-PO-" + po));
            flows.add("corr-PO-" + po);
        }
        awaitStep("corr-PO-" + po1, "supplier-delivered", "DONE");
        awaitStep("corr-PO-" + po2, "supplier-delivered", "DONE");
        String c1 = commit(po1, "ACCEPT", "2026-12-18"); // on time (need date 2026-12-20)
        awaitStep(c1, "erp-updated", "DONE");
        String c2 = commit(po1, "CHANGE", "2026-12-28"); // late: changes c1
        String c3 = commit(po2, "ACCEPT", "2026-12-20"); // on the need date: on time
        for (String commit : List.of(c1, c2, c3)) {
            awaitStep(commit, "erp-updated", "DONE");
            awaitStep(commit, "escalated", "DONE");
            flows.add(commit);
        }
        // every flow has settled: its timeline is the same on two reads 2 s apart (the SLA watchdog may still note C's
        // or E's late block on their flows: a step with no event and no target, which no figure here counts)
        Map<String, JsonNode> timelines = settled(flows);
        String to = Instant.now().plusSeconds(1).toString();

        // ---- by hand, from the flows' timelines
        List<Long> containment = new ArrayList<>();
        Map<String, Long> firstStepByEvent = new HashMap<>();
        Map<String, Long> doneByTarget = new TreeMap<>();
        for (JsonNode flow : timelines.values()) {
            for (JsonNode step : flow.path("steps")) {
                if (step.path("step").asText().equals("erp-blocked") && step.path("outcome").asText().equals("DONE")
                        && step.path("eventType").asText().equals("InspectionCompleted")) {
                    containment.add(step.path("elapsedMillis").asLong());
                }
                if (step.hasNonNull("eventId") && step.hasNonNull("elapsedMillis")) {
                    firstStepByEvent.merge(step.path("eventId").asText(), step.path("elapsedMillis").asLong(), Math::min);
                }
                if (step.path("outcome").asText().equals("DONE") && step.hasNonNull("target")) {
                    doneByTarget.merge(step.path("target").asText(), 1L, Long::sum);
                }
            }
        }
        assertThat(containment).as("A, B and C blocked").hasSize(3);
        long[] latency = firstStepByEvent.values().stream().mapToLong(Long::longValue).toArray();
        assertThat(latency).as("5 inspections, the NCR, 2 PO revisions, 3 commits").hasSize(11);
        long[] response = { firstCommitAfter(po1, delivered("corr-PO-" + po1)) - delivered("corr-PO-" + po1),
                firstCommitAfter(po2, delivered("corr-PO-" + po2)) - delivered("corr-PO-" + po2) };
        Arrays.sort(response);

        // ---- what the API answers for the period
        JsonNode kpis = json(admin().urlEncodingEnabled(false).get("/api/v1/kpis?plant=3000&from=" + from + "&to=" + to)
                .then().statusCode(200).contentType(ContentType.JSON).extract().asString());
        assertThat(kpis.path("plant").asText()).isEqualTo("3000");
        assertThat(foreignFlows(from, to, flows)).as("flows of plant 3000 in the period that are not this test's").isEmpty();
        assertThat(kpis.path("flows").path("total").asLong()).isEqualTo(11);
        assertThat(kpis.path("flows").path("automated").asLong()).as("all but C (replayed) and E (discarded)").isEqualTo(9);
        assertThat(kpis.path("flows").path("automationRate").asDouble()).isCloseTo(9.0 / 11, within(1e-9));
        assertThat(kpis.path("qualityContainmentTime").path("count").asInt()).isEqualTo(3);
        // nearest rank of 3: p50 the 2nd smallest, p95 the largest (C's, replayed by hand)
        containment.sort(Long::compare);
        assertThat(kpis.path("qualityContainmentTime").path("p50Millis").asLong()).isEqualTo(containment.get(1));
        assertThat(kpis.path("qualityContainmentTime").path("p95Millis").asLong()).isEqualTo(containment.get(2));
        assertThat(kpis.path("supplierResponseTime").path("answered").asInt()).isEqualTo(2);
        assertThat(kpis.path("supplierResponseTime").path("awaiting").asInt()).isZero();
        assertThat(kpis.path("supplierResponseTime").path("p50Millis").asLong()).isEqualTo(response[0]);
        assertThat(kpis.path("supplierResponseTime").path("p95Millis").asLong()).isEqualTo(response[1]);
        Map<String, long[]> targets = new TreeMap<>();
        kpis.path("targets").forEach(t -> targets.put(t.path("target").asText(),
                new long[] { t.path("done").asLong(), t.path("failed").asLong() }));
        assertThat(targets.keySet()).containsExactlyElementsOf(doneByTarget.keySet());
        doneByTarget.forEach((target, done) -> assertThat(targets.get(target)[0]).as(target).isEqualTo(done));
        assertThat(targets.get("erp-cloud")[1]).as("C's and E's refused blocks").isEqualTo(2);
        for (JsonNode target : kpis.path("targets")) {
            if (target.path("target").asText().equals("erp-cloud")) {
                assertThat(target.path("failureRate").asDouble()).isCloseTo(2.0 / (doneByTarget.get("erp-cloud") + 2), within(1e-9));
            } else {
                assertThat(target.path("failed").asLong()).as(target.toString()).isZero();
                assertThat(target.path("failureRate").asDouble()).isZero();
            }
        }
        assertThat(kpis.path("manualInterventions").path("replays").asLong()).isEqualTo(1);
        assertThat(kpis.path("manualInterventions").path("discards").asLong()).isEqualTo(1);
        assertThat(kpis.path("manualInterventions").path("total").asLong()).isEqualTo(2);
        assertThat(kpis.path("reportingLatency").path("count").asInt()).isEqualTo(11);
        assertThat(kpis.path("reportingLatency").path("p50Millis").asLong()).isEqualTo(nearestRank(latency, 0.50));
        assertThat(kpis.path("reportingLatency").path("p95Millis").asLong()).isEqualTo(nearestRank(latency, 0.95));
        assertThat(kpis.path("unavailable").has("duplicatesSuppressed.plant")).isTrue();

        // ---- the supplier's scorecard for the period
        JsonNode card = json(admin().urlEncodingEnabled(false).get("/api/v1/suppliers/" + SUPPLIER + "/scorecard?from=" + from
                + "&to=" + to).then().statusCode(200).contentType(ContentType.JSON).extract().asString());
        JsonNode commits = card.path("commits");
        assertThat(commits.path("commits").asLong()).isEqualTo(3);
        assertThat(commits.path("lines").asLong()).isEqualTo(3);
        assertThat(commits.path("onTimeLines").asLong()).as("c1 and c3").isEqualTo(2);
        assertThat(commits.path("onTimeRate").asDouble()).isCloseTo(2.0 / 3, within(1e-9));
        assertThat(commits.path("poLines").asLong()).isEqualTo(2);
        assertThat(commits.path("changes").asLong()).as("c2 changes c1").isEqualTo(1);
        assertThat(commits.path("changesPerLine").asDouble()).isEqualTo(0.5);
        assertThat(commits.path("highRisk").asLong()).as("BRK-4711 is a critical item").isEqualTo(3);
        JsonNode quality = card.path("quality");
        assertThat(quality.path("inspections").asLong()).isEqualTo(5);
        assertThat(quality.path("rejected").asLong()).isEqualTo(4);
        assertThat(quality.path("rejectRate").asDouble()).isEqualTo(0.8);
        assertThat(quality.path("nonconformances").asLong()).isEqualTo(1);
        assertThat(quality.path("scarsOpened").asLong()).as("A, B, C and E").isEqualTo(4);
        assertThat(quality.path("scarsClosed").isNull()).isTrue();
        assertThat(card.has("asnAccuracy") && card.path("asnAccuracy").isNull()).isTrue();
        assertThat(card.path("unavailable").path("asnAccuracy").asText()).isEqualTo("not available until shipments exist");
        assertThat(card.path("unavailable").path("quality.scarsClosed").asText()).contains("CorrectiveActionUpdated");

        // ---- the gauges: computed for the trailing window, which holds these flows
        assertThat(metrics.refresh()).isNotNull();
        String prometheus = ManagementPort.given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(prometheus).contains("mfgsync_kpi_automation_ratio ", "mfgsync_kpi_quality_containment_seconds{quantile=\"0.95\"}",
                "mfgsync_kpi_supplier_response_seconds{quantile=\"0.5\"}", "mfgsync_kpi_target_failure_ratio{target=\"erp-cloud\"}",
                "mfgsync_kpi_manual_interventions{kind=\"replay\"}",
                "mfgsync_kpi_duplicates_suppressed{step=\"qms.receive-inspection-result\"}",
                "mfgsync_kpi_reporting_latency_seconds{quantile=\"0.5\"}");
        assertThat(gauge(prometheus, "mfgsync_kpi_target_failure_ratio{target=\"erp-cloud\"}")).isGreaterThan(0);
        assertThat(gauge(prometheus, "mfgsync_kpi_manual_interventions{kind=\"discard\"}")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void badQueriesAreRefusedByNameAndOnlyAnAdminIsAnswered() {
        refused("/api/v1/kpis?plant=3000&supplier=SUP-1").body("violations[0].path", equalTo("supplier"),
                "detail", containsString("Unknown query parameter 'supplier'"));
        refused("/api/v1/kpis?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z").body("violations[0].path", equalTo("from"),
                "detail", containsString("'from' must be before 'to'"));
        refused("/api/v1/kpis?from=2026-01-01T00:00:00Z&to=2026-06-01T00:00:00Z").body("violations[0].path", equalTo("from"),
                "detail", containsString("at most 92 days"));
        refused("/api/v1/kpis?plant=9999").body("violations[0].path", equalTo("plant"), "detail", containsString("not a known plant"));
        refused("/api/v1/kpis?to=now").body("violations[0].path", equalTo("to"));
        refused("/api/v1/suppliers/" + SUPPLIER + "/scorecard?plant=3000").body("violations[0].path", equalTo("plant"));
        admin().get("/api/v1/suppliers/SUP-NEVER-SEEN/scorecard").then().statusCode(404)
                .contentType("application/problem+json").body("type", equalTo("https://mfgsync.org/problems/not-found"),
                        "violations[0].path", equalTo("id"));

        given().get("/api/v1/kpis").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer");
        given().header("Authorization", "Bearer wrong").get("/api/v1/kpis").then().statusCode(403);
        given().get("/api/v1/suppliers/" + SUPPLIER + "/scorecard").then().statusCode(401);
        // an empty period: figures it has no basis for are null, with the reason
        admin().urlEncodingEnabled(false).get("/api/v1/kpis?from=2020-01-01T00:00:00Z&to=2020-01-02T00:00:00Z").then()
                .statusCode(200).body("flows.total", equalTo(0), "unavailable.qualityContainmentTime",
                        containsString("no rejected inspection"));
    }

    // ---- driving the flows ------------------------------------------------------------------------------------------

    io.restassured.response.ValidatableResponse postInspection(String lot, String result, String correlationId) {
        return signed().contentType(ContentType.JSON).header("X-Correlation-Id", correlationId).body("""
                {"inspectionLot":"IL-%s","plant":"3000","item":"BRK-4711","lot":"%s","supplier":"%s",
                 "purchaseOrder":"4500004711","poLine":"10","result":"%s","lotQuantity":500,
                 "sampledQuantity":50,"acceptedQuantity":%s,"rejectedQuantity":%s,"unitOfMeasure":"EA",
                 "defectCodes":[%s],"inspectedAt":"%s"}""".formatted(lot, lot, SUPPLIER, result,
                result.equals("ACCEPTED") ? "50" : "42", result.equals("ACCEPTED") ? "0" : "8",
                result.equals("ACCEPTED") ? "" : "\"D-017\"", OffsetDateTime.now(ZoneOffset.UTC)))
                .post("/api/v1/qms/inspection-results").then();
    }

    String nonconformance(String lot) throws Exception {
        ObjectNode ncr = (ObjectNode) JSON.readTree(Files.readString(Path.of("dev/samples/nonconformance-supplier-major.json")));
        ncr.put("nonconformance", "NCR-" + run);
        ncr.put("lot", lot);
        ncr.put("supplier", SUPPLIER);
        ncr.put("inspectionLot", "IL-" + lot);
        return ncr.toString();
    }

    String purchaseOrder(String po, String correlationId) throws Exception {
        ObjectNode event = (ObjectNode) JSON.readTree(Files.readString(
                Path.of("schemas/samples/purchase-order-changed/valid-revised-two-lines.json")));
        event.put("eventId", UUID.randomUUID().toString());
        event.put("occurredAt", OffsetDateTime.now(ZoneOffset.UTC).toString());
        event.put("correlationId", correlationId);
        ((ObjectNode) event.get("source")).put("instance", "erp-cloud");
        ((ObjectNode) event.get("businessKeys")).put("purchaseOrder", po).put("supplier", SUPPLIER);
        event.put("idempotencyKey", "erp:3000:" + po + ":rev-1");
        ObjectNode payload = (ObjectNode) event.get("payload");
        payload.put("purchaseOrder", po).put("revision", 1).put("supplier", SUPPLIER);
        ArrayNode lines = (ArrayNode) payload.get("lines");
        lines.remove(1);
        ((ObjectNode) lines.get(0)).put("quantity", 100).put("needDate", "2026-12-20");
        return event.toString();
    }

    /** Publishes a commit of SUP-COBALT for line 10 of the PO; answers its flow's correlation id. */
    String commit(String po, String type, String deliveryDate) throws Exception {
        String confirmation = "OC-" + po + "-" + UUID.randomUUID().toString().substring(0, 6);
        String correlationId = "corr-" + confirmation;
        ObjectNode event = (ObjectNode) JSON.readTree(Files.readString(
                Path.of("schemas/samples/supplier-commit-changed/valid-line-level-change-from-x12-855.json")));
        event.put("eventId", UUID.randomUUID().toString());
        event.put("occurredAt", OffsetDateTime.now(ZoneOffset.UTC).toString());
        event.put("correlationId", correlationId);
        event.remove("sourceDocument");
        ((ObjectNode) event.get("businessKeys")).put("purchaseOrder", po).put("supplier", SUPPLIER);
        event.put("idempotencyKey", "supplier:" + SUPPLIER + ":" + confirmation);
        ObjectNode payload = (ObjectNode) event.get("payload");
        payload.put("purchaseOrder", po).put("purchaseOrderRevision", 1).put("supplier", SUPPLIER)
                .put("confirmationId", confirmation).put("confirmationType", type);
        ArrayNode lines = (ArrayNode) payload.get("lines");
        lines.remove(1);
        ObjectNode line = (ObjectNode) lines.get(0);
        line.put("confirmationType", type).put("confirmedQuantity", 100).put("deliveryDate", deliveryDate);
        line.remove(List.of("shipDate", "reasonCode", "comment", "previousCommit", "price", "supplierItem"));
        publish("mfgsync.supplier-commit-changed.v1", po, event.toString());
        return correlationId;
    }

    static void publish(String topic, String key, String event) throws Exception {
        JsonNode envelope = JSON.readTree(event);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, event);
            for (String header : List.of("correlationId", "eventId", "eventType", "schemaVersion", "idempotencyKey")) {
                record.headers().add(header, envelope.path(header).asText().getBytes(StandardCharsets.UTF_8));
            }
            producer.send(record).get();
        }
    }

    // ---- reading what happened --------------------------------------------------------------------------------------

    static JsonNode flow(String correlationId) throws Exception {
        var response = admin().get("/api/v1/traces/" + correlationId).then().extract();
        return response.statusCode() == 200 ? JSON.readTree(response.asString()) : null;
    }

    /** The flows' timelines once they stop changing: the same steps on two reads 2 s apart. */
    static Map<String, JsonNode> settled(List<String> flows) {
        Map<String, JsonNode>[] previous = new Map[1];
        return await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ofSeconds(2)).pollInterval(Duration.ofSeconds(2))
                .until(() -> {
                    Map<String, JsonNode> now = new HashMap<>();
                    for (String flow : flows) {
                        now.put(flow, flow(flow).path("steps"));
                    }
                    boolean same = now.equals(previous[0]);
                    previous[0] = now;
                    return same ? timelinesOf(flows) : null;
                }, t -> t != null);
    }

    static Map<String, JsonNode> timelinesOf(List<String> flows) throws Exception {
        Map<String, JsonNode> timelines = new HashMap<>();
        for (String flow : flows) {
            timelines.put(flow, flow(flow));
        }
        return timelines;
    }

    /** Waits for a step of the flow (with the outcome, if given). */
    static void awaitStep(String correlationId, String step, String outcome) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode flow = flow(correlationId);
            if (flow == null) {
                return false;
            }
            for (JsonNode s : flow.path("steps")) {
                if (s.path("step").asText().equals(step) && (outcome == null || s.path("outcome").asText().equals(outcome))) {
                    return true;
                }
            }
            return false;
        });
    }

    /** The id of the flow's exception record, once it is there. */
    static String awaitException(String correlationId) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode flow = flow(correlationId);
            return flow != null && flow.path("exceptions").size() == 1 ? flow.path("exceptions").get(0).path("id").asText() : null;
        }, id -> id != null);
    }

    /** When the flow's PO revision was delivered (its supplier-delivered step), in epoch millis. */
    static long delivered(String correlationId) throws Exception {
        for (JsonNode step : flow(correlationId).path("steps")) {
            if (step.path("step").asText().equals("supplier-delivered")) {
                return OffsetDateTime.parse(step.path("recordedAt").asText()).toInstant().toEpochMilli();
            }
        }
        throw new AssertionError("not delivered: " + correlationId);
    }

    /** When the first commit line for the PO was received at or after {@code since}, in epoch millis. */
    long firstCommitAfter(String po, long since) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement query = c.prepareStatement(
                "SELECT received_at FROM supplier_commit_line WHERE purchase_order = ? ORDER BY received_at")) {
            query.setString(1, po);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    long at = rs.getObject(1, OffsetDateTime.class).toInstant().toEpochMilli();
                    if (at >= since) {
                        return at;
                    }
                }
            }
        }
        throw new AssertionError("no commit for " + po);
    }

    /** Waits until no step of an event has been recorded for plant 3000 for 5 s. */
    void awaitQuiet() {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            try (Connection c = db.getConnection(); PreparedStatement query = c.prepareStatement(
                    "SELECT MAX(recorded_at) FROM workflow_step WHERE plant = '3000' AND event_id IS NOT NULL");
                    ResultSet rs = query.executeQuery()) {
                OffsetDateTime last = rs.next() ? rs.getObject(1, OffsetDateTime.class) : null;
                return last == null || Duration.between(last.toInstant(), Instant.now()).toSeconds() >= 5;
            }
        });
    }

    /** Steps of plant 3000 in the period (from the state database) of flows that are not among {@code mine}. */
    List<String> foreignFlows(String from, String to, List<String> mine) throws Exception {
        List<String> foreign = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement query = c.prepareStatement("SELECT correlation_id, workflow, "
                + "step, outcome, event_type, recorded_at FROM workflow_step WHERE recorded_at >= ? AND recorded_at < ? "
                + "AND plant = '3000' AND event_id IS NOT NULL ORDER BY id")) {
            query.setObject(1, OffsetDateTime.parse(from));
            query.setObject(2, OffsetDateTime.parse(to));
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    if (!mine.contains(rs.getString(1))) {
                        foreign.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4) + " "
                                + rs.getString(5) + " " + rs.getObject(6, OffsetDateTime.class));
                    }
                }
            }
        }
        return foreign;
    }

    /** Suppressed duplicates of a channel since {@code from} (all plants, by whole hours), as the KPI API counts them. */
    static long duplicates(String channel, Instant from) throws Exception {
        JsonNode kpis = json(admin().urlEncodingEnabled(false).get("/api/v1/kpis?from=" + from + "&to="
                + Instant.now().plusSeconds(60)).then().statusCode(200).extract().asString());
        return kpis.path("duplicatesSuppressed").path("byChannel").path(channel).asLong(0);
    }

    static double counter(String family, String step) {
        String prometheus = ManagementPort.given().get("/q/metrics").then().statusCode(200).extract().asString();
        Double value = gaugeOrNull(prometheus, family + "{step=\"" + step + "\"}");
        return value == null ? 0 : value;
    }

    static double gauge(String prometheus, String series) {
        Double value = gaugeOrNull(prometheus, series);
        assertThat(value).as(series).isNotNull();
        return value;
    }

    static Double gaugeOrNull(String prometheus, String series) {
        for (String line : prometheus.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return null;
    }

    /** The nearest-rank percentile, by hand: the value at rank ⌈p·n⌉ of the sorted values. */
    static long nearestRank(long[] values, double p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(Math.round(p * values.length * 1000) / 1000.0);
        return sorted[Math.max(1, rank) - 1];
    }

    io.restassured.response.ValidatableResponse refused(String url) {
        return admin().urlEncodingEnabled(false).get(url).then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400), "type", equalTo("https://mfgsync.org/problems/invalid-query"));
    }

    static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    static RequestSpecification admin() {
        return given().header("Authorization", "Bearer test-admin-token");
    }

    static String uniquePo() {
        return "45" + (10_000_000 + ThreadLocalRandom.current().nextInt(90_000_000));
    }
}
