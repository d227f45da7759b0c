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
import static org.mfgsync.testing.SignedWebhooks.signed;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mfgsync.canonical.CanonicalType;
import org.mfgsync.testing.DropFiles;
import org.mfgsync.testing.DropFolders;
import org.mfgsync.testing.ErpLegacyBDatabase;
import org.mfgsync.testing.ErpLegacyBRows;
import org.mfgsync.testing.ErpSimulator;
import org.mfgsync.testing.KafkaProbe;
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
    static final ObjectMapper JSON = new ObjectMapper();
    static final String COMMIT_HEADER = "PO_NUMBER,PO_LINE,SUPPLIER,ITEM,COMMITTED_QTY,UOM,COMMITTED_DATE,PREVIOUS_QTY,"
            + "PREVIOUS_DATE,REASON_CODE,PLANT,CONFIRMATION_TYPE,CONFIRMED_AT\n";

    /** Searches by keys shared with other tests' flows (plant, item, supplier) are narrowed to this test's time. */
    final String since = Instant.now().minus(1, ChronoUnit.SECONDS).toString();

    @BeforeEach
    void peersAccept() {
        ErpSimulator.server().stubFor(post(urlEqualTo("/api/v1/stock-blocks")).atPriority(10).willReturn(aResponse().withStatus(201)));
        SupplierPortalSimulator.server().stubFor(post(urlEqualTo("/api/v1/purchase-orders")).atPriority(10)
                .willReturn(aResponse().withStatus(201)));
    }

    @Test
    void aContainmentIsFoundByEveryKeyItsEventsCarryWithItsTimeline() throws Exception {
        String lot = "L-" + UUID.randomUUID().toString().substring(0, 8);
        String po = uniquePo();
        String correlationId = "corr-trace-" + lot;
        signed().contentType(ContentType.JSON).header("X-Correlation-Id", correlationId).body(inspection("IL-" + lot, lot, po))
                .post("/api/v1/qms/inspection-results").then().statusCode(202);

        // the ERP block is recorded by the delivery route, the SCAR and the notice by the workflow: in their own time
        List<String> expected = List.of("erp-blocked DONE erp-cloud", "scar-opened DONE qms-cloud",
                "procurement-notified DONE notification");
        JsonNode flow = await().atMost(Duration.ofSeconds(60)).until(() -> flow(correlationId),
                f -> f != null && steps(f).size() >= expected.size());
        assertTimeline(flow, expected, List.of("scar-opened", "procurement-notified"));
        assertThat(flow.path("workflows").toString()).isEqualTo("[\"quality-containment\"]");
        JsonNode block = step(flow, "erp-blocked");
        assertThat(block.path("eventType").asText()).isEqualTo("InspectionCompleted");
        assertThat(block.path("slaMillis").asLong()).isEqualTo(60_000L);
        assertThat(block.path("slaBreached").asBoolean()).isFalse();
        assertThat(block.path("elapsedMillis").isNumber()).isTrue();
        assertThat(flow.path("summary").path("outcomes").path("DONE").asInt()).isEqualTo(3);

        // the inspection taken in, the SCAR and the procurement notice: every key any of them carries finds the flow
        Map<String, Set<String>> carried = await().atMost(Duration.ofSeconds(30)).until(() -> keysOfEventsOf(correlationId),
                keys -> keys.getOrDefault("correctiveAction", Set.of()).contains("SCAR-" + lot)
                        && keys.getOrDefault("inspectionLot", Set.of()).contains("IL-" + lot));
        assertThat(carried).containsKeys("correlationId", "plant", "purchaseOrder", "poLine", "supplier", "item", "lot",
                "inspectionLot", "correctiveAction");
        assertEachKeyFinds(carried, Map.of(correlationId, flow));

        assertThat(search("lot=" + lot + "&supplier=SUP-OTHER").path("flows")).as("every key must match").isEmpty();
    }

    @Test
    void aPoRevisionIsFoundByEveryKeyItCarriesWithItsTimeline() throws Exception {
        String po = uniquePo();
        String correlationId = "corr-trace-" + po;
        String document = cloudDocument(po, 2);
        signed().contentType(ContentType.JSON).header("X-Correlation-Id", correlationId)
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
    void aPoRevisionFromAStagingRowAndItsSupplierCommitFromAFileAreFoundByEveryKeyTheirEventsCarry() throws Exception {
        // erp-legacy-b (plant 2000) exports a revision of a PO placed with SUP-ACME into its staging tables
        String po = uniquePo();
        String item = "TRC-" + UUID.randomUUID().toString().substring(0, 8);
        String export = "TR" + (100_000_000_000L + ThreadLocalRandom.current().nextLong(900_000_000_000L));
        exportToErpLegacyB(export, po, item);
        JsonNode revisionEvent = await().atMost(Duration.ofSeconds(60)).until(
                () -> eventOn("mfgsync.purchase-order-changed.v1", po), e -> e != null);
        String revisionFlow = revisionEvent.path("correlationId").asText();
        JsonNode revision = await().atMost(Duration.ofSeconds(60)).until(() -> flow(revisionFlow),
                f -> f != null && !steps(f).isEmpty());
        assertTimeline(revision, List.of("supplier-delivered DONE supplier-acme"), List.of());

        // SUP-ACME answers with a short commit (300 of 1000: HIGH) in a file dropped into its inbound folder
        String fileName = "commits-" + po + ".csv";
        DropFiles.drop(DropFolders.root().resolve("supplier-acme/inbound"), fileName, (COMMIT_HEADER + po + ",10,SUP-ACME,"
                + item + ",300,EA,2026-12-15,,,,2000,CHANGE,2026-11-27T08:15:00+01:00\n").getBytes(StandardCharsets.UTF_8));
        JsonNode commitEvent = await().atMost(Duration.ofSeconds(60)).until(
                () -> eventOn("mfgsync.supplier-commit-changed.v1", po), e -> e != null);
        String commitFlow = commitEvent.path("correlationId").asText();
        List<String> commitSteps = List.of("risk-classified DONE erp-legacy-b", "erp-updated DONE erp-legacy-b",
                "planning-requested DONE erp-legacy-b", "escalated DONE erp-legacy-b");
        JsonNode commit = await().atMost(Duration.ofSeconds(60)).until(() -> flow(commitFlow),
                f -> f != null && steps(f).size() >= commitSteps.size());
        // the ERP update is recorded by erp-legacy-b's delivery route, in its own time; the rest in the workflow's order
        assertTimeline(commit, commitSteps, List.of("risk-classified", "planning-requested", "escalated"));
        assertThat(commit.path("workflows").toString()).isEqualTo("[\"supplier-commit\"]");

        Map<String, Set<String>> revisionKeys = await().atMost(Duration.ofSeconds(30)).until(() -> keysOfEventsOf(revisionFlow),
                keys -> keys.containsKey("stagingBatch"));
        assertThat(revisionKeys).containsEntry("stagingBatch", Set.of(export)).containsEntry("purchaseOrder", Set.of(po))
                .containsKeys("correlationId", "plant", "supplier");
        Map<String, Set<String>> commitKeys = await().atMost(Duration.ofSeconds(30)).until(() -> keysOfEventsOf(commitFlow),
                keys -> keys.containsKey("fileName"));
        // the name as received, no path
        // ... and the line its record is on (the header is line 1)
        assertThat(commitKeys).containsEntry("fileName", Set.of(fileName)).containsEntry("fileLine", Set.of("2"))
                .containsEntry("item", Set.of(item))
                .containsKeys("correlationId", "plant", "purchaseOrder", "poLine", "supplier");

        // the PO is the key the two flows share: a search by it finds both, every other key the one flow that carries it
        Map<String, JsonNode> flows = Map.of(revisionFlow, revision, commitFlow, commit);
        assertEachKeyFinds(revisionKeys, flows);
        assertEachKeyFinds(commitKeys, flows);
    }

    @Test
    void aBlockTheErpRefusesShowsItsExceptionRecordInTheTrace() {
        String lot = "L-" + UUID.randomUUID().toString().substring(0, 8);
        String correlationId = "corr-trace-" + lot;
        ErpSimulator.server().stubFor(post(urlEqualTo("/api/v1/stock-blocks"))
                .withRequestBody(equalToJson("{\"lot\":\"" + lot + "\"}", true, true))
                .willReturn(aResponse().withStatus(422).withBody("{\"error\":\"unknown batch\"}")));
        signed().contentType(ContentType.JSON).header("X-Correlation-Id", correlationId).body(inspection("IL-" + lot, lot, uniquePo()))
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

    /**
     * For every key value the flows' events carry, the search by it (narrowed to this test's time, so that values other
     * tests use too find only this test's flows) finds exactly the flows of {@code flows} that carry it, each with its
     * whole timeline.
     */
    private void assertEachKeyFinds(Map<String, Set<String>> carried, Map<String, JsonNode> flows) throws Exception {
        Map<String, Map<String, Set<String>>> keysOfFlows = new LinkedHashMap<>();
        for (String correlationId : flows.keySet()) {
            keysOfFlows.put(correlationId, keysOfEventsOf(correlationId));
        }
        carried.forEach((name, values) -> values.forEach(value -> {
            String query = name + "=" + encoded(value) + "&from=" + since + "&size=200";
            if (name.equals("poLine")) {
                // poLine narrows a purchaseOrder search (TraceSearch)
                query += "&purchaseOrder=" + encoded(single(carried, "purchaseOrder"));
            }
            if (name.equals("fileLine")) {
                // fileLine narrows a fileName search
                query += "&fileName=" + encoded(single(carried, "fileName"));
            }
            List<String> expected = keysOfFlows.entrySet().stream()
                    .filter(f -> f.getValue().getOrDefault(name, Set.of()).contains(value)).map(Map.Entry::getKey).sorted().toList();
            JsonNode page = search(query);
            List<String> found = new ArrayList<>();
            page.path("flows").forEach(f -> found.add(f.path("correlationId").asText()));
            assertThat(found).as(query).containsExactlyInAnyOrderElementsOf(expected);
            for (JsonNode f : page.path("flows")) {
                JsonNode whole = flows.get(f.path("correlationId").asText());
                assertThat(steps(f)).as(query).isEqualTo(steps(whole));
                if (!name.equals("correlationId")) {
                    assertThat(keys(f).getOrDefault(name, List.of())).as(query).contains(value);
                }
            }
        }));
    }

    /**
     * The business keys, plant and correlation id of every canonical event of a flow on the backbone (what it took in and
     * what it published), read from the topics as a subscriber sees them.
     */
    private static Map<String, Set<String>> keysOfEventsOf(String correlationId) throws Exception {
        Map<String, Set<String>> keys = new TreeMap<>();
        for (CanonicalType type : CanonicalType.values()) {
            if (type.topic(1).isEmpty()) {
                continue;
            }
            for (ConsumerRecord<String, String> record : KafkaProbe.records(type.topic(1).get(),
                    r -> correlationId.equals(KafkaProbe.header(r, "correlationId")))) {
                JsonNode event = JSON.readTree(record.value());
                keys.computeIfAbsent("correlationId", k -> new TreeSet<>()).add(event.path("correlationId").asText());
                if (event.hasNonNull("plant")) {
                    keys.computeIfAbsent("plant", k -> new TreeSet<>()).add(event.path("plant").asText());
                }
                event.path("businessKeys").fields().forEachRemaining(
                        key -> keys.computeIfAbsent(key.getKey(), k -> new TreeSet<>()).add(key.getValue().asText()));
            }
        }
        return keys;
    }

    /** The one event on a topic keyed by this PO, once it is there. */
    private static JsonNode eventOn(String topic, String purchaseOrder) throws Exception {
        List<ConsumerRecord<String, String>> records = KafkaProbe.records(topic, r -> purchaseOrder.equals(r.key()));
        assertThat(records).as(topic).hasSizeLessThanOrEqualTo(1);
        return records.isEmpty() ? null : JSON.readTree(records.get(0).value());
    }

    /**
     * The flow's whole timeline is the expected steps, and the steps of {@code ordered} come in that order (steps
     * recorded by a delivery route in its own time have no fixed place).
     */
    private static void assertTimeline(JsonNode flow, List<String> expected, List<String> ordered) {
        List<String> steps = steps(flow);
        assertThat(steps).containsExactlyInAnyOrderElementsOf(expected);
        List<String> names = steps.stream().map(s -> s.substring(0, s.indexOf(' '))).toList();
        assertThat(names.stream().filter(ordered::contains).toList()).as("order of " + names).isEqualTo(ordered);
    }

    /** A PO revision as erp-legacy-b's export program writes it: one header (SUP-ACME, plant 2000), one item. */
    private static void exportToErpLegacyB(String export, String po, String item) throws Exception {
        ErpLegacyBRows.exportFor(new ErpLegacyBDatabase().dataSource(), "SUP-ACME", export, po, "0",
                "00010;" + item + ";1000.000;ST;20261215");
    }

    private static String single(Map<String, Set<String>> keys, String name) {
        assertThat(keys.get(name)).as(name).hasSize(1);
        return keys.get(name).iterator().next();
    }

    private static String encoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
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

}
