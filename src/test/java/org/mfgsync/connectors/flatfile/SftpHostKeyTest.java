package org.mfgsync.connectors.flatfile;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mfgsync.testing.Archives;
import org.mfgsync.testing.CapturedLogs;
import org.mfgsync.testing.DropFiles;
import org.mfgsync.testing.KafkaProbe;
import org.mfgsync.testing.ManagementPort;
import org.mfgsync.testing.SftpServer;
import org.mfgsync.testing.TestStack;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/**
 * erp-legacy-a's SFTP connection as configured by typed settings only: the connector logs in with its encrypted private
 * key (the test server takes no password at all) and checks the server's host key strictly against its known-hosts
 * file; a server presenting another host key gets nothing: the file stays on the server, one clear error is logged,
 * the partners' health (and the dashboard's partner connections) name the connector while readiness stays UP, and the
 * file is taken once the right server is back.
 */
@QuarkusTest
@WithTestResource(TestStack.class)
class SftpHostKeyTest {

    static final String TOPIC = "mfgsync.purchase-order-changed.v1";
    static final String HEADER = "PO_NUMBER;REVISION;ACTION;PLANT;VENDOR;PO_LINE;MATERIAL;QUANTITY;UOM;DELIVERY_DATE;NET_PRICE;CURRENCY\n";
    static final String ROUTE = "erp.erp-legacy-a.purchase-orders-in";

    final Path outbound = SftpServer.root().resolve("outbound");
    final CapturedLogs log = new CapturedLogs("org.mfgsync.connectors");
    final List<LogRecord> logged = log.records();

    @BeforeEach
    void captureLog() {
        log.start();
    }

    @AfterEach
    void releaseLog() {
        log.stop();
    }

    @Test
    void shouldTakeAFileLoggedInByKeyWithTheHostKeyChecked() {
        String po = uniquePo();
        String name = "PO_" + po + ".csv";
        DropFiles.drop(outbound, name, csv(po));

        assertThat(awaitEvents(po)).hasSize(1);
        Archives.awaitDelivery(outbound.resolve(".done"), name);
        // the connector keeps its session between polls, so the login may be older than this file
        assertThat(SftpServer.keyLogins()).as("logins by the connector's key (the server takes nothing else)")
                .isPositive();
    }

    @Test
    void shouldTakeNothingFromAServerWhoseHostKeyChanged() throws Exception {
        String po = uniquePo();
        String name = "PO_" + po + ".csv";
        SftpServer.restartWithAnotherHostKey();
        try {
            DropFiles.drop(outbound, name, csv(po));

            LogRecord error = await().atMost(Duration.ofSeconds(30)).until(() -> logged.stream()
                    .filter(r -> r.getLevel().intValue() >= Level.SEVERE.intValue() && refusedHere(r))
                    .findFirst().orElse(null), found -> found != null);
            assertThat(text(error)).contains("server=sftp://127.0.0.1:").contains("HostKey has been changed")
                    .contains("known-hosts-file").doesNotContain("passphrase").doesNotContain(SftpServer.KEY_PASSPHRASE);
            assertThat(error.getThrown()).as("an expected failure: no stack trace").isNull();
            // the partner's health names the connector; readiness stays UP (webhooks and other flows go on)
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    ManagementPort.given().get("/q/health/group/partners").then().statusCode(503).extract().body().asString())
                    .contains(ROUTE).contains("DOWN"));
            assertThat(ManagementPort.given().get("/q/health/ready").then().extract().body().asString()).startsWith("{\n    \"status\": \"UP\"")
                    .doesNotContain(ROUTE);
            // the dashboard's API on the main port (health is on the management port only) says the same
            admin().get("/api/v1/partner-connections").then().statusCode(200).body("status", equalTo("DOWN"),
                    connection("state"), equalTo("DOWN"), connection("detail"), not(emptyOrNullString()));
            given().get("/api/v1/partner-connections").then().statusCode(401);
            assertThat(ManagementPort.given().get("/q/metrics").then().extract().body().asString())
                    .contains("mfgsync_partner_connection_up{route=\"" + ROUTE + "\"} 0.0");
            // several polls later the file is still on the server, untouched, and nothing was published
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                    .until(() -> Files.exists(outbound.resolve(name)) && Archives.deliveries(outbound.resolve(".done"), name).isEmpty());
            assertThat(KafkaProbe.records(TOPIC, r -> po.equals(r.key()))).isEmpty();
            assertThat(logged.stream().filter(SftpHostKeyTest::refusedHere).count())
                    .as("logged once, not at every poll").isEqualTo(1);
        } finally {
            SftpServer.takeDown();
            SftpServer.restart();
        }
        // the server with its recorded key is back: the same file is taken as it was
        assertThat(awaitEvents(po)).hasSize(1);
        Archives.awaitDelivery(outbound.resolve(".done"), name);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                ManagementPort.given().get("/q/health/group/partners").then().statusCode(200).extract().body().asString())
                .contains(ROUTE));
        admin().get("/api/v1/partner-connections").then().statusCode(200).body(connection("state"), equalTo("UP"));
    }

    /** A field of this test's route in the answer of GET /api/v1/partner-connections. */
    private static String connection(String field) {
        return "connections.find { it.route == '" + ROUTE + "' }." + field;
    }

    private static RequestSpecification admin() {
        return given().header("Authorization", "Bearer test-admin-token");
    }

    /** The refusal line of erp-legacy-a's purchase order folder (the other instances on this server have their own). */
    private static boolean refusedHere(LogRecord record) {
        String text = text(record);
        return text.startsWith("SFTP host key refused") && text.contains("/outbound reason=");
    }

    private static byte[] csv(String po) {
        return (HEADER + po + ";0;N;3000;SUP-100;10;BRK-4711;500;EA;20261215;12.50;EUR\n").getBytes(StandardCharsets.UTF_8);
    }

    private static List<ConsumerRecord<String, String>> awaitEvents(String po) {
        return await().atMost(Duration.ofSeconds(30))
                .until(() -> KafkaProbe.records(TOPIC, r -> po.equals(r.key())), found -> !found.isEmpty());
    }

    private static String uniquePo() {
        return "46" + ThreadLocalRandom.current().nextLong(10_000_000L, 99_999_999L);
    }

    private static String text(LogRecord record) {
        Object[] parameters = record.getParameters();
        String message = record.getMessage();
        if (parameters == null || parameters.length == 0) {
            return message;
        }
        return message.contains("%") ? String.format(message, parameters)
                : java.text.MessageFormat.format(message, parameters);
    }
}
