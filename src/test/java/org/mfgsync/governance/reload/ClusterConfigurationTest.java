package org.mfgsync.governance.reload;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.inject.Inject;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mfgsync.resilience.ClusterLeases;
import org.mfgsync.testing.KafkaProbe;
import org.mfgsync.testing.ReloadFolders;
import org.mfgsync.testing.TestStack;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Replicas and their configuration, against the running app with its state database and broker: this instance reports
 * the set it runs (API, gauge); a replica that runs another set makes the answer inconsistent; a reload another replica
 * requests on the control topic is done here; an admin reload here asks the others on the control topic.
 */
@QuarkusTest
@WithTestResource(TestStack.class)
class ClusterConfigurationTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String OTHER = "replica-elsewhere";

    @Inject
    HotReloader reloader;
    @Inject
    DataSource dataSource;
    @Inject
    MeterRegistry meters;
    @Inject
    ProducerTemplate producer;

    @AfterEach
    void forgetTheOtherReplica() throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement delete = c.prepareStatement("DELETE FROM mfgsync_instance_configuration WHERE instance = ?")) {
            delete.setString(1, OTHER);
            delete.executeUpdate();
        }
    }

    @Test
    void shouldReportTheSetThisInstanceRunsAndSayWhenAReplicaRunsAnother() throws Exception {
        String digest = reloader.runningDigest();
        JsonNode answer = await().atMost(Duration.ofSeconds(30)).until(this::configuration,
                a -> a.path("replicas").findValuesAsText("instance").contains(ClusterLeases.instance()));
        assertThat(answer.path("instance").asText()).isEqualTo(ClusterLeases.instance());
        assertThat(answer.path("digest").asText()).isEqualTo(digest);
        assertThat(answer.path("consistent").asBoolean()).isTrue();
        JsonNode self = row(answer, ClusterLeases.instance());
        assertThat(self.path("digest").asText()).isEqualTo(digest);
        assertThat(self.path("running").asBoolean()).isTrue();
        assertThat(self.path("sameAsThis").asBoolean()).isTrue();
        assertThat(meters.find("mfgsync.configuration.info").tag("digest", ClusterConfiguration.shortDigest(digest)).gauge())
                .as("the gauge names the digest").isNotNull();

        // a replica that could not apply the last change runs another set, and says why
        try (Connection c = dataSource.getConnection(); PreparedStatement insert = c.prepareStatement("INSERT INTO "
                + "mfgsync_instance_configuration (instance, digest, last_sequence, last_trigger, last_result, last_reason, "
                + "reported_at) VALUES (?, ?, 7, 'cluster', 'rejected', 'routes/x.camel.yaml (modified): broken', ?)")) {
            insert.setString(1, OTHER);
            insert.setString(2, "0".repeat(64));
            insert.setObject(3, OffsetDateTime.now(ZoneOffset.UTC));
            insert.executeUpdate();
        }
        answer = configuration();
        assertThat(answer.path("consistent").asBoolean()).isFalse();
        JsonNode other = row(answer, OTHER);
        assertThat(other.path("sameAsThis").asBoolean()).isFalse();
        assertThat(other.path("lastReload").path("result").asText()).isEqualTo("rejected");
        assertThat(other.path("lastReload").path("reason").asText()).contains("routes/x.camel.yaml");

        // without the admin token: refused like every admin call
        given().get("/api/v1/admin/configuration").then().statusCode(401);
    }

    @Test
    void shouldReloadWhenAnotherReplicaAsksAndAskTheOthersAfterAnAdminReload() throws Exception {
        long before = reloader.history().stream().mapToLong(ReloadRecord::sequence).max().orElse(0);
        // the control consumer has joined its group (from the newest record on) before the request is sent
        await().atMost(Duration.ofSeconds(30)).until(() -> "Started".equals(String.valueOf(
                reloader.routes().stream().filter(r -> "governance.cluster-reload".equals(r.get("id"))).findFirst()
                        .map(r -> r.get("state")).orElse(null))));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            producer.sendBody("kafka:" + ClusterConfiguration.CONTROL_TOPIC, JSON.writeValueAsString(Map.of("action", "reload",
                    "origin", OTHER, "actor", "ops-anna", "requestedAt", OffsetDateTime.now(ZoneOffset.UTC).toString())));
            ReloadRecord done = await().atMost(Duration.ofSeconds(5)).until(() -> reloader.history().stream()
                    .filter(r -> r.sequence() > before && ClusterConfiguration.TRIGGER.equals(r.trigger())).findFirst().orElse(null),
                    found -> found != null);
            assertThat(done.actor()).isEqualTo("ops-anna via " + OTHER);
        });

        // an admin reload here: done here, then asked of the others
        String answer = given().auth().oauth2(ReloadFolders.ADMIN_TOKEN).post("/api/v1/admin/reloads").then().statusCode(200)
                .header("X-Mfgsync-Cluster-Reload", "requested").extract().asString();
        assertThat(JSON.readTree(answer).path("trigger").asText()).isEqualTo("api");
        List<JsonNode> requests = await().atMost(Duration.ofSeconds(30)).until(() -> KafkaProbe
                .records(ClusterConfiguration.CONTROL_TOPIC, r -> r.value().contains(ClusterLeases.instance())).stream()
                .map(r -> read(r.value())).toList(), found -> !found.isEmpty());
        assertThat(requests.get(requests.size() - 1).path("action").asText()).isEqualTo("reload");
        assertThat(requests.get(requests.size() - 1).path("origin").asText()).isEqualTo(ClusterLeases.instance());
        // its own request is not done twice here
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> reloader.history().stream()
                .filter(r -> ClusterConfiguration.TRIGGER.equals(r.trigger()) && r.actor().contains(ClusterLeases.instance()))
                .findAny().isEmpty());
    }

    JsonNode configuration() throws Exception {
        return JSON.readTree(given().auth().oauth2(ReloadFolders.ADMIN_TOKEN).get("/api/v1/admin/configuration").then()
                .statusCode(200).extract().asString());
    }

    static JsonNode row(JsonNode answer, String instance) {
        for (JsonNode row : answer.path("replicas")) {
            if (row.path("instance").asText().equals(instance)) {
                return row;
            }
        }
        throw new AssertionError("no replica " + instance + " in " + answer);
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
