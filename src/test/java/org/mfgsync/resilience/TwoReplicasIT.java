package org.mfgsync.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mfgsync.testing.Archives;
import org.mfgsync.testing.DropFiles;
import org.mfgsync.testing.ErpLegacyBRows;
import org.mfgsync.testing.IdempotencyKeyCollector;
import org.mfgsync.testing.KafkaBroker;
import org.mfgsync.testing.PackagedApp;
import org.mfgsync.testing.PostgresServer;
import org.mfgsync.testing.ReloadFolders;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Two replicas of the packaged app ({@code target/quarkus-app}) as they run in production: one Kafka broker, one
 * PostgreSQL holding the state of both (and, in a database of its own, erp-legacy-b's staging tables), one SFTP server
 * where supplier-echo uploads its commit files, and one folder of routes and mappings both read (as a ConfigMap would be
 * mounted):
 * <ul>
 * <li>the consumer groups share the partitions of a topic between the two;</li>
 * <li>exactly one of them (the leader) polls the SFTP folder and the staging tables: every file and every staged PO is
 * taken once, by the leader, and each of its events is published once;</li>
 * <li>an admin reload asked of one replica reaches the other: both run the changed set;</li>
 * <li>the leader is killed (SIGKILL) in the middle of a big file, with staged POs waiting: the other takes over the
 * leader-only work within 15 s, finishes the file and the staged POs, and every commit and PO is on Kafka with exactly
 * the expected idempotency keys, the file in {@code .done} once, nothing in {@code .error}, every staged row
 * processed;</li>
 * <li>the replica leading then is stopped gracefully (SIGTERM) in the middle of a file: the other takes over at once.</li>
 * </ul>
 * Needs PostgreSQL (the machine's binaries): skipped where it is not installed, failed instead with
 * {@code -Dtests.postgres=required} (CI).
 */
class TwoReplicasIT {

    static final String COMMITS = "mfgsync.supplier-commit-changed.v1";
    static final String PURCHASE_ORDERS = "mfgsync.purchase-order-changed.v1";
    /** supplier-echo's own CSV dialect (mappings/supplier-echo/commits.dialect.properties): ';', windows-1252. */
    static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    static final String HEADER = "Bestellnummer;Werk;Position;Material;Lieferant;Art;Menge;Einheit;Liefertermin;Menge alt;"
            + "Liefertermin alt;Grund;Best\u00e4tigt am;Bemerkung;Auftrag\n";
    static final String SFTP_USER = "supplier-echo";
    static final String SFTP_PASSWORD = "test-only-secret";
    static final String ADMIN_TOKEN = "two-replicas-admin-token";
    static final ObjectMapper JSON = new ObjectMapper();

    static KafkaBroker kafka = new KafkaBroker();
    static Map<String, String> kafkaConfig;
    static PostgresServer postgres;
    static DataSource erpDatabase;
    static SshServer sftp;
    static Path sftpRoot;
    static Path knownHosts;
    static Path work;
    static Path inbound;
    static Path appFiles;
    static IdempotencyKeyCollector commits;
    static IdempotencyKeyCollector purchaseOrders;
    static final Map<String, Process> apps = new HashMap<>();
    static final Map<String, PackagedApp.Ports> ports = new HashMap<>();

    @BeforeAll
    static void startSharedParts() throws Exception {
        postgres = PostgresServer.start(PostgresServer.binariesOrSkip());
        kafkaConfig = kafka.start();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaConfig.get("kafka.bootstrap.servers")))) {
            // partitions to share: the test broker's default is one per topic
            admin.createTopics(List.of(new NewTopic(COMMITS, 4, (short) 1))).all().get();
        }
        work = Files.createTempDirectory("mfgsync-two-replicas-");
        erpDatabase = erpLegacyBDatabase();
        startSftpServer();
        inbound = Files.createDirectories(sftpRoot.resolve("supplier-echo/inbound"));
        // the routes and mappings both replicas run, shared as a mounted ConfigMap would be
        appFiles = work.resolve("app-files");
        ReloadFolders.copyTree(Path.of("routes"), appFiles.resolve("routes"));
        ReloadFolders.copyTree(Path.of("mappings"), appFiles.resolve("mappings"));
        commits = new IdempotencyKeyCollector(kafkaConfig.get("kafka.bootstrap.servers"), COMMITS);
        purchaseOrders = new IdempotencyKeyCollector(kafkaConfig.get("kafka.bootstrap.servers"), PURCHASE_ORDERS);
    }

    @AfterAll
    static void stopSharedParts() throws Exception {
        for (Process app : apps.values()) {
            app.destroyForcibly().waitFor();
        }
        if (commits != null) {
            commits.close();
            purchaseOrders.close();
        }
        if (sftp != null) {
            sftp.stop(true);
        }
        kafka.stop();
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void shouldShareTheWorkTakeEachFileAndRowOnceReloadBothAndHandTheLeaderOnlyWorkOverWhenTheLeaderIsKilled() throws Exception {
        ports.put("two-replicas-a", PackagedApp.Ports.free());
        ports.put("two-replicas-b", PackagedApp.Ports.free());
        start("two-replicas-a");
        awaitLive("two-replicas-a"); // the first one migrates the shared database
        start("two-replicas-b");
        awaitLive("two-replicas-b");

        String leader = await().atMost(Duration.ofSeconds(30)).until(TwoReplicasIT::leader, found -> found != null);
        String follower = other(leader);

        // the consumer group of the supplier commit workflow shares the topic's partitions between the two
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaConfig.get("kafka.bootstrap.servers")))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                ConsumerGroupDescription group = admin.describeConsumerGroups(List.of("mfgsync-supplier-commit")).all().get()
                        .get("mfgsync-supplier-commit");
                return group.members().size() == 2
                        && group.members().stream().map(MemberDescription::assignment).allMatch(a -> !a.topicPartitions().isEmpty());
            });
        }

        // small files over SFTP and staged POs: each taken once, by the leader, each event published once
        String batch = "461" + (System.nanoTime() % 100_000);
        Set<String> expected = new HashSet<>();
        for (int f = 0; f < 8; f++) {
            String prefix = batch + String.format("%02d", f);
            CommitFile small = CommitFile.of(prefix, 5);
            expected.addAll(small.keys());
            DropFiles.drop(inbound, "commits-2r-" + prefix + ".csv", small.content());
        }
        String staged = "47" + (System.nanoTime() % 10_000);
        Set<String> stagedExpected = stagePurchaseOrders(staged, 0, 20);
        await().atMost(Duration.ofMinutes(2)).until(() -> commits.keysOf(batch).size() >= expected.size()
                && purchaseOrders.keysOf(staged).size() >= stagedExpected.size());
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> commits.recordsOf(batch) == expected.size()
                && purchaseOrders.recordsOf(staged) == stagedExpected.size());
        assertThat(commits.keysOf(batch)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(purchaseOrders.keysOf(staged)).containsExactlyInAnyOrderElementsOf(stagedExpected);
        assertThat(Files.readString(PackagedApp.log(leader))).contains("File processed instance=supplier-echo file=commits-2r-" + batch);
        assertThat(Files.readAllLines(PackagedApp.log(follower))).as("the follower polls no folder and no staging table")
                .noneMatch(line -> (line.contains("commits-2r-" + batch) || line.contains("purchaseOrder=" + staged))
                        && (line.contains("File processed") || line.contains("Published event=")));

        // a changed route file in the shared folder (a ConfigMap update) is reloaded by both; an admin reload asked of
        // the follower is done by the leader too
        JsonNode beforeReload = configuration(leader);
        String leaderInstance = beforeReload.path("instance").asText();
        Path route = appFiles.resolve("routes/suppliers/supplier-echo.camel.yaml");
        Files.writeString(route, Files.readString(route) + "\n# two-replicas: reloaded by both\n");
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode atLeader = configuration(leader);
            return atLeader.path("consistent").asBoolean() && atLeader.path("replicas").size() == 2
                    && !atLeader.path("digest").asText().equals(beforeReload.path("digest").asText())
                    && atLeader.path("digest").asText().equals(configuration(follower).path("digest").asText());
        });
        HttpResponse<String> reload = admin(follower, HttpRequest.newBuilder(ports.get(follower).api("/api/v1/admin/reloads"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(reload.statusCode()).as(reload.body()).isEqualTo(200);
        assertThat(reload.headers().firstValue("X-Mfgsync-Cluster-Reload")).hasValue("requested");
        JsonNode leaderReload = await().atMost(Duration.ofSeconds(60)).until(
                () -> lastReloadOf(configuration(leader), leaderInstance), last -> last.path("trigger").asText().equals("cluster"));
        assertThat(leaderReload.path("result").asText()).isNotEqualTo("rejected");
        assertThat(configuration(leader).path("consistent").asBoolean()).isTrue();

        // a big file and more staged POs: the leader is killed in the middle of the file, the follower takes over and
        // finishes both
        String big = "462" + (System.nanoTime() % 100_000);
        CommitFile bigFile = CommitFile.of(big, 3000);
        Set<String> bigExpected = bigFile.keys();
        String name = "commits-2r-big-" + big + ".csv";
        Set<String> stagedLater = stagePurchaseOrders(staged, 20, 1000);
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(20))
                .until(() -> purchaseOrders.keysOf(staged).size() >= stagedExpected.size() + 100);
        DropFiles.drop(inbound, name, bigFile.content());
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20)).until(() -> commits.keysOf(big).size() >= 300);
        apps.get(leader).destroyForcibly().waitFor();
        long killedAt = System.nanoTime();
        assertThat(commits.keysOf(big).size()).as("killed in the middle of the file").isLessThan(bigExpected.size());
        assertThat(purchaseOrders.keysOf(staged).size()).as("killed with staged POs waiting")
                .isLessThan(stagedExpected.size() + stagedLater.size());
        System.out.printf("two-replicas: at the kill %d of %d commits and %d of %d staged POs were published%n",
                commits.keysOf(big).size(), bigExpected.size(), purchaseOrders.keysOf(staged).size() - stagedExpected.size(),
                stagedLater.size());

        await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(PackagedApp.log(follower))
                .contains("Leadership taken namespace=" + LeaderOnlyRoutes.NAMESPACE));
        Duration takeover = Duration.ofNanos(System.nanoTime() - killedAt);
        System.out.printf("two-replicas: the follower took the leader-only work over %d ms after the leader's SIGKILL%n",
                takeover.toMillis());
        assertThat(takeover).as("takeover after the leader's SIGKILL").isLessThan(Duration.ofSeconds(15));

        await().atMost(Duration.ofMinutes(3)).until(() -> Archives.delivery(inbound.resolve(".done"), name) != null);
        await().atMost(Duration.ofMinutes(1)).until(() -> commits.keysOf(big).size() >= bigExpected.size());
        assertThat(commits.keysOf(big)).as("every commit of the file at least once, and nothing else")
                .containsExactlyInAnyOrderElementsOf(bigExpected);
        assertThat(Archives.deliveries(inbound.resolve(".error"), name)).isEmpty();
        try (Stream<Path> done = Files.list(inbound.resolve(".done"))) {
            assertThat(done.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("commits-2r-big-" + big))).hasSize(1);
        }
        Set<String> allStaged = new HashSet<>(stagedExpected);
        allStaged.addAll(stagedLater);
        await().atMost(Duration.ofMinutes(2)).until(() -> purchaseOrders.keysOf(staged).size() >= allStaged.size());
        assertThat(purchaseOrders.keysOf(staged)).as("every staged PO at least once, and nothing else")
                .containsExactlyInAnyOrderElementsOf(allStaged);
        await().atMost(Duration.ofSeconds(30)).until(() -> ErpLegacyBRows.rows(erpDatabase,
                "SELECT EXPNR FROM ZMFG_POHDR_OUT WHERE ZSTAT <> 'P'").isEmpty());
        assertThat(commits.keysOf(batch)).as("the small files' commits are not published again").hasSize(expected.size());
        assertThat(commits.recordsOf(batch)).isEqualTo(expected.size());

        // the killed replica ("leader" above) comes back as a follower; the replica leading now ("follower" above) is then
        // stopped gracefully (SIGTERM) in the middle of a file: it leaves its consumer groups, gives its lease up and releases its unfinished claims, so the other
        // takes over at once and finishes the file without waiting for any lease
        long logBefore = Files.size(PackagedApp.log(leader));
        start(leader, true);
        awaitLive(leader);
        String third = "463" + (System.nanoTime() % 100_000);
        CommitFile thirdFile = CommitFile.of(third, 3000);
        Set<String> thirdExpected = thirdFile.keys();
        String thirdName = "commits-2r-stop-" + third + ".csv";
        DropFiles.drop(inbound, thirdName, thirdFile.content());
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20)).until(() -> commits.keysOf(third).size() >= 300);
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
        await().atMost(Duration.ofMinutes(1)).until(() -> commits.keysOf(third).size() >= thirdExpected.size());
        assertThat(commits.keysOf(third)).containsExactlyInAnyOrderElementsOf(thirdExpected);
        assertThat(Archives.deliveries(inbound.resolve(".error"), thirdName)).isEmpty();
        assertThat(handover).as("takeover after a graceful stop: the lease was given up").isLessThan(Duration.ofSeconds(8));
        // finished before the stop, or cut off by it and its claim released: the other replica never found it claimed
        assertThat(newLog(leader, logBefore)).doesNotContain("File is claimed and not finished instance=supplier-echo file="
                + thirdName);
    }

    static String other(String name) {
        return name.equals("two-replicas-a") ? "two-replicas-b" : "two-replicas-a";
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

    static void start(String name) throws IOException {
        start(name, false);
    }

    static void start(String name, boolean restart) throws IOException {
        if (!restart) {
            Files.deleteIfExists(PackagedApp.log(name));
        }
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("kafka.bootstrap.servers", kafkaConfig.get("kafka.bootstrap.servers"));
        // the state in PostgreSQL, as in production: the prod profile alone
        settings.put("quarkus.profile", "prod");
        settings.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl());
        settings.put("quarkus.datasource.username", postgres.user());
        settings.put("mfgsync.routes-dir", appFiles.resolve("routes").toString());
        settings.put("mfgsync.mappings-dir", appFiles.resolve("mappings").toString());
        settings.put("mfgsync.admin.token", ADMIN_TOKEN);
        settings.put("mfgsync.reload.enabled", "true");
        String echo = "mfgsync.connectors.endpoints.supplier-echo.";
        settings.put(echo + "enabled", "true");
        settings.put(echo + "location", "127.0.0.1:" + sftp.getPort() + "/supplier-echo");
        settings.put(echo + "username", SFTP_USER);
        settings.put(echo + "password", SFTP_PASSWORD);
        settings.put(echo + "known-hosts-file", knownHosts.toString());
        settings.put(echo + "poll-delay", "300");
        settings.put(echo + "intake.stable-for", "1s");
        String staging = "mfgsync.connectors.endpoints.erp-legacy-b.";
        settings.put(staging + "enabled", "true");
        settings.put(staging + "jdbc-url", postgres.jdbcUrl().replace("/postgres", "/erp"));
        settings.put(staging + "username", postgres.user());
        settings.put(staging + "password", "");
        settings.put(staging + "poll-delay", "300");
        // a file or row claim orphaned by the kill is taken over after this long (the shipped lease is 5 minutes)
        settings.put("mfgsync.resilience.idempotency.lease-millis", "15000");
        // a graceful stop cuts a file off after this long (the shipped 15 s would let a file of this size finish)
        settings.put("camel.main.shutdown-timeout", "2");
        apps.put(name, PackagedApp.start(name, ports.get(name), Files.createDirectories(work.resolve(name)), settings));
    }

    static void awaitLive(String name) {
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
            assertThat(apps.get(name).isAlive()).as(name + " is running (see " + PackagedApp.log(name) + ")").isTrue();
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(ports.get(name).management("/q/health/live")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        });
    }

    static HttpResponse<String> admin(String name, HttpRequest.Builder request) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(request.header("Authorization", "Bearer " + ADMIN_TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** What a replica answers at {@code GET /api/v1/admin/configuration}. */
    static JsonNode configuration(String name) throws IOException, InterruptedException {
        HttpResponse<String> answer = admin(name, HttpRequest.newBuilder(ports.get(name).api("/api/v1/admin/configuration")));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    /** The last reload the replica {@code instance} reported, from a configuration answer. */
    static JsonNode lastReloadOf(JsonNode configuration, String instance) {
        for (JsonNode replica : configuration.path("replicas")) {
            if (replica.path("instance").asText().equals(instance)) {
                return replica.path("lastReload");
            }
        }
        return JSON.createObjectNode();
    }

    /**
     * Stages {@code count} PO exports (numbered from {@code from}) in erp-legacy-b's tables, as its export program
     * writes them; answers the idempotency keys their events carry.
     */
    static Set<String> stagePurchaseOrders(String prefix, int from, int count) throws SQLException {
        List<String> purchaseOrders = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            purchaseOrders.add(prefix + String.format("%04d", i));
        }
        ErpLegacyBRows.exportAll(erpDatabase, "SUP-2R", purchaseOrders, "00010;BRK-4711;5.000;ST;20261215");
        Set<String> keys = new HashSet<>();
        purchaseOrders.forEach(po -> keys.add("erp-legacy-b:" + po + ":0"));
        return keys;
    }

    /** erp-legacy-b's own database (its staging tables) in the same PostgreSQL server, as a database of its own. */
    static DataSource erpLegacyBDatabase() throws SQLException, IOException {
        PGSimpleDataSource server = new PGSimpleDataSource();
        server.setUrl(postgres.jdbcUrl());
        server.setUser(postgres.user());
        try (Connection c = server.getConnection(); Statement statement = c.createStatement()) {
            statement.execute("CREATE DATABASE erp");
        }
        PGSimpleDataSource erp = new PGSimpleDataSource();
        erp.setUrl(postgres.jdbcUrl().replace("/postgres", "/erp"));
        erp.setUser(postgres.user());
        try (Connection c = erp.getConnection(); Statement statement = c.createStatement()) {
            statement.execute(Files.readString(Path.of("dev/simulators/erp-legacy-b/staging-tables.sql")));
        }
        return erp;
    }

    /** supplier-echo's SFTP server (Apache MINA SSHD): password login, a host key the connector knows from its known_hosts. */
    static void startSftpServer() throws IOException, GeneralSecurityException {
        sftpRoot = Files.createDirectories(work.resolve("sftp"));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        KeyPair hostKey = generator.generateKeyPair();
        sftp = SshServer.setUpDefaultServer();
        sftp.setHost("127.0.0.1");
        sftp.setPort(0);
        sftp.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        sftp.setPasswordAuthenticator((user, password, session) -> SFTP_USER.equals(user) && SFTP_PASSWORD.equals(password));
        sftp.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        sftp.setFileSystemFactory(new VirtualFileSystemFactory(sftpRoot));
        sftp.start();
        knownHosts = work.resolve("known_hosts");
        Files.writeString(knownHosts, "[127.0.0.1]:" + sftp.getPort() + " " + PublicKeyEntry.toString(hostKey.getPublic()) + "\n");
    }

    /**
     * A commit file in supplier-echo's dialect of {@code records} lines, ten per PO of {@code prefix}, and the
     * idempotency keys of its commits.
     */
    record CommitFile(byte[] content, Set<String> keys) {

        static CommitFile of(String prefix, int records) {
            StringBuilder file = new StringBuilder(HEADER);
            Set<String> keys = new HashSet<>();
            for (int i = 0; i < records; i++) {
                String po = prefix + String.format("%04d", i / 10);
                String line = String.valueOf((i % 10 + 1) * 10);
                file.append(po).append(";3000;").append(line)
                        .append(";BRK-4711;SUP-2R;ACCEPT;5;EA;15.12.2026;;;;2026-11-27T08:15:00Z;;A-1\n");
                keys.add("supplier:SUP-2R:" + po + "-" + line + "-20261127081500");
            }
            return new CommitFile(file.toString().getBytes(WINDOWS_1252), keys);
        }
    }
}
