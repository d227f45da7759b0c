package org.mfgsync.connectors.flatfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.inject.Inject;

import org.apache.camel.CamelContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.mfgsync.governance.reload.HotReloader;
import org.mfgsync.governance.reload.ReloadRecord;
import org.mfgsync.testing.Archives;
import org.mfgsync.testing.DropFiles;
import org.mfgsync.testing.FtpsServer;
import org.mfgsync.testing.KafkaProbe;
import org.mfgsync.testing.ManagementPort;
import org.mfgsync.testing.Schemas;
import org.mfgsync.testing.TestStack;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The file connector template over FTPS (explicit TLS, server certificate verified) against a real FTPS server that
 * requires TLS (an instance with transport ftp and no tls setting: FTPS is the default); the same server configured as
 * plain FTP by waiver, which the server refuses with a reason readiness shows; and plain FTP without a waiver, which
 * mfgsync refuses before anything connects.
 */
@QuarkusTest
@WithTestResource(TestStack.class)
class FtpsInboundTest {

    static final String TOPIC = "mfgsync.supplier-commit-changed.v1";
    static final String HEADER = "PO_NUMBER,PO_LINE,SUPPLIER,ITEM,COMMITTED_QTY,UOM,COMMITTED_DATE,PREVIOUS_QTY,PREVIOUS_DATE,"
            + "REASON_CODE,PLANT,CONFIRMATION_TYPE,CONFIRMED_AT\n";
    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    CamelContext camel;

    @Inject
    HotReloader reloader;

    @Test
    void shouldTurnAFileDeliveredOverFtpsIntoACanonicalEvent() throws Exception {
        Path inbound = FtpsServer.root().resolve("supplier-delta/inbound");
        String po = uniquePo();
        String name = "commits-" + po + ".csv";
        DropFiles.drop(inbound, name, (HEADER + po + ",10,SUP-DELTA,VLV-0042,12,EA,2026-12-03,,,,3000,ACCEPT,"
                + "2026-11-27T10:00:00Z\n").getBytes(StandardCharsets.UTF_8));

        List<ConsumerRecord<String, String>> events = await().atMost(Duration.ofSeconds(30))
                .until(() -> KafkaProbe.records(TOPIC, r -> po.equals(r.key())), found -> !found.isEmpty());
        assertThat(events).hasSize(1);
        assertThat(Schemas.violations("supplier-commit-changed", events.get(0).value())).isEmpty();
        JsonNode event = JSON.readTree(events.get(0).value());
        assertThat(event.path("source").path("instance").asText()).isEqualTo("supplier-delta");
        assertThat(event.path("idempotencyKey").asText()).isEqualTo("supplier:SUP-DELTA:" + po + "-10-20261127100000");
        Archives.awaitDelivery(inbound.resolve(".done"), name);
        assertThat(inbound.resolve(name)).doesNotExist();
    }

    @Test
    void shouldFailClearlyWhenAPlainFtpClientMeetsTheTlsRequiredServer() throws Exception {
        Path plain = FtpsServer.root().resolve("supplier-delta/plain");
        String po = uniquePo();
        String name = "commits-" + po + ".csv";
        DropFiles.drop(plain, name, (HEADER + po + ",10,SUP-DELTA,VLV-0042,12,EA,2026-12-03,,,,3000,ACCEPT,"
                + "2026-11-27T10:00:00Z\n").getBytes(StandardCharsets.UTF_8));

        // the misconfigured instance is there only during this test (hot reload adds and removes it): its failing
        // poll makes the partners' health DOWN, never the app unready
        Path instance = FtpsServer.addPlainFtpInstance();
        try {
            // the login is refused: the partners' health names the connector and the server's answer
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    ManagementPort.given().get("/q/health/group/partners").then().statusCode(503).extract().body().asString())
                    .contains("suppliers.supplier-delta-plain-commits-in").contains(FtpsServer.TLS_REQUIRED));
            assertThat(ManagementPort.given().get("/q/health/ready").then().extract().body().asString()).startsWith("{\n    \"status\": \"UP\"")
                    .doesNotContain("suppliers.supplier-delta-plain-commits-in");
            assertThat(plain.resolve(name)).exists();
            assertThat(plain.resolve(".done")).doesNotExist();
            assertThat(KafkaProbe.records(TOPIC, r -> po.equals(r.key()))).isEmpty();
        } finally {
            Files.delete(instance);
        }
        // removed again, the instance is no longer reported
        await().atMost(Duration.ofSeconds(30)).until(() -> camel.getRoute(FtpsServer.PLAIN_ROUTE) == null);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                ManagementPort.given().get("/q/health/group/partners").then().extract().body().asString())
                .doesNotContain("suppliers.supplier-delta-plain-commits-in"));
    }

    @Test
    void shouldRefusePlainFtpWithoutAWaiverAtValidationNamingTheInstanceAndTheSetting() throws Exception {
        long before = reloader.history().stream().mapToLong(ReloadRecord::sequence).max().orElse(0);
        Path instance = FtpsServer.addUnwaivedPlainFtpInstance();
        try {
            ReloadRecord rejected = await().atMost(Duration.ofSeconds(30)).until(() -> reloader.history().stream()
                    .filter(r -> r.sequence() > before && !r.rejections().isEmpty()).findFirst().orElse(null),
                    found -> found != null);
            assertThat(rejected.result()).isEqualTo(ReloadRecord.REJECTED);
            assertThat(rejected.heldBack()).extracting(ReloadRecord.HeldBack::file)
                    .containsExactly("routes/suppliers/test-ftp-unwaived.camel.yaml");
            assertThat(rejected.rejections().get(0).reason())
                    .contains("Connector instance supplier-delta-unwaived")
                    .contains("mfgsync.connectors.endpoints.supplier-delta-unwaived.plain-ftp-waiver");
            assertThat(camel.getRoute("suppliers.supplier-delta-unwaived-commits-in")).isNull();
        } finally {
            Files.delete(instance);
        }
    }

    static String uniquePo() {
        return "48" + ThreadLocalRandom.current().nextLong(10_000_000L, 99_999_999L);
    }
}
