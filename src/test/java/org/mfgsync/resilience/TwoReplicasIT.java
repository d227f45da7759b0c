package org.mfgsync.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mfgsync.testing.Archives;
import org.mfgsync.testing.DropFiles;
import org.mfgsync.testing.IdempotencyKeyCollector;
import org.mfgsync.testing.KafkaBroker;
import org.mfgsync.testing.PackagedApp;

/**
 * Two replicas of the packaged app ({@code target/quarkus-app}) on one Kafka broker, one state database (an H2 server,
 * as a PostgreSQL would be shared) and one partner drop folder:
 * <ul>
 * <li>the consumer groups share the partitions of a topic between the two;</li>
 * <li>exactly one of them (the leader) polls the folder: every file is taken once, by the leader, and each commit is
 * published once;</li>
 * <li>the leader is killed (SIGKILL) in the middle of a big file: the other takes over the leader-only work within
 * 15 s, finishes the file, and every commit of it is on Kafka with exactly the file's idempotency keys, the file in
 * {@code .done} once and nothing in {@code .error}.</li>
 * </ul>
 */
class TwoReplicasIT {

    static final String TOPIC = "mfgsync.supplier-commit-changed.v1";
    static final String HEADER = "PO_NUMBER,PO_LINE,SUPPLIER,ITEM,COMMITTED_QTY,UOM,COMMITTED_DATE,PREVIOUS_QTY,PREVIOUS_DATE,"
            + "REASON_CODE,PLANT,CONFIRMATION_TYPE,CONFIRMED_AT\n";

    static KafkaBroker kafka = new KafkaBroker();
    static Map<String, String> kafkaConfig;
    static Server database;
    static Path work;
    static Path inbound;
    static IdempotencyKeyCollector published;
    static final Map<String, Process> apps = new HashMap<>();

    @BeforeAll
    static void startSharedParts() throws Exception {
        kafkaConfig = kafka.start();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaConfig.get("kafka.bootstrap.servers")))) {
            // partitions to share: the test broker's default is one per topic
            admin.createTopics(List.of(new NewTopic(TOPIC, 4, (short) 1))).all().get();
        }
        work = Files.createTempDirectory("mfgsync-two-replicas-");
        inbound = Files.createDirectories(work.resolve("drop/supplier-acme/inbound"));
        database = Server.createTcpServer("-tcpPort", "0", "-baseDir", work.resolve("state").toString(), "-ifNotExists").start();
        published = new IdempotencyKeyCollector(kafkaConfig.get("kafka.bootstrap.servers"), TOPIC);
    }

    @AfterAll
    static void stopSharedParts() throws InterruptedException {
        for (Process app : apps.values()) {
            app.destroyForcibly().waitFor();
        }
        published.close();
        database.stop();
        kafka.stop();
    }

    @Test
    void shouldShareTheWorkTakeEachFileOnceAndHandTheLeaderOnlyWorkOverWhenTheLeaderIsKilled() throws Exception {
        PackagedApp.Ports portA = PackagedApp.Ports.free();
        PackagedApp.Ports portB = PackagedApp.Ports.free();
        start("two-replicas-a", portA);
        awaitLive("two-replicas-a", portA); // the first one migrates the shared database
        start("two-replicas-b", portB);
        awaitLive("two-replicas-b", portB);

        String leader = await().atMost(Duration.ofSeconds(30)).until(TwoReplicasIT::leader, found -> found != null);
        String follower = leader.equals("two-replicas-a") ? "two-replicas-b" : "two-replicas-a";

        // the consumer group of the supplier commit workflow shares the topic's partitions between the two
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaConfig.get("kafka.bootstrap.servers")))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                ConsumerGroupDescription group = admin.describeConsumerGroups(List.of("mfgsync-supplier-commit")).all().get()
                        .get("mfgsync-supplier-commit");
                return group.members().size() == 2
                        && group.members().stream().map(MemberDescription::assignment).allMatch(a -> !a.topicPartitions().isEmpty());
            });
        }

        // small files: each taken once, by the leader, each commit published once
        String batch = "461" + (System.nanoTime() % 100_000);
        Set<String> expected = new HashSet<>();
        for (int f = 0; f < 8; f++) {
            String prefix = batch + String.format("%02d", f);
            CommitFile small = CommitFile.of(prefix, 5);
            expected.addAll(small.keys());
            DropFiles.drop(inbound, "commits-2r-" + prefix + ".csv", small.content().getBytes());
        }
        await().atMost(Duration.ofMinutes(2)).until(() -> keysOf(batch).size() >= expected.size());
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> recordsOf(batch) == expected.size());
        assertThat(keysOf(batch)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(Files.readString(PackagedApp.log(leader))).contains("File processed instance=supplier-acme file=commits-2r-" + batch);
        assertThat(Files.readAllLines(PackagedApp.log(follower))).as("the follower polls no folder")
                .noneMatch(line -> line.contains("commits-2r-" + batch) && (line.contains("File processed") || line.contains("Published event=")));

        // a big file: the leader is killed in its middle, the follower takes over and finishes it
        String big = "462" + (System.nanoTime() % 100_000);
        CommitFile bigFile = CommitFile.of(big, 3000);
        Set<String> bigExpected = bigFile.keys();
        String name = "commits-2r-big-" + big + ".csv";
        DropFiles.drop(inbound, name, bigFile.content().getBytes());
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20)).until(() -> keysOf(big).size() >= 300);
        apps.get(leader).destroyForcibly().waitFor();
        long killedAt = System.nanoTime();
        assertThat(keysOf(big).size()).as("killed in the middle of the file").isLessThan(bigExpected.size());

        await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(PackagedApp.log(follower))
                .contains("Leadership taken namespace=" + LeaderOnlyRoutes.NAMESPACE));
        Duration takeover = Duration.ofNanos(System.nanoTime() - killedAt);
        System.out.printf("two-replicas: the follower took the leader-only work over %d ms after the leader's SIGKILL%n",
                takeover.toMillis());
        assertThat(takeover).as("takeover after the leader's SIGKILL").isLessThan(Duration.ofSeconds(15));

        await().atMost(Duration.ofMinutes(3)).until(() -> Archives.delivery(inbound.resolve(".done"), name) != null);
        await().atMost(Duration.ofMinutes(1)).until(() -> keysOf(big).size() >= bigExpected.size());
        assertThat(keysOf(big)).as("every commit of the file at least once, and nothing else")
                .containsExactlyInAnyOrderElementsOf(bigExpected);
        assertThat(Archives.deliveries(inbound.resolve(".error"), name)).isEmpty();
        try (Stream<Path> done = Files.list(inbound.resolve(".done"))) {
            assertThat(done.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("commits-2r-big-" + big))).hasSize(1);
        }
        assertThat(keysOf(batch)).as("the small files' commits are not published again").hasSize(expected.size());
        assertThat(recordsOf(batch)).isEqualTo(expected.size());

        // the killed replica ("leader" above) comes back as a follower; the replica leading now ("follower" above) is then
        // stopped gracefully (SIGTERM) in the middle of a file: it leaves its consumer groups, gives its lease up and releases its unfinished claims, so the other
        // takes over at once and finishes the file without waiting for any lease
        long logBefore = Files.size(PackagedApp.log(leader));
        start(leader, leader.equals("two-replicas-a") ? portA : portB, true);
        awaitLive(leader, leader.equals("two-replicas-a") ? portA : portB);
        String third = "463" + (System.nanoTime() % 100_000);
        CommitFile thirdFile = CommitFile.of(third, 3000);
        Set<String> thirdExpected = thirdFile.keys();
        String thirdName = "commits-2r-stop-" + third + ".csv";
        DropFiles.drop(inbound, thirdName, thirdFile.content().getBytes());
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20)).until(() -> keysOf(third).size() >= 300);
        apps.get(follower).destroy(); // SIGTERM: a graceful stop
        long stoppedAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(30)).until(() -> newLog(leader, logBefore)
                .contains("Leadership taken namespace=" + LeaderOnlyRoutes.NAMESPACE));
        Duration handover = Duration.ofNanos(System.nanoTime() - stoppedAt);
        System.out.printf("two-replicas: the other replica took the leader-only work over %d ms after the leader's SIGTERM%n",
                handover.toMillis());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaConfig.get("kafka.bootstrap.servers")))) {
            // a member that did not leave would stay for the session timeout (45 s)
            await().atMost(Duration.ofSeconds(20)).until(() -> admin.describeConsumerGroups(List.of("mfgsync-supplier-commit")).all()
                    .get().get("mfgsync-supplier-commit").members().size() == 1);
        }
        assertThat(apps.get(follower).waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).as("the graceful stop ends").isTrue();
        await().atMost(Duration.ofMinutes(3)).until(() -> Archives.delivery(inbound.resolve(".done"), thirdName) != null);
        await().atMost(Duration.ofMinutes(1)).until(() -> keysOf(third).size() >= thirdExpected.size());
        assertThat(keysOf(third)).containsExactlyInAnyOrderElementsOf(thirdExpected);
        assertThat(Archives.deliveries(inbound.resolve(".error"), thirdName)).isEmpty();
        assertThat(handover).as("takeover after a graceful stop: the lease was given up").isLessThan(Duration.ofSeconds(8));
        // finished before the stop, or cut off by it and its claim released: the other replica never found it claimed
        assertThat(newLog(leader, logBefore)).doesNotContain("File is claimed and not finished instance=supplier-acme file="
                + thirdName);
    }

    static String newLog(String name, long from) throws IOException {
        String log = Files.readString(PackagedApp.log(name));
        return log.substring((int) Math.min(from, log.length()));
    }

    /** The replica whose log says it took the leadership, or null while none has. */
    static String leader() throws IOException {
        String found = null;
        for (String name : apps.keySet()) {
            if (Files.readString(PackagedApp.log(name)).contains("Leadership taken namespace=" + LeaderOnlyRoutes.NAMESPACE)) {
                assertThat(found).as("two leaders").isNull();
                found = name;
            }
        }
        return found;
    }

    static void start(String name, PackagedApp.Ports ports) throws IOException {
        start(name, ports, false);
    }

    static void start(String name, PackagedApp.Ports ports, boolean restart) throws IOException {
        if (!restart) {
            Files.deleteIfExists(PackagedApp.log(name));
        }
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("kafka.bootstrap.servers", kafkaConfig.get("kafka.bootstrap.servers"));
        settings.put("quarkus.datasource.jdbc.url", "jdbc:h2:tcp://127.0.0.1:" + database.getPort() + "/mfgsync");
        settings.put("mfgsync.connectors.endpoints.supplier-acme.enabled", "true");
        settings.put("mfgsync.connectors.endpoints.supplier-acme.location", work.resolve("drop/supplier-acme").toString());
        settings.put("mfgsync.connectors.endpoints.supplier-acme.poll-delay", "300");
        settings.put("mfgsync.connectors.endpoints.supplier-acme.intake.stable-for", "1s");
        // a file claim orphaned by the kill is taken over after this long (the shipped lease is 5 minutes)
        settings.put("mfgsync.resilience.idempotency.lease-millis", "15000");
        // a graceful stop cuts a file off after this long (the shipped 15 s would let a file of this size finish)
        settings.put("camel.main.shutdown-timeout", "2");
        apps.put(name, PackagedApp.start(name, ports, Files.createDirectories(work.resolve(name)), settings));
    }

    static void awaitLive(String name, PackagedApp.Ports ports) {
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
            assertThat(apps.get(name).isAlive()).as(name + " is running (see " + PackagedApp.log(name) + ")").isTrue();
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(ports.management("/q/health/live")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        });
    }

    static Set<String> keysOf(String prefix) {
        return published.keysOf(prefix);
    }

    static long recordsOf(String prefix) {
        return published.recordsOf(prefix);
    }

    /** A commit file of {@code records} lines, ten per PO of {@code prefix}, and the idempotency keys of its commits. */
    record CommitFile(String content, Set<String> keys) {

        static CommitFile of(String prefix, int records) {
            StringBuilder file = new StringBuilder(HEADER);
            Set<String> keys = new HashSet<>();
            for (int i = 0; i < records; i++) {
                String po = prefix + String.format("%04d", i / 10);
                String line = String.valueOf((i % 10 + 1) * 10);
                file.append(po).append(',').append(line).append(",SUP-2R,BRK-4711,5,EA,2026-12-15,,,,3000,ACCEPT,2026-11-27T08:15:00Z\n");
                keys.add("supplier:SUP-2R:" + po + "-" + line + "-20261127081500");
            }
            return new CommitFile(file.toString(), keys);
        }
    }
}
