package org.mfgsync.visibility.sla;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.mfgsync.testing.SignedWebhooks.signed;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.mfgsync.testing.ErpSimulator;
import org.mfgsync.testing.KafkaProbe;
import org.mfgsync.testing.ManagementPort;
import org.mfgsync.testing.Schemas;
import org.mfgsync.testing.TestStack;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * The SLA watchdog end to end, on the shared stack (containment SLA 10 s and a 1 s watchdog period in the test
 * profile): the cloud ERP answers 503 for one rejected lot's block, so the lot stays unblocked past its SLA with no
 * further event. The breach is raised once (one SlaBreached record, the counter, a trace step on the flow, the API, the
 * quality-containment playbook's escalation), the following rounds raise nothing more; then the ERP recovers, the held
 * block arrives and the breach is cleared.
 */
@QuarkusTest
@WithTestResource(TestStack.class)
class SlaWatchdogTest {

    static final String BLOCKS = "/api/v1/stock-blocks";
    static final String KIND = "containment-not-blocked";
    static final String BREACHES = "mfgsync.sla-breached.v1";
    static final String ESCALATIONS = "mfgsync.escalation-raised.v1";
    static final ObjectMapper JSON = new ObjectMapper();

    WireMockServer erp = ErpSimulator.server();

    @Test
    void aLotNotBlockedInTimeIsBreachedOnceAndClearedWhenTheBlockArrives() throws Exception {
        erp.resetAll();
        erp.stubFor(post(urlEqualTo(BLOCKS)).atPriority(10).willReturn(aResponse().withStatus(201)));
        String lot = "L-SLA-" + UUID.randomUUID().toString().substring(0, 6);
        String correlationId = "corr-sla-" + lot;
        String subject = "3000:BRK-4711:" + lot + "@" + correlationId;
        OffsetDateTime testStart = OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1);
        double breachesBefore = counter("mfgsync_sla_breaches_total");
        double clearedBefore = counter("mfgsync_sla_breaches_cleared_total");

        // the ERP is down for this lot's block only
        StubMapping down = erp.stubFor(post(urlEqualTo(BLOCKS)).atPriority(1)
                .withRequestBody(matchingJsonPath("$.lot", WireMock.equalTo(lot)))
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "1")));
        try {
            signed().contentType(ContentType.JSON).header("X-Correlation-Id", correlationId).body(inspection("IL-" + lot, lot))
                    .post("/api/v1/qms/inspection-results").then().statusCode(202);

            // 1. past the SLA, with no further event: breached, once
            JsonNode breach = await().atMost(Duration.ofSeconds(60)).until(() -> openBreach(subject), b -> b != null);
            assertThat(breach.path("status").asText()).isEqualTo("OPEN");
            assertThat(breach.path("workflow").asText()).isEqualTo("quality-containment");
            assertThat(breach.path("expectedStep").asText()).isEqualTo("erp-blocked");
            assertThat(breach.path("correlationId").asText()).isEqualTo(correlationId);
            assertThat(breach.path("plant").asText()).isEqualTo("3000");
            assertThat(breach.path("businessKeys").path("lot").asText()).isEqualTo(lot);
            assertThat(breach.path("playbookDecision").asText()).isEqualTo("BUSINESS_ESCALATION");
            OffsetDateTime raisedAt = OffsetDateTime.parse(breach.path("raisedAt").asText());
            OffsetDateTime dueAt = OffsetDateTime.parse(breach.path("dueAt").asText());
            assertThat(raisedAt).as("raised only after it was due").isAfter(dueAt);
            assertThat(Duration.between(testStart, dueAt)).as("the test profile's SLA from the opening")
                    .isBetween(Duration.ofSeconds(9), Duration.ofSeconds(20));
            String breachId = breach.path("id").asText();
            assertThat(erp.getAllServeEvents().stream().anyMatch(e -> e.getRequest().getBodyAsString().contains(lot)
                    && e.getResponse().getStatus() == 201)).as("the ERP has not taken the block").isFalse();

            List<ConsumerRecord<String, String>> events = await().atMost(Duration.ofSeconds(30))
                    .until(() -> KafkaProbe.records(BREACHES, r -> subject.equals(r.key())), found -> !found.isEmpty());
            assertThat(events).hasSize(1);
            ConsumerRecord<String, String> event = events.get(0);
            assertThat(Schemas.violations("sla-breached", event.value())).isEmpty();
            assertThat(KafkaProbe.header(event, "correlationId")).isEqualTo(correlationId);
            assertThat(KafkaProbe.header(event, "eventType")).isEqualTo("SlaBreached");
            JsonNode slaBreached = JSON.readTree(event.value());
            assertThat(slaBreached.path("payload").path("breachId").asText()).isEqualTo(breachId);
            assertThat(slaBreached.path("payload").path("kind").asText()).isEqualTo(KIND);
            assertThat(slaBreached.path("businessKeys").path("lot").asText()).isEqualTo(lot);
            // the quality-containment playbook decides business escalation
            List<ConsumerRecord<String, String>> escalations = await().atMost(Duration.ofSeconds(30))
                    .until(() -> KafkaProbe.records(ESCALATIONS, r -> ("sla:" + breachId).equals(r.key())), f -> !f.isEmpty());
            assertThat(escalations).hasSize(1);
            assertThat(Schemas.violations("escalation-raised", escalations.get(0).value())).isEmpty();
            assertThat(JSON.readTree(escalations.get(0).value()).path("payload").path("rule").asText()).isEqualTo(KIND);

            // counted: the counter moved by exactly the breaches of this kind raised since the test began (other flows
            // of the shared application may be late too, and are counted as well)
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(counter("mfgsync_sla_breaches_total")
                    - breachesBefore).isEqualTo(raisedSince(testStart)));
            assertThat(raisedSince(testStart)).isGreaterThanOrEqualTo(1);
            ManagementPort.given().get("/q/metrics").then().body(containsString("mfgsync_sla_breaches_open{kind=\"" + KIND + "\"}"));
            // on the flow's trace
            await().atMost(Duration.ofSeconds(10)).until(() -> traceSteps(correlationId).contains("sla-breached DONE"));

            // 2. the next rounds (1 s apart) raise nothing more
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(
                    () -> KafkaProbe.records(BREACHES, r -> subject.equals(r.key())).size() == 1 && openBreach(subject) != null
                            && breachId.equals(openBreach(subject).path("id").asText()));
            assertThat(traceSteps(correlationId)).filteredOn("sla-breached DONE"::equals).hasSize(1);

            // 3. the ERP recovers: the held block arrives and the breach clears
            erp.removeStub(down);
            await().atMost(Duration.ofSeconds(60)).until(() -> traceSteps(correlationId).contains("erp-blocked DONE"));
            JsonNode cleared = await().atMost(Duration.ofSeconds(30)).until(() -> clearedBreach(subject), c -> c != null);
            assertThat(cleared.path("id").asText()).isEqualTo(breachId);
            assertThat(cleared.path("clearedReason").asText()).isEqualTo("blocked in the ERP");
            assertThat(OffsetDateTime.parse(cleared.path("clearedAt").asText())).isAfter(raisedAt);
            assertThat(openBreach(subject)).isNull();
            await().atMost(Duration.ofSeconds(10)).until(() -> traceSteps(correlationId).contains("sla-cleared DONE"));
            assertThat(counter("mfgsync_sla_breaches_cleared_total") - clearedBefore).isGreaterThanOrEqualTo(1);
            // and never raised again
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                    .until(() -> KafkaProbe.records(BREACHES, r -> subject.equals(r.key())).size() == 1);
        } finally {
            erp.removeStub(down);
        }
    }

    @Test
    void theBreachApiAnswersOnlyAnAdminAndRefusesBadQueriesByName() {
        given().get("/api/v1/sla-breaches").then().statusCode(401);
        admin().get("/api/v1/sla-breaches?lot=L-1").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("[lot]"));
        admin().get("/api/v1/sla-breaches?status=LATE").then().statusCode(400).body("detail", containsString("OPEN or CLEARED"));
        admin().get("/api/v1/sla-breaches?kind=late").then().statusCode(400).body("detail", containsString(KIND));
        admin().get("/api/v1/sla-breaches?limit=0").then().statusCode(400).body("detail", containsString("limit"));
        admin().get("/api/v1/sla-breaches?status=CLEARED&kind=erp-export-missing&limit=5").then().statusCode(200)
                .body("count", org.hamcrest.Matchers.greaterThanOrEqualTo(0));
        admin().get("/api/v1/sla-breaches").then().statusCode(200).contentType(ContentType.JSON)
                .body("breaches.findAll { it.status != 'OPEN' }.size()", equalTo(0));
    }

    static JsonNode openBreach(String subject) throws Exception {
        return find("OPEN", subject);
    }

    static JsonNode clearedBreach(String subject) throws Exception {
        return find("CLEARED", subject);
    }

    static JsonNode find(String status, String subject) throws Exception {
        JsonNode page = JSON.readTree(admin().get("/api/v1/sla-breaches?status=" + status + "&kind=" + KIND + "&limit=500")
                .then().statusCode(200).extract().asString());
        JsonNode found = null;
        for (JsonNode breach : page.path("breaches")) {
            if (subject.equals(breach.path("subject").asText())) {
                assertThat(found).as("one breach per subject").isNull();
                found = breach;
            }
        }
        return found;
    }

    /** Breaches of the kind raised since {@code since}, open or cleared (the API lists each status). */
    static long raisedSince(OffsetDateTime since) {
        long count = 0;
        for (String status : List.of("OPEN", "CLEARED")) {
            JsonPath page = admin().get("/api/v1/sla-breaches?status=" + status + "&kind=" + KIND + "&limit=500").then()
                    .statusCode(200).extract().jsonPath();
            for (Map<String, Object> breach : page.<Map<String, Object>>getList("breaches")) {
                if (!OffsetDateTime.parse(String.valueOf(breach.get("raisedAt"))).isBefore(since)) {
                    count++;
                }
            }
        }
        return count;
    }

    /** The sum of a counter family's samples of this kind in /q/metrics (0 before the first). */
    static double counter(String family) {
        double sum = 0;
        for (String line : ManagementPort.given().get("/q/metrics").then().statusCode(200).extract().asString().split("\n")) {
            if (line.startsWith(family + "{") && line.contains("kind=\"" + KIND + "\"")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** "step OUTCOME" of the flow's trace, from the trace API. */
    static List<String> traceSteps(String correlationId) {
        var response = admin().get("/api/v1/traces/" + correlationId);
        if (response.statusCode() == 404) {
            return List.of();
        }
        JsonPath flow = response.then().statusCode(200).extract().jsonPath();
        List<String> steps = flow.getList("steps.step", String.class);
        List<String> outcomes = flow.getList("steps.outcome", String.class);
        return java.util.stream.IntStream.range(0, steps.size()).mapToObj(i -> steps.get(i) + " " + outcomes.get(i)).toList();
    }

    static String inspection(String inspectionLot, String lot) {
        return """
                {"inspectionLot":"%s","plant":"3000","item":"BRK-4711","lot":"%s","supplier":"SUP-100",
                 "purchaseOrder":"4500004711","poLine":"10","result":"REJECTED","lotQuantity":500,
                 "sampledQuantity":50,"acceptedQuantity":42,"rejectedQuantity":8,"unitOfMeasure":"EA",
                 "defectCodes":["D-017"],"inspectedAt":"%s"}""".formatted(inspectionLot, lot, OffsetDateTime.now(ZoneOffset.UTC));
    }

    static RequestSpecification admin() {
        return given().header("Authorization", "Bearer test-admin-token");
    }
}
