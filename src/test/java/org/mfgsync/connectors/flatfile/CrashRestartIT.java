package org.mfgsync.connectors.flatfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mfgsync.testing.Archives;
import org.mfgsync.testing.IdempotencyKeyCollector;
import org.mfgsync.testing.KafkaBroker;
import org.mfgsync.testing.PackagedApp;

/**
 * "The app stopped abruptly in the middle of a file and restarted" (issue #5), against the packaged app
 * ({@code target/quarkus-app/quarkus-run.jar}, run by {@code mvn verify} after {@code package}) as a separate process
 * with a real Kafka broker and a drop folder: a big commit file is dropped, the process is killed with SIGKILL while
 * the file's events are being published, and started again. Every event of the file must then be on Kafka at least
 * once, with exactly the file's idempotency keys (a consumer that drops repeats by key sees each commit once), and the
 * input must be in {@code .done/} exactly once — not in {@code .error/}, not left behind, not taken for a duplicate.
 */
class CrashRestartIT {

    static final String TOPIC = "mfgsync.supplier-commit-changed.v1";
    static final int RECORDS = 4000;

    static KafkaBroker kafka = new KafkaBroker();
    static Path work;
    static Path inbound;
    static Map<String, String> kafkaConfig;
    /** Every record of the topic so far, its event read once. */
    static IdempotencyKeyCollector published;
    Process app;

    @AfterEach
    void stopApp() throws InterruptedException {
        if (app != null && app.isAlive()) {
            app.destroyForcibly().waitFor();
        }
    }

    @BeforeAll
    static void startBrokerAndCollector() throws IOException {
        kafkaConfig = kafka.start();
        work = Files.createTempDirectory("mfgsync-crash-");
        inbound = Files.createDirectories(work.resolve("drop/supplier-acme/inbound"));
        published = new IdempotencyKeyCollector(kafkaConfig.get("kafka.bootstrap.servers"), TOPIC);
    }

    @AfterAll
    static void stopBroker() throws InterruptedException {
        published.close();
        kafka.stop();
    }

    @Test
    void shouldPublishEveryEventOfAFileInterruptedBySigkillAfterTheRestart() throws Exception {
        String poPrefix = "451" + (System.nanoTime() % 1_000_000);
        StringBuilder file = new StringBuilder("PO_NUMBER,PO_LINE,SUPPLIER,ITEM,COMMITTED_QTY,UOM,COMMITTED_DATE,PREVIOUS_QTY,"
                + "PREVIOUS_DATE,REASON_CODE,PLANT,CONFIRMATION_TYPE,CONFIRMED_AT\n");
        Set<String> expectedKeys = new HashSet<>();
        for (int i = 0; i < RECORDS; i++) {
            String po = poPrefix + String.format("%04d", i / 10);
            String line = String.valueOf((i % 10 + 1) * 10);
            file.append(po).append(',').append(line).append(",SUP-CRASH,BRK-4711,5,EA,2026-12-15,,,,3000,ACCEPT,2026-11-27T08:15:00Z\n");
            expectedKeys.add("supplier:SUP-CRASH:" + po + "-" + line + "-20261127081500");
        }
        String name = "commits-crash-" + poPrefix + ".csv";
        Path temp = inbound.resolve(name + ".part");
        Files.writeString(temp, file);

        PackagedApp.Ports ports = PackagedApp.Ports.free();
        app = start(ports);
        awaitLive(ports);
        Files.move(temp, inbound.resolve(name));

        // killed once a part, not all, of the file is on Kafka
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(20))
                .until(() -> keysOf(poPrefix).size() >= RECORDS / 10);
        app.destroyForcibly().waitFor();
        int publishedBeforeKill = keysOf(poPrefix).size();
        assertThat(publishedBeforeKill).as("killed in the middle of the file").isLessThan(RECORDS);
        assertThat(inbound.resolve(name)).as("the input is still there after the kill").exists();

        app = start(ports);
        awaitLive(ports);
        await().atMost(Duration.ofMinutes(5)).until(() -> Archives.delivery(inbound.resolve(".done"), name) != null);
        await().atMost(Duration.ofMinutes(1)).until(() -> keysOf(poPrefix).size() >= RECORDS);

        assertThat(keysOf(poPrefix)).as("every commit of the file at least once, and nothing else")
                .containsExactlyInAnyOrderElementsOf(expectedKeys);
        assertThat(inbound.resolve(name)).doesNotExist();
        assertThat(Archives.deliveries(inbound.resolve(".error"), name)).isEmpty();
        try (Stream<Path> done = Files.list(inbound.resolve(".done"))) {
            assertThat(done.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("commits-crash-" + poPrefix)))
                    .containsExactly(Archives.delivery(inbound.resolve(".done"), name).getFileName().toString());
        }
        assertThat(Files.readString(Archives.delivery(inbound.resolve(".done"), name))).isEqualTo(file.toString());
        long events = published.recordsOf(poPrefix);
        System.out.printf("crash-restart: %d of %d events published before SIGKILL, %d events in all after the restart%n",
                publishedBeforeKill, RECORDS, events);
        // done: a graceful stop would wait up to its 15 s timeout for the supplier-commit workflow, still dead-lettering
        // the test's commits (their POs are in no book)
        app.destroyForcibly().waitFor();
    }

    /** The distinct idempotency keys seen so far of the file's events. */
    static Set<String> keysOf(String poPrefix) {
        return published.keysOf(poPrefix);
    }

    Process start(PackagedApp.Ports ports) throws IOException {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("kafka.bootstrap.servers", kafkaConfig.get("kafka.bootstrap.servers"));
        settings.put("mfgsync.connectors.endpoints.supplier-acme.enabled", "true");
        settings.put("mfgsync.connectors.endpoints.supplier-acme.location", work.resolve("drop/supplier-acme").toString());
        settings.put("mfgsync.connectors.endpoints.supplier-acme.poll-delay", "300");
        // the file is complete before it is moved into the folder: the test profile's minimum age, not the shipped 30 s
        settings.put("mfgsync.connectors.endpoints.supplier-acme.intake.stable-for", "1s");
        // a claim orphaned by the kill is taken over after this long: longer than the restart, so that the restarted
        // app first finds the file claimed and leaves it, then takes it over
        settings.put("mfgsync.resilience.idempotency.lease-millis", "30000");
        return PackagedApp.start("crash-restart-it", ports, work, settings);
    }

    void awaitLive(PackagedApp.Ports ports) {
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
            assertThat(app.isAlive()).as("the app is running").isTrue();
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(ports.management("/q/health/live")).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return response.statusCode() == 200;
        });
    }
}
