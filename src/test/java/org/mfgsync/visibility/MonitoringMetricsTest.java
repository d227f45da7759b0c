package org.mfgsync.visibility;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.mfgsync.testing.SignedWebhooks.signed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.mfgsync.testing.ErpSimulator;
import org.mfgsync.testing.ManagementPort;
import org.mfgsync.testing.TestStack;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/**
 * The alert rules and the Grafana dashboard in k8s/monitoring name only metrics the app exposes: every metric name in
 * their expressions is a family on /q/metrics of the running app (after one containment flow, so the per-route and
 * HTTP families exist), or one of the few families that appear with their first event, each named by the app's code.
 */
@QuarkusTest
@WithTestResource(TestStack.class)
class MonitoringMetricsTest {

    static final Path RULES = Path.of("k8s/monitoring/prometheusrule.yaml");
    static final Path DASHBOARD = Path.of("k8s/monitoring/mfgsync-dashboard.json");
    /** The app's own metric families and the library families the rules and dashboard use. */
    static final Pattern METRIC = Pattern.compile("\\b((?:mfgsync|camel|http_server|jvm|process)_[a-z0-9_]+)\\b");
    static final Pattern EXPR_LINE = Pattern.compile("^\\s*expr:\\s*(.+)$", Pattern.MULTILINE);
    static final Pattern TYPE_LINE = Pattern.compile("^# TYPE (\\S+) (\\S+)$", Pattern.MULTILINE);
    /** Families that exist from their first event on (a counter per step label), with the dotted name their code registers. */
    static final Map<String, String> FIRST_EVENT_FAMILIES = Map.of("mfgsync_claims_lost_total", "mfgsync.claims.lost",
            "mfgsync_duplicates_suppressed_total", "mfgsync.duplicates.suppressed",
            "mfgsync_kpi_target_failure_ratio", "mfgsync.kpi.target.failure.ratio");

    @Test
    void everyMetricTheAlertsAndTheDashboardNameIsExposed() throws IOException {
        Set<String> named = new TreeSet<>();
        named.addAll(metricsIn(alertExpressions()));
        named.addAll(metricsIn(dashboardExpressions()));
        assertThat(named).as("the rules and the dashboard were read").contains("mfgsync_target_held_seconds",
                "mfgsync_sla_breaches_open", "mfgsync_workflow_steps_total", "camel_exchanges_failed_total");

        oneContainment();
        Set<String> exposed = await().atMost(Duration.ofSeconds(30)).until(MonitoringMetricsTest::exposedSeries,
                series -> series.contains("mfgsync_workflow_steps_total") && series.contains("http_server_requests_seconds_count"));

        for (String metric : named) {
            if (FIRST_EVENT_FAMILIES.containsKey(metric)) {
                assertThat(sourceOfMain()).as(metric + " is registered by the app's code")
                        .contains('"' + FIRST_EVENT_FAMILIES.get(metric) + '"');
            } else {
                assertThat(exposed).as(metric + " (named in k8s/monitoring) on /q/metrics").contains(metric);
            }
        }
    }

    @Test
    void shouldServeHealthAndMetricsOnTheManagementPortOnly() {
        assertThat(ManagementPort.root().getPort()).as("the management port is not the API port")
                .isNotEqualTo(RestAssured.port);
        ManagementPort.given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        ManagementPort.given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        ManagementPort.given().get("/q/health/started").then().statusCode(200).body("status", equalTo("UP"));
        ManagementPort.given().get("/q/health").then().statusCode(anyOf(is(200), is(503))).body("status", notNullValue());
        // 503 while a partner's server is down (another test may have taken one down): the group answers either way
        ManagementPort.given().get("/q/health/group/partners").then().statusCode(anyOf(is(200), is(503)))
                .body("checks.name", hasItem("Partner connections"));
        assertThat(ManagementPort.given().get("/q/metrics").then().statusCode(200).extract().asString())
                .contains("# TYPE mfgsync_target_held_seconds gauge");

        // the main port keeps the APIs and the dashboard, and has neither health nor metrics
        for (String path : List.of("/q/health", "/q/health/ready", "/q/health/live", "/q/health/started",
                "/q/health/well", "/q/health/group/partners", "/q/metrics")) {
            given().get(path).then().statusCode(404);
        }
        given().get("/ui/").then().statusCode(200);
        given().get("/api/v1/targets").then().statusCode(401);
    }

    @Test
    void everyConfiguredTargetReportsItsHoldMetricsBeforeItsFirstFailure() {
        String metrics = ManagementPort.given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String target : new String[] { "erp-cloud", "qms-cloud", "supplier-acme" }) {
            assertThat(metrics).contains("mfgsync_target_held_seconds{target=\"" + target + "\"}")
                    .contains("mfgsync_target_hold_rounds_total{target=\"" + target + "\"}");
        }
        assertThat(metrics).contains("mfgsync_trace_dropped_total").contains("mfgsync_sla_breaches_total{kind=\"containment-not-blocked\"");
    }

    static Set<String> metricsIn(Stream<String> expressions) {
        Set<String> names = new TreeSet<>();
        expressions.forEach(expr -> {
            Matcher m = METRIC.matcher(expr);
            while (m.find()) {
                names.add(m.group(1));
            }
        });
        return names;
    }

    static Stream<String> alertExpressions() throws IOException {
        Matcher m = EXPR_LINE.matcher(Files.readString(RULES));
        Stream.Builder<String> exprs = Stream.builder();
        while (m.find()) {
            exprs.add(m.group(1));
        }
        return exprs.build();
    }

    static Stream<String> dashboardExpressions() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        return dashboard.findValues("expr").stream().map(JsonNode::asText);
    }

    /** Every series name /q/metrics can show: each family's own name and, per its type, the suffixed sample names. */
    static Set<String> exposedSeries() {
        String metrics = ManagementPort.given().get("/q/metrics").then().statusCode(200).extract().asString();
        Set<String> series = new TreeSet<>();
        Matcher m = TYPE_LINE.matcher(metrics);
        while (m.find()) {
            String family = m.group(1);
            series.add(family);
            switch (m.group(2)) {
                case "counter" -> series.add(family.endsWith("_total") ? family : family + "_total");
                case "summary", "histogram" -> {
                    series.add(family + "_count");
                    series.add(family + "_sum");
                    series.add(family + "_bucket");
                }
                default -> { }
            }
        }
        return series;
    }

    /** One rejected lot contained end to end (the test waits for its last step, so no call of it reaches a later test). */
    static void oneContainment() {
        String lot = "L-MON-" + UUID.randomUUID().toString().substring(0, 6);
        String correlationId = "corr-monitoring-" + lot;
        ErpSimulator.server().stubFor(post(urlEqualTo("/api/v1/stock-blocks"))
                .withRequestBody(matchingJsonPath("$.lot", WireMock.equalTo(lot))).willReturn(aResponse().withStatus(201)));
        signed().contentType(ContentType.JSON).header("X-Correlation-Id", correlationId).body("""
                {"inspectionLot":"IL-%s","plant":"3000","item":"BRK-4711","lot":"%s","supplier":"SUP-100",
                 "result":"REJECTED","lotQuantity":500,"unitOfMeasure":"EA","defectCodes":["D-017"],
                 "inspectedAt":"%s"}""".formatted(lot, lot, OffsetDateTime.now(ZoneOffset.UTC)))
                .post("/api/v1/qms/inspection-results").then().statusCode(202);
        await().atMost(Duration.ofSeconds(60)).until(() -> given().header("Authorization", "Bearer test-admin-token")
                .get("/api/v1/traces/" + correlationId).then().extract().asString(),
                trace -> trace.contains("\"erp-blocked\"") && trace.contains("\"procurement-notified\""));
    }

    static String sourceOfMain() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            return files.filter(p -> p.toString().endsWith(".java")).map(p -> {
                try {
                    return Files.readString(p);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).collect(Collectors.joining("\n"));
        }
    }
}
