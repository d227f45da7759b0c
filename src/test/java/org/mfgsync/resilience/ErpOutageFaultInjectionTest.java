package org.mfgsync.resilience;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.mfgsync.testing.SignedWebhooks.signed;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;

import org.junit.jupiter.api.Test;
import org.mfgsync.testing.ErpSimulator;
import org.mfgsync.testing.KafkaProbe;
import org.mfgsync.testing.ManagementPort;
import org.mfgsync.testing.QmsSimulator;
import org.mfgsync.testing.TestStack;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Fault injection against a real Kafka broker and a WireMock ERP: while quality holds keep arriving, the ERP first
 * answers 503 with Retry-After, then hangs past the call timeout; then it recovers. Every stock block must reach the
 * ERP exactly once (one accepted call per idempotency key), in order per lot, without operator action, and nothing
 * may be dead-lettered.
 */
@QuarkusTest
@WithTestResource(TestStack.class)
class ErpOutageFaultInjectionTest {

    static final String BLOCKS = "/api/v1/stock-blocks";
    static final int LOTS = 30;
    static final int DECISIONS_PER_LOT = 10;
    static final ObjectMapper JSON = new ObjectMapper();

    WireMockServer erp = ErpSimulator.server();

    @Test
    void everyBlockReachesTheErpOnceAndInOrderAfterAnOutage() throws Exception {
        erp.resetAll();
        erp.stubFor(post(urlEqualTo(BLOCKS)).atPriority(10).willReturn(aResponse().withStatus(201)));
        String run = UUID.randomUUID().toString().substring(0, 6);

        // 1. the ERP is down and says when to come back
        StubMapping unavailable = erp.stubFor(post(urlEqualTo(BLOCKS)).atPriority(1)
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "1")));
        Map<String, List<String>> referencesByLot = new LinkedHashMap<>();
        for (int seq = 0; seq < DECISIONS_PER_LOT; seq++) {
            for (int l = 0; l < LOTS; l++) {
                String lot = "L-" + run + "-" + l;
                String reference = "IL-" + run + "-" + l + "-" + seq;
                referencesByLot.computeIfAbsent(lot, k -> new ArrayList<>()).add(reference);
                signed().contentType(ContentType.JSON).body(inspection(reference, lot)).post("/api/v1/qms/inspection-results")
                        .then().statusCode(202);
            }
        }
        // the breaker opens and says so in the wellness report (not readiness): the app itself stays ready
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> ManagementPort.given().get("/q/health/well").then()
                .statusCode(200).body("checks.find { it.name == 'Outbound targets' }.data.erp-cloud", equalTo("OPEN")));
        ManagementPort.given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'Outbound targets' }", org.hamcrest.Matchers.nullValue());
        ManagementPort.given().get("/q/metrics").then()
                .body(containsString("mfgsync_circuit_breaker_state{state=\"open\",target=\"erp-cloud\"}"));
        // operations see what waits on the ERP: this run's lots, from the ERP's delivery topic
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var held = admin().get("/api/v1/targets/erp-cloud/waiting?limit=500").then().statusCode(200).extract().jsonPath();
            List<String> heldLots = held.getList("deliveries.businessKeys.lot");
            assertThat(heldLots).as("the lots waiting on erp-cloud").containsAll(referencesByLot.keySet());
            assertThat(held.getList("deliveries.operation", String.class)).containsOnly("inventory-status");
            assertThat(held.getString("target.breaker")).as("the breaker, opened above, tries the ERP now and then")
                    .isIn("OPEN", "HALF_OPEN");
            assertThat(held.getInt("impact.lots")).isGreaterThanOrEqualTo(LOTS);
            assertThat(held.getString("impact.summary")).matches("\\d+ lots( and \\d+ POs?)? waiting on erp-cloud since .+");
        });
        var targets = admin().get("/api/v1/targets").then().statusCode(200).extract().jsonPath();
        assertThat(targets.getLong("targets.find { it.target == 'erp-cloud' }.waiting")).isGreaterThanOrEqualTo(LOTS);
        assertThat(targets.getString("targets.find { it.target == 'erp-cloud' }.oldestWaitingSince")).isNotNull();
        assertThat(targets.getLong("targets.find { it.target == 'qms-cloud' }.waiting")).as("the QMS holds nothing").isZero();

        // 2. the ERP hangs: calls time out
        erp.removeStub(unavailable);
        StubMapping hanging = erp.stubFor(post(urlEqualTo(BLOCKS)).atPriority(1)
                .willReturn(aResponse().withStatus(503).withFixedDelay(2_500)));
        await().atMost(Duration.ofSeconds(60)).until(() -> erp.getAllServeEvents().stream()
                .filter(e -> e.getStubMapping() != null && hanging.getId().equals(e.getStubMapping().getId()))
                .count() >= 2);

        // 3. the ERP recovers: the held work drains by itself
        erp.removeStub(hanging);
        long recovered = System.nanoTime();
        int expected = LOTS * DECISIONS_PER_LOT;
        await().atMost(Duration.ofSeconds(180)).until(() -> accepted(run).size() >= expected);
        double seconds = (System.nanoTime() - recovered) / 1e9;
        System.out.printf("ERP outage drain: %d held blocks delivered in %.1f s after recovery (%.0f/s)%n", expected,
                seconds, expected / seconds);

        List<ServeEvent> accepted = accepted(run);
        Map<String, List<String>> deliveredByLot = new LinkedHashMap<>();
        Map<String, Integer> perKey = new LinkedHashMap<>();
        for (ServeEvent event : accepted) {
            var body = JSON.readTree(event.getRequest().getBodyAsString());
            deliveredByLot.computeIfAbsent(body.path("lot").asText(), k -> new ArrayList<>()).add(body.path("reference").asText());
            perKey.merge(event.getRequest().getHeader("Idempotency-Key"), 1, Integer::sum);
        }
        assertThat(perKey).hasSize(expected).allSatisfy((key, count) -> assertThat(count).as(key).isEqualTo(1));
        assertThat(deliveredByLot).isEqualTo(referencesByLot);
        assertThat(KafkaProbe.records("mfgsync.dead-letter.v1",
                r -> String.valueOf(KafkaProbe.header(r, "idempotencyKey")).contains(":IL-" + run + "-"))).isEmpty();
        // one containment per lot: its first decision opened the SCAR, the nine after it blocked again but opened none
        await().atMost(Duration.ofSeconds(60)).until(() -> scarLots(run).size() >= LOTS);
        assertThat(scarLots(run)).hasSize(LOTS).doesNotHaveDuplicates();
        // nothing waits on the ERP any more
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> admin().get("/api/v1/targets/erp-cloud/waiting").then()
                .statusCode(200).body("target.waiting", equalTo(0)).body("impact.summary", equalTo("nothing waiting on erp-cloud")));
        // the breaker closed again
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> ManagementPort.given().get("/q/health/well").then()
                .body("checks.find { it.name == 'Outbound targets' }.data.erp-cloud", equalTo("CLOSED")));
    }

    @Test
    void retryAfterIsHonouredBetweenCalls() {
        erp.resetAll();
        String lot = "L-RA-" + UUID.randomUUID().toString().substring(0, 6);
        String reference = "IL-" + lot;
        StubMapping unavailable = erp.stubFor(post(urlEqualTo(BLOCKS)).atPriority(1)
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "1")));
        erp.stubFor(post(urlEqualTo(BLOCKS)).atPriority(10).willReturn(aResponse().withStatus(201)));
        signed().contentType(ContentType.JSON).body(inspection(reference, lot)).post("/api/v1/qms/inspection-results")
                .then().statusCode(202);
        String key = "qms:3000:" + reference + ":REJECTED";
        await().atMost(Duration.ofSeconds(60)).until(() -> served(503, key).size() >= 3);
        erp.removeStub(unavailable);
        await().atMost(Duration.ofSeconds(30)).until(() -> served(201, key).size() == 1);

        List<ServeEvent> calls = new ArrayList<>(served(503, key));
        calls.sort(Comparator.comparing(e -> e.getRequest().getLoggedDate()));
        // the first calls fall within one hold round of redeliveries in place
        for (int i = 1; i < 3; i++) {
            long gap = calls.get(i).getRequest().getLoggedDate().getTime() - calls.get(i - 1).getRequest().getLoggedDate().getTime();
            assertThat(gap).as("gap before call %d", i).isGreaterThanOrEqualTo(900);
        }
    }

    List<ServeEvent> served(int status, String idempotencyKey) {
        return served(status).stream().filter(e -> idempotencyKey.equals(e.getRequest().getHeader("Idempotency-Key"))).toList();
    }

    List<ServeEvent> served(int status) {
        return erp.getAllServeEvents().stream()
                .filter(e -> e.getResponse() != null && e.getResponse().getStatus() == status).toList();
    }

    /** The lot of every SCAR the QMS was asked to open for this run. */
    static List<String> scarLots(String run) throws Exception {
        List<String> lots = new ArrayList<>();
        for (ServeEvent event : QmsSimulator.server().getAllServeEvents()) {
            String lot = JSON.readTree(event.getRequest().getBodyAsString()).path("lot").asText();
            if (lot.startsWith("L-" + run + "-")) {
                lots.add(lot);
            }
        }
        return lots;
    }

    /** Accepted stock blocks of this run, in the order the ERP received them. */
    List<ServeEvent> accepted(String run) {
        List<ServeEvent> events = new ArrayList<>(served(201).stream()
                .filter(e -> String.valueOf(e.getRequest().getHeader("Idempotency-Key")).contains(":IL-" + run + "-"))
                .toList());
        events.sort(Comparator.comparing(e -> e.getRequest().getLoggedDate()));
        return events;
    }

    static String inspection(String inspectionLot, String lot) {
        return """
                {"inspectionLot":"%s","plant":"3000","item":"BRK-4711","lot":"%s","supplier":"SUP-100",
                 "purchaseOrder":"4500004711","poLine":"10","result":"REJECTED","lotQuantity":500,
                 "sampledQuantity":50,"acceptedQuantity":42,"rejectedQuantity":8,"unitOfMeasure":"EA",
                 "defectCodes":["D-017"],"inspectedAt":"2026-11-27T08:15:00+01:00"}""".formatted(inspectionLot, lot);
    }

    @Test
    void theHeldWorkApiAnswersOnlyAnAdminAndOnlyForConfiguredTargets() {
        given().get("/api/v1/targets").then().statusCode(401);
        admin().get("/api/v1/targets/sql:select/waiting").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("is configured"));
        admin().get("/api/v1/targets/erp-cloud/waiting?limit=0").then().statusCode(400).body("detail", containsString("limit"));
        admin().get("/api/v1/targets/erp-cloud/waiting?limit=many").then().statusCode(400);
        admin().get("/api/v1/targets").then().statusCode(200).body("targets.target", org.hamcrest.Matchers.hasItems(
                "erp-cloud", "erp-legacy-a", "erp-legacy-b", "qms-cloud", "supplier-acme", "supplier-bolt", "supplier-cobalt"));
    }

    static io.restassured.specification.RequestSpecification admin() {
        return given().header("Authorization", "Bearer test-admin-token");
    }
}
