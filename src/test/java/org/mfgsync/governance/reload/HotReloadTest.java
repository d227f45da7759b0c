package org.mfgsync.governance.reload;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.mfgsync.testing.SignedWebhooks.signed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mfgsync.governance.audit.AuditLog;
import org.mfgsync.mapping.MappingRegistry;
import org.mfgsync.testing.DropFiles;
import org.mfgsync.testing.DropFolders;
import org.mfgsync.testing.ErpSimulator;
import org.mfgsync.testing.KafkaProbe;
import org.mfgsync.testing.ManagementPort;
import org.mfgsync.testing.ReloadFolders;
import org.mfgsync.testing.TestStack;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Hot reload of the routes and mappings folders while the application runs, against a real Kafka broker, a
 * WireMock ERP and supplier-acme's drop folder. Every test edits temporary copies of the folders
 * ({@link ReloadFolders}) and leaves them as it found them.
 */
@QuarkusTest
@WithTestResource(TestStack.class)
class HotReloadTest {

    static final Duration RELOADED = Duration.ofSeconds(15);
    static final String BLOCKS = "/api/v1/stock-blocks";

    @Inject
    AuditLog auditLog;

    @Inject
    MappingRegistry mappingRegistry;

    WireMockServer erp = ErpSimulator.server();
    Path routes = ReloadFolders.routes();
    Path mappings = ReloadFolders.mappings();
    Path probe = routes.resolve("test/probe.camel.yaml");

    @BeforeEach
    void erpAcceptsBlocks() {
        erp.resetAll();
        erp.stubFor(post(urlEqualTo(BLOCKS)).willReturn(aResponse().withStatus(201)));
    }

    @AfterEach
    void restoreFolders() throws IOException {
        deleteTree(routes.resolve("test"));
        deleteTree(mappings.resolve("test"));
        ReloadFoldersCopy.restoreOriginalRoutes(routes);
        ReloadFoldersCopy.restoreOriginalMappings(mappings);
        JsonPath outcome = reloadViaApi(200);
        assertThat(outcome.getString("result")).isIn("applied", "unchanged");
    }

    // ---- routes ---------------------------------------------------------------------------------

    @Test
    void editedRouteTakesEffectAndOnlyThatRouteRestarts() throws Exception {
        write(probe, probeRoute("v1"));
        awaitProbe("v1");

        write(probe, probeRoute("v2"));
        awaitProbe("v2");
        given().get("/test/probe").then().statusCode(200).body(equalTo("v2"));

        JsonPath reloads = admin().get("/api/v1/admin/reloads").then().statusCode(200).extract().jsonPath();
        assertThat(reloads.getString("reloads[0].result")).isEqualTo("applied");
        assertThat(reloads.getString("reloads[0].trigger")).isEqualTo("watch");
        assertThat(reloads.getList("reloads[0].restartedRoutes", String.class)).containsExactly("test.probe");
        assertThat(reloads.getString("reloads[0].files[0].file")).isEqualTo("routes/test/probe.camel.yaml");
        assertThat(reloads.getString("reloads[0].files[0].change")).isEqualTo("modified");
        assertThat(reloads.getString("reloads[0].files[0].sha256")).isEqualTo(SourceFile.sha256(probeRoute("v2")));

        Map<String, Map<String, Object>> byId = routesById();
        assertThat(byId.get("test.probe")).containsEntry("source", "routes/test/probe.camel.yaml")
                .containsEntry("sha256", SourceFile.sha256(probeRoute("v2"))).containsEntry("state", "Started");
        assertThat(byId.get("quality.contain-inspection")).containsEntry("source", "routes/workflows/quality-containment.camel.yaml");
        assertThat(byId.get("admin.reload")).containsEntry("source", "application");
    }

    @Test
    void restApiAndRouteConfigurationsKeepWorkingAcrossTheirReload() throws Exception {
        Path api = routes.resolve("api/qms-inspection-results.camel.yaml");
        long before = lastSequence();
        write(api, Files.readString(api).replace("Inspection result accepted event=", "Inspection result accepted (reloaded) event="));
        JsonPath applied = await().atMost(RELOADED).until(HotReloadTest::latestReload,
                r -> r.getLong("sequence") > before && r.getString("result").equals("applied"));
        assertThat(applied.getList("restartedRoutes", String.class))
                .containsExactlyInAnyOrder("api.qms.post-inspection-result", "qms.receive-inspection-result");

        String lot = "L-" + UUID.randomUUID().toString().substring(0, 8);
        signed().contentType(ContentType.JSON).body(inspection("IL-" + lot, lot))
                .post("/api/v1/qms/inspection-results").then().statusCode(202).body("status", equalTo("accepted"));
        signed().contentType(ContentType.JSON).body("{\"inspectionLot\": 1}")
                .post("/api/v1/qms/inspection-results").then().statusCode(400).contentType("application/problem+json");

        // a changed route configuration restarts the routes that apply it, and only those
        Path deadLetter = routes.resolve("resilience/dead-letter.camel.yaml");
        long beforeConfig = lastSequence();
        write(deadLetter, Files.readString(deadLetter).replace("retriesExhaustedLogLevel: WARN", "retriesExhaustedLogLevel: ERROR"));
        JsonPath config = await().atMost(RELOADED).until(HotReloadTest::latestReload,
                r -> r.getLong("sequence") > beforeConfig && r.getString("result").equals("applied"));
        assertThat(config.getList("restartedRoutes", String.class)).containsExactlyInAnyOrder(
                "quality.contain-inspection-record", "quality.contain-nonconformance-record", "quality.release-lot-record",
                "purchasing.po-revision-record", "purchasing.supplier-commit", "resilience.deliver");
        await().atMost(Duration.ofSeconds(30)).until(() -> erp.findAll(postRequestedFor(urlEqualTo(BLOCKS))).stream()
                .anyMatch(r -> String.valueOf(r.getHeader("Idempotency-Key")).contains(lot)));
    }

    @Test
    void editedRouteTemplateRestartsTheRoutesMadeFromIt() throws Exception {
        String template = """
                - routeTemplate:
                    id: test.greeter
                    parameters:
                      - name: path
                      - name: greeting
                    from:
                      uri: "platform-http:/test/{{path}}"
                      steps:
                        - setBody:
                            constant: "{{greeting}}"
                """;
        write(routes.resolve("test/greeter-template.camel.yaml"), template);
        write(routes.resolve("test/greeters.camel.yaml"), """
                - templatedRoute:
                    routeTemplateRef: test.greeter
                    routeId: test.greeter-plant-3000
                    parameters:
                      - name: path
                        value: plant-3000
                      - name: greeting
                        value: hello
                """);
        await().atMost(RELOADED).untilAsserted(() -> given().get("/test/plant-3000").then().statusCode(200).body(equalTo("hello")));

        write(routes.resolve("test/greeter-template.camel.yaml"), template.replace("constant: \"{{greeting}}\"", "constant: \"{{greeting}}!\""));
        await().atMost(RELOADED).untilAsserted(() -> given().get("/test/plant-3000").then().statusCode(200).body(equalTo("hello!")));
        assertThat(latestReload().getList("restartedRoutes", String.class)).containsExactly("test.greeter-plant-3000");
    }

    @Test
    void addedAndRemovedRouteFilesTakeEffect() throws Exception {
        write(probe, probeRoute("added"));
        awaitProbe("added");

        Files.delete(probe);
        await().atMost(RELOADED).untilAsserted(() -> given().get("/test/probe").then().statusCode(404));
        // the endpoint goes while the reload removes the route: the route list and the reload record follow it
        await().atMost(RELOADED).untilAsserted(() -> {
            assertThat(routesById()).doesNotContainKey("test.probe");
            assertThat(latestReload().getString("files[0].change")).isEqualTo("removed");
        });
    }

    @Test
    void brokenYamlIsRejectedAndThePreviousVersionKeepsRunning() throws Exception {
        write(probe, probeRoute("good"));
        awaitProbe("good");
        double rejectedBefore = rejectedCount();

        long before = lastSequence();
        write(probe, "- route:\n    id: test.probe\n    from:\n      uri: platform-http:/test/probe\n      steps: [ setBody\n");
        JsonPath rejected = awaitRejection(before);
        assertThat(rejected.getString("rejections[0].file")).isEqualTo("routes/test/probe.camel.yaml");
        assertThat(rejected.getInt("rejections[0].line")).isPositive();
        assertThat(rejected.getString("rejections[0].reason")).startsWith("not valid YAML");
        given().get("/test/probe").then().statusCode(200).body(equalTo("good"));
        assertThat(rejectedCount()).isGreaterThan(rejectedBefore);
    }

    @Test
    void unknownEndpointSchemeIsRejectedAndThePreviousVersionKeepsRunning() throws Exception {
        write(probe, probeRoute("good"));
        awaitProbe("good");

        long before = lastSequence();
        write(probe, probeRoute("bad").replace("        - setBody:", "        - to: nosuchscheme:anywhere\n        - setBody:"));
        JsonPath rejected = awaitRejection(before);
        assertThat(rejected.getString("rejections[0].file")).isEqualTo("routes/test/probe.camel.yaml");
        assertThat(rejected.getString("rejections[0].reason")).contains("nosuchscheme");
        given().get("/test/probe").then().statusCode(200).body(equalTo("good"));
    }

    @Test
    void unknownEipUnresolvableBeanPlaceholderAndDuplicateIdAreEachRejected() throws Exception {
        write(probe, probeRoute("good"));
        awaitProbe("good");
        Map<String, String> broken = Map.of(
                "transmogrify", probeRoute("x").replace("- setBody:", "- transmogrify:"),
                "noSuchBean", probeRoute("x").replace("        - setBody:", "        - bean:\n            ref: noSuchBean\n        - setBody:"),
                "mfgsync.no-such-setting", probeRoute("x").replace("constant: x", "constant: \"{{mfgsync.no-such-setting}}\""),
                "quality.contain-inspection", probeRoute("x").replace("id: test.probe", "id: quality.contain-inspection"));
        for (Map.Entry<String, String> change : broken.entrySet()) {
            long before = lastSequence();
            write(probe, change.getValue());
            JsonPath rejected = awaitRejection(before);
            assertThat(rejected.getString("rejections[0].file")).isEqualTo("routes/test/probe.camel.yaml");
            assertThat(rejected.getString("rejections[0].reason")).as(change.getKey()).contains(change.getKey());
            given().get("/test/probe").then().statusCode(200).body(equalTo("good"));
        }
    }

    @Test
    void changeSetThatFailsWhileStartingIsRolledBackAsAWhole() throws Exception {
        write(probe, probeRoute("before"));
        awaitProbe("before");

        // valid as a model, but its consumer cannot start (its folder does not exist): found only while applying
        write(probe, probeRoute("after"));
        write(routes.resolve("test/unstartable.camel.yaml"), """
                - route:
                    id: test.unstartable
                    from:
                      uri: file:/proc/mfgsync-cannot-exist/inbox?autoCreate=false&startingDirectoryMustExist=true
                      steps:
                        - log: never
                """);
        JsonPath failed = await().atMost(RELOADED).until(HotReloadTest::latestReload, r -> r.getString("result").equals("failed"));
        assertThat(failed.getList("restartedRoutes", String.class)).containsExactlyInAnyOrder("test.probe", "test.unstartable");
        assertThat(failed.getString("rejections[0].reason")).startsWith("apply failed");
        given().get("/test/probe").then().statusCode(200).body(equalTo("before"));
        assertThat(routesById()).doesNotContainKey("test.unstartable")
                .hasEntrySatisfying("test.probe", r -> assertThat(r).containsEntry("state", "Started")
                        .containsEntry("sha256", SourceFile.sha256(probeRoute("before"))));
    }

    @Test
    void brokenFileHoldsBackOnlyItselfAndWhatDependsOnIt() throws Exception {
        // a broken route file left on disk: rejected
        Path broken = routes.resolve("test/broken.camel.yaml");
        awaitRejection(lastSequenceBefore(() -> write(broken, "- route:\n    id: test.broken\n    from: [ nowhere\n")));

        // later, in one change set: an independent route, a broken mapping and a route that uses that mapping
        long before = lastSequence();
        write(mappings.resolve("test/greet.jsonata"), "{ \"hello\": ");
        write(routes.resolve("test/greet.camel.yaml"), """
                - route:
                    id: test.greet
                    from:
                      uri: platform-http:/test/greet
                      steps:
                        - bean:
                            ref: mappingRegistry
                            method: "apply('test/greet', ${body})"
                """);
        write(probe, probeRoute("independent"));
        awaitProbe("independent");

        JsonPath partial = await().atMost(RELOADED).until(HotReloadTest::latestReload, r -> r.getLong("sequence") > before
                && r.getList("files.file", String.class).contains("routes/test/probe.camel.yaml"));
        assertThat(partial.getString("result")).isEqualTo("partially-applied");
        assertThat(partial.getList("files.file", String.class)).containsExactlyInAnyOrder("routes/test/probe.camel.yaml",
                "routes/test/broken.camel.yaml", "routes/test/greet.camel.yaml", "mappings/test/greet.jsonata");
        Map<String, String> heldBack = partial.getList("heldBack", Map.class).stream()
                .collect(Collectors.toMap(h -> String.valueOf(h.get("file")), h -> String.valueOf(h.get("reason"))));
        assertThat(heldBack).containsOnlyKeys("routes/test/broken.camel.yaml", "routes/test/greet.camel.yaml",
                "mappings/test/greet.jsonata");
        assertThat(heldBack.get("routes/test/broken.camel.yaml")).contains("not valid YAML");
        assertThat(heldBack.get("mappings/test/greet.jsonata")).contains("JSONata does not compile");
        assertThat(heldBack.get("routes/test/greet.camel.yaml")).isEqualTo(
                "depends on mappings/test/greet.jsonata, whose change is held back");
        assertThat(partial.getList("restartedRoutes", String.class)).containsExactly("test.probe");
        assertThat(routesById()).doesNotContainKeys("test.broken", "test.greet");
        assertThat(mappingRegistry.get("test/greet")).isEmpty();
    }

    @Test
    void cloudErpConnectorWithItsCircuitBreakerWorksAfterReload() throws Exception {
        // a block through the running connector first, so its circuit breaker exists before the reload
        String lotBefore = "L-" + UUID.randomUUID().toString().substring(0, 8);
        signed().contentType(ContentType.JSON).body(inspection("IL-" + lotBefore, lotBefore))
                .post("/api/v1/qms/inspection-results").then().statusCode(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> blocksOf(lotBefore).size() == 1);

        Path connector = routes.resolve("erp/erp-cloud.camel.yaml");
        long before = lastSequence();
        write(connector, Files.readString(connector).replace("""
                        - setHeader:
                            name: Content-Type
                """, """
                        - setHeader:
                            name: X-Mfgsync-Connector-Version
                            constant: reloaded
                        - setHeader:
                            name: Content-Type
                """));
        JsonPath applied = awaitApplied(before, "routes/erp/erp-cloud.camel.yaml");
        assertThat(applied.getList("restartedRoutes", String.class)).contains("erp.erp-cloud.inventory-status");

        String lot = "L-" + UUID.randomUUID().toString().substring(0, 8);
        signed().contentType(ContentType.JSON).body(inspection("IL-" + lot, lot))
                .post("/api/v1/qms/inspection-results").then().statusCode(202);
        List<LoggedRequest> blocks = await().atMost(Duration.ofSeconds(30)).until(() -> blocksOf(lot), b -> !b.isEmpty());
        assertThat(blocks).hasSize(1);
        assertThat(blocks.get(0).getHeader("X-Mfgsync-Connector-Version")).isEqualTo("reloaded");
    }

    interface FileEdit {
        void run() throws IOException;
    }

    /** The latest reload's sequence number before the edit, which it then makes. */
    static long lastSequenceBefore(FileEdit edit) throws IOException {
        long before = lastSequence();
        edit.run();
        return before;
    }

    List<LoggedRequest> blocksOf(String lot) {
        return erp.findAll(postRequestedFor(urlEqualTo(BLOCKS))).stream()
                .filter(r -> String.valueOf(r.getHeader("Idempotency-Key")).contains(lot)).toList();
    }

    @Test
    void configMapSymlinkSwapIsPickedUp() throws Exception {
        // a ConfigMap volume: files are symlinks into ..data, which points to a timestamped folder
        Path volume = Files.createDirectories(routes.resolve("test/configmap"));
        Path v1 = Files.createDirectories(volume.resolve("..2026_11_27_08_00_00.1"));
        Files.writeString(v1.resolve("probe.camel.yaml"), probeRoute("configmap-v1"));
        Files.createSymbolicLink(volume.resolve("..data"), v1.getFileName());
        Files.createSymbolicLink(volume.resolve("probe.camel.yaml"), Path.of("..data/probe.camel.yaml"));
        awaitProbe("configmap-v1");

        // kubelet's update: new folder, ..data_tmp symlink to it, renamed over ..data, old folder removed
        Path v2 = Files.createDirectories(volume.resolve("..2026_11_27_08_05_00.2"));
        Files.writeString(v2.resolve("probe.camel.yaml"), probeRoute("configmap-v2"));
        Files.createSymbolicLink(volume.resolve("..data_tmp"), v2.getFileName());
        Files.move(volume.resolve("..data_tmp"), volume.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
        deleteTree(v1);

        awaitProbe("configmap-v2");
        assertThat(routesById().get("test.probe")).containsEntry("source", "routes/test/configmap/probe.camel.yaml");
    }

    // ---- mappings and change sets ----------------------------------------------------------------

    @Test
    void badJsonataAndXsltMappingsAreRejectedAndGoodOnesApplied() throws Exception {
        write(mappings.resolve("test/greeting.jsonata"), "{ \"hello\": name }");
        await().atMost(RELOADED).until(() -> mappingRegistry.get("test/greeting").isPresent());
        assertThat(mappingRegistry.apply("test/greeting", "{\"name\":\"plant 3000\"}")).isEqualTo("{\"hello\":\"plant 3000\"}");

        long before = lastSequence();
        write(mappings.resolve("test/greeting.jsonata"), "{ \"hello\": name ");
        JsonPath rejected = awaitRejection(before);
        assertThat(rejected.getString("rejections[0].file")).isEqualTo("mappings/test/greeting.jsonata");
        assertThat(rejected.getString("rejections[0].reason")).startsWith("JSONata does not compile");
        assertThat(mappingRegistry.apply("test/greeting", "{\"name\":\"x\"}")).isEqualTo("{\"hello\":\"x\"}");

        write(mappings.resolve("test/greeting.jsonata"), "{ \"hello\": name }");
        write(mappings.resolve("test/order.xsl"), """
                <xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
                  <xsl:template match="/order"><po><xsl:value-of select="@number"/></po></xsl:template>
                </xsl:stylesheet>
                """);
        await().atMost(RELOADED).until(() -> mappingRegistry.get("test/order").isPresent());
        assertThat(mappingRegistry.apply("test/order", "<order number=\"4500004711\"/>")).isEqualTo("<po>4500004711</po>");

        long beforeXslt = lastSequence();
        write(mappings.resolve("test/order.xsl"), """
                <xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
                  <xsl:template match="/order"><po><xsl:value-of select="@number"/></po></xsl:templat>
                </xsl:stylesheet>
                """);
        rejected = awaitRejection(beforeXslt);
        assertThat(rejected.getString("rejections[0].file")).isEqualTo("mappings/test/order.xsl");
        assertThat(rejected.getString("rejections[0].reason")).startsWith("XSLT does not compile");
        assertThat(mappingRegistry.apply("test/order", "<order number=\"1\"/>")).isEqualTo("<po>1</po>");
    }

    @Test
    void mappingThatBreaksItsGoldenTestIsRejected() throws Exception {
        write(mappings.resolve("test/tests/greeting-plant.input.json"), "{\"name\":\"plant 3000\"}");
        write(mappings.resolve("test/tests/greeting-plant.expected.json"), "{\"hello\":\"plant 3000\"}");
        write(mappings.resolve("test/greeting.jsonata"), "{ \"hello\": name }");
        await().atMost(RELOADED).until(() -> mappingRegistry.get("test/greeting").isPresent());

        long before = lastSequence();
        write(mappings.resolve("test/greeting.jsonata"), "{ \"hallo\": name }");
        JsonPath rejected = awaitRejection(before);
        assertThat(rejected.getString("rejections[0].file")).isEqualTo("mappings/test/tests/greeting-plant.expected.json");
        assertThat(rejected.getString("rejections[0].reason")).contains("golden test fails").contains("hallo");
        assertThat(mappingRegistry.apply("test/greeting", "{\"name\":\"x\"}")).isEqualTo("{\"hello\":\"x\"}");
    }

    @Test
    void routeAndMappingSavedTogetherGoInTogetherOrNotAtAll() throws Exception {
        String route = """
                - route:
                    id: test.greet
                    from:
                      uri: platform-http:/test/greet
                      steps:
                        - convertBodyTo:
                            type: java.lang.String
                        - bean:
                            ref: mappingRegistry
                            method: "apply('test/greet', ${body})"
                """;
        // the mapping is broken: neither file goes in
        long before = lastSequence();
        write(mappings.resolve("test/greet.jsonata"), "{ \"hello\": ");
        write(routes.resolve("test/greet.camel.yaml"), route);
        JsonPath rejected = awaitRejection(before);
        assertThat(rejected.getList("files.file", String.class))
                .containsExactlyInAnyOrder("routes/test/greet.camel.yaml", "mappings/test/greet.jsonata");
        assertThat(routesById()).doesNotContainKey("test.greet");
        given().contentType(ContentType.JSON).body("{\"name\":\"QMS\"}").post("/test/greet").then().statusCode(404);

        // fixed: both go in, in one reload
        write(mappings.resolve("test/greet.jsonata"), "{ \"hello\": name }");
        await().atMost(RELOADED).untilAsserted(() -> given().contentType(ContentType.JSON).body("{\"name\":\"QMS\"}")
                .post("/test/greet").then().statusCode(200).body(equalTo("{\"hello\":\"QMS\"}")));
        JsonPath applied = latestReload();
        assertThat(applied.getString("result")).isEqualTo("applied");
        assertThat(applied.getList("files.file", String.class))
                .containsExactlyInAnyOrder("routes/test/greet.camel.yaml", "mappings/test/greet.jsonata");
    }

    @Test
    void connectorMappingEditReachesTheConnectorAndABrokenEditLeavesTheOldMappingInForce() throws Exception {
        String name = "supplier-standard-csv/supplier-commit-changed";
        Path mapping = mappings.resolve(name + ".jsonata");
        String original = Files.readString(mapping);
        // an edit that sets the envelope's plant, whatever the mapping itself looks like
        Function<String, String> edited = plant -> "$merge([\n" + original + ",\n{\"plant\": \"" + plant + "\"}])\n";

        long before = lastSequence();
        write(mapping, edited.apply("EDITED-2"));
        awaitApplied(before, "mappings/" + name + ".jsonata");
        assertThat(plantOfCommitDroppedAtSupplierAcme()).isEqualTo("EDITED-2");

        // JSONata that does not parse: rejected, the connector keeps mapping with the version in force
        before = lastSequence();
        write(mapping, edited.apply("EDITED-3").replace("\"plant\":", "\"plant\""));
        JsonPath rejected = awaitRejection(before);
        assertThat(rejected.getString("rejections[0].file")).isEqualTo("mappings/" + name + ".jsonata");
        assertThat(rejected.getString("rejections[0].reason")).startsWith("JSONata does not compile");
        assertThat(plantOfCommitDroppedAtSupplierAcme()).isEqualTo("EDITED-2");

        // a golden test pins the version in force; an edit that breaks it is rejected just the same
        String goldenInput = """
                {"instance": "supplier-acme", "file": "commits-golden.csv", "firstLine": 2, "records": [
                 {"purchaseOrder": "4600000001", "poLine": "10", "supplier": "SUP-ACME", "item": "BRK-4711",
                  "committedQuantity": 500, "unitOfMeasure": "EA", "committedDate": "2026-12-15", "plant": "3000",
                  "confirmationType": "ACCEPT", "confirmedAt": "2026-11-27T08:15:00+01:00", "line": 2}]}""";
        Path golden = mappings.resolve("supplier-standard-csv/tests/supplier-commit-changed-golden.input.json");
        before = lastSequence();
        write(mapping, edited.apply("EDITED-2"));
        write(golden, goldenInput);
        write(golden.resolveSibling("supplier-commit-changed-golden.expected.json"), mappingRegistry.apply(name, goldenInput));
        awaitApplied(before, "mappings/supplier-standard-csv/tests/supplier-commit-changed-golden.expected.json");

        before = lastSequence();
        write(mapping, edited.apply("EDITED-4"));
        rejected = awaitRejection(before);
        assertThat(rejected.getString("rejections[0].file"))
                .isEqualTo("mappings/supplier-standard-csv/tests/supplier-commit-changed-golden.expected.json");
        assertThat(rejected.getString("rejections[0].reason")).startsWith("golden test fails");
        assertThat(plantOfCommitDroppedAtSupplierAcme()).isEqualTo("EDITED-2");
    }

    /** Drops a one-commit file into supplier-acme's drop folder and returns the plant of the event published for it. */
    static String plantOfCommitDroppedAtSupplierAcme() throws IOException {
        String po = "46" + ThreadLocalRandom.current().nextLong(10_000_000L, 99_999_999L);
        DropFiles.drop(DropFolders.root().resolve("supplier-acme/inbound"), "commits-" + po + ".csv",
                ("PO_NUMBER,PO_LINE,SUPPLIER,ITEM,COMMITTED_QTY,UOM,COMMITTED_DATE,PREVIOUS_QTY,PREVIOUS_DATE,REASON_CODE,"
                        + "PLANT,CONFIRMATION_TYPE,CONFIRMED_AT\n"
                        + po + ",10,SUP-ACME,BRK-4711,500,EA,2026-12-15,,,,3000,ACCEPT,2026-11-27T08:15:00+01:00\n")
                        .getBytes(StandardCharsets.UTF_8));
        String event = await().atMost(Duration.ofSeconds(30))
                .until(() -> KafkaProbe.records("mfgsync.supplier-commit-changed.v1", r -> po.equals(r.key())), r -> !r.isEmpty())
                .get(0).value();
        return new JsonPath(event).getString("plant");
    }

    // ---- Kafka traffic across a reload ------------------------------------------------------------

    @Test
    void reloadUnderSteadyKafkaTrafficLosesAndDuplicatesNothing() throws Exception {
        Path workflow = routes.resolve("workflows/quality-containment.camel.yaml");
        String original = Files.readString(workflow);
        String run = UUID.randomUUID().toString().substring(0, 6);
        int total = 60;
        CompletableFuture<Void> traffic = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < total; i++) {
                String lot = "L-" + run + "-" + i;
                signed().contentType(ContentType.JSON).body(inspection("IL-" + lot, lot))
                        .post("/api/v1/qms/inspection-results").then().statusCode(202);
            }
        });
        long restartsBefore = restartsOf("quality.contain-inspection");
        for (int edit = 1; edit <= 3; edit++) {
            // a changed consumer setting of the inspection route: that route (and only its definition) changes
            write(workflow, original.replace("groupId: mfgsync-quality-containment\n",
                    "groupId: mfgsync-quality-containment\n        pollTimeoutMs: \"" + (500 + edit) + "\"\n"));
            long expected = restartsBefore + edit;
            await().atMost(RELOADED).until(() -> restartsOf("quality.contain-inspection") >= expected);
        }
        traffic.get();

        Function<LoggedRequest, String> key = r -> r.getHeader("Idempotency-Key");
        await().atMost(Duration.ofSeconds(60)).until(() -> blockCalls(run).size() >= total);
        Map<String, Long> callsPerKey = blockCalls(run).stream().collect(Collectors.groupingBy(key, Collectors.counting()));
        assertThat(callsPerKey).hasSize(total);
        assertThat(callsPerKey.values()).allMatch(n -> n == 1);
    }

    // ---- admin API ------------------------------------------------------------------------------

    @Test
    void adminApiRefusesCallersWithoutTheToken() {
        given().get("/api/v1/admin/routes").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"));
        given().auth().oauth2("wrong").post("/api/v1/admin/reloads").then().statusCode(403)
                .contentType("application/problem+json").body("type", equalTo("https://mfgsync.org/problems/forbidden"));
    }

    @Test
    void reloadOnDemandIsAuditedWithWhoTriggeredIt() throws Exception {
        write(probe, probeRoute("on-demand"));
        JsonPath outcome = admin().header("X-Actor", "jane.doe").post("/api/v1/admin/reloads").then().extract().jsonPath();
        // the watcher may have been quicker; then the on-demand reload finds nothing left to do
        assertThat(outcome.getString("result")).isIn("applied", "unchanged");
        awaitProbe("on-demand");

        List<AuditLog.Entry> entries = auditLog.recent(HotReloader.AUDIT_ACTION, 1000);
        assertThat(entries).anySatisfy(e -> {
            assertThat(e.outcome()).isEqualTo("applied");
            assertThat(e.subject()).contains("routes/test/probe.camel.yaml");
            assertThat(e.details()).contains(SourceFile.sha256(probeRoute("on-demand")));
        });
        assertThat(entries).anySatisfy(e -> assertThat(e.outcome()).isEqualTo("loaded"));
        if (outcome.getString("result").equals("applied")) {
            assertThat(entries.get(0).actor()).isEqualTo("admin-api:jane.doe");
        }
    }

    // ---- helpers --------------------------------------------------------------------------------

    static String probeRoute(String answer) {
        return """
                # probe route for reload tests
                - route:
                    id: test.probe
                    from:
                      uri: platform-http:/test/probe
                      steps:
                        - setBody:
                            constant: %s
                """.formatted(answer);
    }

    static String inspection(String inspectionLot, String lot) {
        return """
                {"inspectionLot":"%s","plant":"3000","item":"BRK-4711","lot":"%s","supplier":"SUP-100",
                 "purchaseOrder":"4500004711","poLine":"10","result":"REJECTED","lotQuantity":500,
                 "sampledQuantity":50,"acceptedQuantity":42,"rejectedQuantity":8,"unitOfMeasure":"EA",
                 "defectCodes":["D-017"],"inspectedAt":"2026-11-27T08:15:00+01:00"}""".formatted(inspectionLot, lot);
    }

    List<LoggedRequest> blockCalls(String run) {
        return erp.findAll(postRequestedFor(urlEqualTo(BLOCKS))).stream()
                .filter(r -> String.valueOf(r.getHeader("Idempotency-Key")).contains("-" + run + "-")).toList();
    }

    static void awaitProbe(String answer) {
        await().atMost(RELOADED).untilAsserted(() -> given().get("/test/probe").then().statusCode(200).body(equalTo(answer)));
    }

    static io.restassured.specification.RequestSpecification admin() {
        return given().auth().oauth2(ReloadFolders.ADMIN_TOKEN);
    }

    static JsonPath reloadViaApi(int status) {
        return admin().post("/api/v1/admin/reloads").then().statusCode(status).extract().jsonPath();
    }

    static JsonPath latestReload() {
        return new JsonPath(admin().get("/api/v1/admin/reloads").then().statusCode(200).extract().asString())
                .setRootPath("reloads[0]");
    }

    static long lastSequence() {
        return admin().get("/api/v1/admin/reloads").then().extract().jsonPath().getLong("reloads[0].sequence");
    }

    /** Waits for an applied reload newer than reload number {@code after} that holds the file. */
    static JsonPath awaitApplied(long after, String file) {
        return await().atMost(RELOADED).until(HotReloadTest::latestReload, r -> r.getLong("sequence") > after
                && r.getString("result").equals("applied") && r.getList("files.file", String.class).contains(file));
    }

    /** Waits for a rejection newer than reload number {@code after}. */
    static JsonPath awaitRejection(long after) {
        return await().atMost(RELOADED).until(HotReloadTest::latestReload,
                r -> r.getLong("sequence") > after && r.getString("result").equals("rejected"));
    }

    static Map<String, Map<String, Object>> routesById() {
        List<Map<String, Object>> list = admin().get("/api/v1/admin/routes").then().statusCode(200).extract().jsonPath()
                .getList("routes");
        return list.stream().collect(Collectors.toMap(r -> String.valueOf(r.get("id")), r -> r));
    }

    static long restartsOf(String routeId) {
        List<List<String>> restarted = admin().get("/api/v1/admin/reloads").then().extract().jsonPath()
                .getList("reloads.findAll { it.result == 'applied' }.restartedRoutes");
        return restarted.stream().filter(ids -> ids.contains(routeId)).count();
    }

    static double rejectedCount() {
        String metrics = ManagementPort.given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith("mfgsync_reloads_total{") && l.contains("result=\"rejected\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> all = new ArrayList<>();
        Files.walkFileTree(root, new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes a) {
                all.add(file);
                return java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult postVisitDirectory(Path dir, IOException e) {
                all.add(dir);
                return java.nio.file.FileVisitResult.CONTINUE;
            }
        });
        for (Path p : all) {
            Files.deleteIfExists(p);
        }
    }

    /** Puts back the project's route and mapping files that a test edited in the temporary copy. */
    static final class ReloadFoldersCopy {
        static void restoreOriginalRoutes(Path copy) throws IOException {
            restore(Path.of("routes"), copy);
        }

        /** Also removes mapping and golden files a test added. */
        static void restoreOriginalMappings(Path copy) throws IOException {
            Path original = Path.of("mappings");
            try (Stream<Path> files = Files.walk(copy)) {
                for (Path added : files.filter(Files::isRegularFile).toList()) {
                    if (!Files.exists(original.resolve(copy.relativize(added).toString()))) {
                        Files.delete(added);
                    }
                }
            }
            restore(original, copy);
        }

        private static void restore(Path original, Path copy) throws IOException {
            try (Stream<Path> files = Files.walk(original)) {
                for (Path source : files.filter(Files::isRegularFile).sorted(Comparator.naturalOrder()).toList()) {
                    Path target = copy.resolve(original.relativize(source).toString());
                    if (!Files.exists(target) || Files.mismatch(source, target) != -1) {
                        Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
    }
}
