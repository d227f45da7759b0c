package org.mfgsync.visibility;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.fail;
import static org.mfgsync.testing.SignedWebhooks.signed;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.mfgsync.testing.ErpSimulator;
import org.mfgsync.testing.TestStack;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * The operations dashboard ({@code /ui}) in a real browser: Debian's chromium driven by playwright-core
 * ({@code src/test/ui/dashboard.spec.mjs}, {@code npm ci} in that folder). Two stock blocks of one PO are refused by
 * the ERP and become exceptions; the cause is fixed; the script finds the PO, opens its timeline, replays one exception
 * and sees it delivered, bulk-replays the other after a dry run, and takes screenshots of the main pages (to
 * {@code target/ui-screenshots}, or {@code -Dui.screenshots=docs/screenshots} to refresh the README's).
 * <p>
 * Without chromium, node or {@code node_modules} the test is skipped on a developer machine and FAILS on CI
 * ({@code CI=true}), so CI cannot pass without running it.
 */
@QuarkusTest
@WithTestResource(TestStack.class)
class DashboardBrowserTest {

    static final String TOKEN = "test-admin-token";
    static final String BLOCKS = "/api/v1/stock-blocks";
    static final Path UI_TESTS = Path.of("src/test/ui");
    static final Path SCRIPT = UI_TESTS.resolve("dashboard.spec.mjs");
    static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL app;

    WireMockServer erp = ErpSimulator.server();

    @Test
    void staticPagesAreServedAndHoldNoData() {
        given().get("/ui/").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("mfgsync operations"));
        given().get("/ui/dashboard.js").then().statusCode(200).body(containsString("sessionStorage"));
        given().get("/ui").then().statusCode(200).body(containsString("mfgsync operations"))
                .header("Content-Security-Policy", containsString("default-src 'none'"));
        given().get("/ui/dashboard.css").then().statusCode(200).contentType(containsString("text/css"));
        // only the dashboard's own files, and no catch-all: an unknown path is still 404 for every method
        given().get("/ui/application.properties").then().statusCode(404);
        given().get("/ui/../application.properties").then().statusCode(404);
        given().post("/no/such/api").then().statusCode(404);
        // the replay job API needs the admin token like every admin API
        given().contentType(ContentType.JSON).body("{\"purchaseOrder\":\"1\"}").post("/api/v1/replay-jobs/dry-run").then()
                .statusCode(401);
    }

    @Test
    void operatorFindsAPoOpensItsTimelineReplaysAnExceptionAndSeesItDelivered() throws Exception {
        Path node = executable("node");
        Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
        List<String> missing = new ArrayList<>();
        if (node == null) {
            missing.add("node (apt-get install -y nodejs npm)");
        }
        if (!Files.isExecutable(chromium)) {
            missing.add(chromium + " (apt-get install -y chromium)");
        }
        if (!Files.isDirectory(UI_TESTS.resolve("node_modules/playwright-core"))) {
            missing.add(UI_TESTS + "/node_modules (npm ci in " + UI_TESTS + ")");
        }
        if (!missing.isEmpty()) {
            String message = "The dashboard browser test needs " + String.join(", ", missing);
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message + "; on CI it must run, not be skipped (.ci/run installs them)");
            }
            Assumptions.abort(message);
        }

        // two refused stock blocks of one PO: two OPEN exceptions; then the cause is fixed
        String po = uniquePo();
        String first = uniqueLot();
        String second = uniqueLot();
        String correlationId = "corr-ui-" + first;
        StubMapping r1 = refuse(first);
        StubMapping r2 = refuse(second);
        try {
            postInspection(first, po, correlationId);
            postInspection(second, po, "corr-ui-" + second);
            String firstId = awaitOpenException(first);
            String secondId = awaitOpenException(second);
            erp.removeStub(r1);
            erp.removeStub(r2);

            Path screenshots = Path.of(System.getProperty("ui.screenshots", "target/ui-screenshots"));
            ProcessBuilder script = new ProcessBuilder(node.toString(), SCRIPT.getFileName().toString())
                    .directory(UI_TESTS.toFile()).redirectErrorStream(true);
            Map<String, String> env = script.environment();
            env.put("MFGSYNC_URL", app.toString());
            env.put("MFGSYNC_TOKEN", TOKEN);
            env.put("MFGSYNC_PO", po);
            env.put("MFGSYNC_CORRELATION_ID", correlationId);
            env.put("MFGSYNC_EXCEPTION_ID", firstId);
            env.put("SCREENSHOTS", screenshots.toAbsolutePath().toString());
            env.put("CHROMIUM", chromium.toString());
            Path log = Files.createTempFile("dashboard-browser-", ".log");
            script.redirectOutput(log.toFile());
            Process process = script.start();
            boolean ended = process.waitFor(150, TimeUnit.SECONDS);
            if (!ended) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            Files.deleteIfExists(log);
            if (!ended || process.exitValue() != 0) {
                fail("The dashboard browser script " + (ended ? "failed (exit " + process.exitValue() + ")" : "timed out")
                        + ":\n" + output);
            }

            // what the browser did, seen from the server: both delivered once more, each exactly once
            admin().get("/api/v1/exceptions/" + firstId).then().body("status", equalTo("RESOLVED"));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> admin().get("/api/v1/exceptions/" + secondId).then()
                    .body("status", equalTo("RESOLVED")));
            assertThat(blockCalls(first)).isEqualTo(2);
            assertThat(blockCalls(second)).isEqualTo(2);
            assertThat(Files.list(screenshots).map(p -> p.getFileName().toString()))
                    .contains("flows.png", "exceptions.png", "bulk-replay-dry-run.png", "held-work.png", "sla.png", "kpis.png");
        } finally {
            erp.removeStub(r1);
            erp.removeStub(r2);
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    static Path executable(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + TOKEN);
    }

    StubMapping refuse(String lot) {
        erp.stubFor(post(urlEqualTo(BLOCKS)).atPriority(10).willReturn(aResponse().withStatus(201)));
        return erp.stubFor(post(urlEqualTo(BLOCKS)).atPriority(1).withRequestBody(equalToJson("{\"lot\":\"" + lot + "\"}", true, true))
                .willReturn(aResponse().withStatus(422).withBody("{\"error\":\"unknown batch\"}")));
    }

    int blockCalls(String lot) {
        return erp.findAll(postRequestedFor(urlEqualTo(BLOCKS)).withHeader("Idempotency-Key",
                WireMock.equalTo("qms:3000:IL-" + lot + ":REJECTED"))).size();
    }

    static void postInspection(String lot, String po, String correlationId) {
        signed().contentType(ContentType.JSON).header("X-Correlation-Id", correlationId).body("""
                {"inspectionLot":"IL-%s","plant":"3000","item":"BRK-4711","lot":"%s","supplier":"SUP-100",
                 "purchaseOrder":"%s","poLine":"10","result":"REJECTED","lotQuantity":500,
                 "sampledQuantity":50,"acceptedQuantity":42,"rejectedQuantity":8,"unitOfMeasure":"EA",
                 "defectCodes":["D-017"],"inspectedAt":"2026-11-27T08:15:00+01:00"}""".formatted(lot, lot, po))
                .post("/api/v1/qms/inspection-results").then().statusCode(202);
    }

    static String awaitOpenException(String lot) throws IOException {
        String body = await().atMost(Duration.ofSeconds(30)).until(() -> admin().queryParam("lot", lot)
                .queryParam("status", "OPEN").get("/api/v1/exceptions").then().statusCode(200).extract().asString(),
                json -> countOf(json) == 1);
        JsonNode listed = JSON.readTree(body).path("exceptions").get(0);
        return listed.path("id").asText();
    }

    static int countOf(String json) {
        try {
            return JSON.readTree(json).path("count").asInt();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String uniqueLot() {
        return "L-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String uniquePo() {
        return "45" + String.format("%08d", Math.abs(UUID.randomUUID().getMostSignificantBits() % 100_000_000L));
    }
}
