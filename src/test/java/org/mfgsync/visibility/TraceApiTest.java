package org.mfgsync.visibility;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mfgsync.purchasing.PurchaseOrderWebhook;
import org.mfgsync.testing.ErpSimulator;
import org.mfgsync.testing.SupplierPortalSimulator;
import org.mfgsync.testing.TestStack;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * The trace API end to end on the shared stack: a quality containment (rejected inspection → ERP block, SCAR,
 * procurement notice) and a PO revision (cloud ERP webhook → supplier portal) run through the real workflows, and each
 * is found by every business key it carries, with its whole timeline; bad searches are refused by name.
 */
@QuarkusTest
@WithTestResource(TestStack.class)
class TraceApiTest {

    static final String ADMIN = "Bearer test-admin-token";
    static final String WEBHOOK_SECRET = "test-webhook-secret";
    static final ObjectMapper JSON = new ObjectMapper();

    /** Searches by keys shared with other tests' flows (plant, item, supplier) are narrowed to this test's time. */
    final String since = Instant.now().minus(1, ChronoUnit.SECONDS).toString();

    @BeforeEach
    void peersAccept() {
        ErpSimulator.server().stubFor(post(urlEqualTo("/api/v1/stock-blocks")).atPriority(10).willReturn(aResponse().withStatus(201)));
        SupplierPortalSimulator.server().stubFor(post(urlEqualTo("/api/v1/purchase-orders")).atPriority(10)
                .willReturn(aResponse().withStatus(201)));
    }

    @Test
    void aContainmentIsFoundByEveryKeyItCarriesWithItsTimeline() throws Exception {
        String lot = "L-" + UUID.randomUUID().toString().substring(0, 8);
        String po = uniquePo();
        String correlationId = "corr-trace-" + lot;
        given().contentType(ContentType.JSON).header("X-Correlation-Id", correlationId).body(inspection("IL-" + lot, lot, po))
                .post("/api/v1/qms/inspection-results").then().statusCode(202);

        List<String> expected = List.of("erp-blocked DONE erp-cloud", "scar-opened DONE qms-cloud",
                "procurement-notified DONE notification");
        // the ERP block is recorded by the delivery route, the SCAR and the notice by the workflow: in their own time
        JsonNode flow = await().atMost(Duration.ofSeconds(60)).until(() -> flow(correlationId),
                f -> f != null && steps(f).size() >= expected.size());
        assertThat(steps(flow)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(flow.path("workflows").toString()).isEqualTo("[\"quality-containment\"]");
        assertThat(keys(flow)).containsEntry("lot", List.of(lot)).containsEntry("inspectionLot", List.of("IL-" + lot))
                .containsEntry("item", List.of("BRK-4711")).containsEntry("plant", List.of("3000"))
                .containsEntry("supplier", List.of("SUP-100")).containsEntry("purchaseOrder", List.of(po))
                .containsEntry("poLine", List.of("10"));
        JsonNode block = step(flow, "erp-blocked");
        assertThat(block.path("eventType").asText()).isEqualTo("InspectionCompleted");
        assertThat(block.path("slaMillis").asLong()).isEqualTo(60_000L);
        assertThat(block.path("slaBreached").asBoolean()).isFalse();
        assertThat(block.path("elapsedMillis").isNumber()).isTrue();
        assertThat(flow.path("summary").path("outcomes").path("DONE").asInt()).isEqualTo(3);

        for (String search : List.of("lot=" + lot, "inspectionLot=IL-" + lot, "purchaseOrder=" + po,
                "purchaseOrder=" + po + "&poLine=10", "correlationId=" + correlationId, "lot=" + lot + "&supplier=SUP-100",
                "item=BRK-4711&from=" + since, "plant=3000&from=" + since, "supplier=SUP-100&from=" + since)) {
            JsonNode found = foundBy(search, correlationId);
            assertThat(steps(found)).as(search).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(keys(found)).as(search).isEqualTo(keys(flow));
        }
        assertThat(search("lot=" + lot + "&supplier=SUP-OTHER").path("flows")).as("every key must match").isEmpty();
    }

    @Test
    void aPoRevisionIsFoundByEveryKeyItCarriesWithItsTimeline() throws Exception {
        String po = uniquePo();
        String correlationId = "corr-trace-" + po;
        String document = cloudDocument(po, 2);
        given().contentType(ContentType.JSON).header("X-Correlation-Id", correlationId).header("X-Erp-Signature", sign(document))
                .body(document).post("/api/v1/erp/erp-cloud/purchase-order-events").then().statusCode(202);

        JsonNode flow = await().atMost(Duration.ofSeconds(60)).until(() -> flow(correlationId), f -> f != null && !steps(f).isEmpty());
        assertThat(steps(flow)).containsExactly("supplier-delivered DONE supplier-cobalt");
        assertThat(flow.path("workflows").toString()).isEqualTo("[\"po-revision\"]");
        assertThat(keys(flow)).isEqualTo(Map.of("purchaseOrder", List.of(po), "supplier", List.of("SUP-COBALT"),
                "plant", List.of("3000")));
        assertThat(step(flow, "supplier-delivered").path("eventType").asText()).isEqualTo("PurchaseOrderChanged");

        for (String search : List.of("purchaseOrder=" + po, "correlationId=" + correlationId,
                "supplier=SUP-COBALT&from=" + since, "plant=3000&purchaseOrder=" + po)) {
            JsonNode found = foundBy(search, correlationId);
            assertThat(steps(found)).as(search).containsExactly("supplier-delivered DONE supplier-cobalt");
        }
        given().header("Authorization", ADMIN).get("/api/v1/traces/" + correlationId).then().statusCode(200)
                .contentType(ContentType.JSON).body("correlationId", equalTo(correlationId), "steps[0].step", equalTo("supplier-delivered"));
    }

    @Test
    void aBlockTheErpRefusesShowsItsExceptionRecordInTheTrace() {
        String lot = "L-" + UUID.randomUUID().toString().substring(0, 8);
        String correlationId = "corr-trace-" + lot;
        ErpSimulator.server().stubFor(post(urlEqualTo("/api/v1/stock-blocks"))
                .withRequestBody(equalToJson("{\"lot\":\"" + lot + "\"}", true, true))
                .willReturn(aResponse().withStatus(422).withBody("{\"error\":\"unknown batch\"}")));
        given().contentType(ContentType.JSON).header("X-Correlation-Id", correlationId).body(inspection("IL-" + lot, lot, uniquePo()))
                .post("/api/v1/qms/inspection-results").then().statusCode(202);

        JsonNode exception = await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode flows = search("lot=" + lot).path("flows");
            return flows.size() == 1 && flows.get(0).path("exceptions").size() == 1 ? flows.get(0).path("exceptions").get(0) : null;
        }, e -> e != null);
        // the block failed in the cloud ERP's delivery route, on behalf of the containment workflow
        assertThat(exception.path("step").asText()).isEqualTo("delivery.erp-cloud");
        assertThat(exception.path("workflow").asText()).isEqualTo("quality-containment");
        assertThat(exception.path("target").asText()).isEqualTo("erp-cloud");
        assertThat(exception.path("status").asText()).isEqualTo("OPEN");
        assertThat(exception.path("error").asText()).contains("422");
        // the full record is one link away
        given().header("Authorization", ADMIN).get("/api/v1/exceptions/" + exception.path("id").asText()).then().statusCode(200)
                .body("correlationId", equalTo(correlationId));
    }

    @Test
    void badSearchesAreRefusedWithProblemDetailsNamingTheParameter() {
        refused("lot=L-1&batch=7").body("type", equalTo("https://mfgsync.org/problems/invalid-query"),
                "violations[0].path", equalTo("batch"), "detail", containsString("Unknown query parameter 'batch'"));
        refused("from=2026-03-01T00:00:00Z").body("detail", containsString("needs a correlationId or at least one business key"));
        refused("").body("detail", containsString("needs a correlationId or at least one business key"));
        refused("lot=L-1&from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z").body("violations[0].path", equalTo("from"),
                "detail", containsString("at most 31 days"));
        refused("lot=L-1&size=201").body("violations[0].path", equalTo("size"));

        given().header("Authorization", ADMIN).get("/api/v1/traces/corr-never-seen").then().statusCode(404)
                .contentType("application/problem+json").body("type", equalTo("https://mfgsync.org/problems/not-found"));
        given().queryParam("lot", "L-1").get("/api/v1/traces").then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", "Bearer");
        given().header("Authorization", "Bearer wrong").queryParam("lot", "L-1").get("/api/v1/traces").then().statusCode(403);
        given().get("/api/v1/traces/corr-anything").then().statusCode(401);
    }

    @Test
    void theRequestKeepsItsOwnCorrelationIdWhileSearchingForAnother() {
        given().header("Authorization", ADMIN).header("X-Correlation-Id", "corr-operator-1").queryParam("correlationId", "corr-x")
                .get("/api/v1/traces").then().statusCode(200).header("X-Correlation-Id", "corr-operator-1")
                .body("flows.size()", equalTo(0));
        given().header("Authorization", ADMIN).header("X-Correlation-Id", "corr-operator-2").get("/api/v1/traces/corr-y")
                .then().statusCode(404).header("X-Correlation-Id", "corr-operator-2");
    }

    private ValidatableResponse refused(String query) {
        return given().header("Authorization", ADMIN).urlEncodingEnabled(false).get("/api/v1/traces" + (query.isEmpty() ? "" : "?" + query))
                .then().statusCode(400).contentType("application/problem+json").body("status", equalTo(400));
    }

    /** The search's page; the flow of {@code correlationId} must be on it. */
    private JsonNode foundBy(String query, String correlationId) throws Exception {
        JsonNode page = search(query + "&size=200");
        for (JsonNode flow : page.path("flows")) {
            if (flow.path("correlationId").asText().equals(correlationId)) {
                return flow;
            }
        }
        throw new AssertionError(query + " did not find " + correlationId + " among " + page.path("flows").size() + " flows");
    }

    private JsonNode search(String query) {
        try {
            String body = given().header("Authorization", ADMIN).urlEncodingEnabled(false).get("/api/v1/traces?" + query)
                    .then().statusCode(200).contentType(ContentType.JSON).extract().asString();
            return JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private JsonNode flow(String correlationId) throws Exception {
        var response = given().header("Authorization", ADMIN).get("/api/v1/traces/" + correlationId).then().extract();
        return response.statusCode() == 200 ? JSON.readTree(response.asString()) : null;
    }

    /** "step OUTCOME target" of each step, in timeline order. */
    private static List<String> steps(JsonNode flow) {
        List<String> steps = new ArrayList<>();
        flow.path("steps").forEach(s -> steps.add(s.path("step").asText() + " " + s.path("outcome").asText() + " "
                + s.path("target").asText()));
        return steps;
    }

    private static JsonNode step(JsonNode flow, String name) {
        for (JsonNode step : flow.path("steps")) {
            if (step.path("step").asText().equals(name)) {
                return step;
            }
        }
        throw new AssertionError("no step " + name + " in " + flow);
    }

    private static Map<String, List<String>> keys(JsonNode flow) {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        flow.path("businessKeys").fields().forEachRemaining(e -> {
            List<String> values = new ArrayList<>();
            e.getValue().forEach(v -> values.add(v.asText()));
            keys.put(e.getKey(), values);
        });
        return keys;
    }

    static String uniquePo() {
        return "45" + (10_000_000 + ThreadLocalRandom.current().nextInt(90_000_000));
    }

    static String inspection(String inspectionLot, String lot, String po) {
        return """
                {"inspectionLot":"%s","plant":"3000","item":"BRK-4711","lot":"%s","supplier":"SUP-100",
                 "purchaseOrder":"%s","poLine":"10","result":"REJECTED","lotQuantity":500,
                 "sampledQuantity":50,"acceptedQuantity":42,"rejectedQuantity":8,"unitOfMeasure":"EA",
                 "defectCodes":["D-017"],"inspectedAt":"2026-11-27T08:15:00+01:00"}""".formatted(inspectionLot, lot, po);
    }

    /** The cloud ERP's own PO document (as in mappings/erp-cloud/tests), for another PO number and revision. */
    static String cloudDocument(String po, int revision) throws Exception {
        JsonNode input = JSON.readTree(Files.readString(Path.of("mappings/erp-cloud/tests/purchase-order-changed-revised.input.json")));
        return input.path("document").toString().replace("4500031001", po).replace("\"version\":2", "\"version\":" + revision);
    }

    static String sign(String body) {
        return "sha256=" + HexFormat.of().formatHex(PurchaseOrderWebhook.hmac(WEBHOOK_SECRET, body.getBytes(StandardCharsets.UTF_8)));
    }
}
