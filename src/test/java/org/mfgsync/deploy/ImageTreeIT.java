package org.mfgsync.deploy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mfgsync.quality.InspectionToStockBlockTest;
import org.mfgsync.testing.ErpSimulator;
import org.mfgsync.testing.ImageTree;
import org.mfgsync.testing.KafkaBroker;
import org.mfgsync.testing.PackagedApp;
import org.mfgsync.testing.QmsSimulator;
import org.mfgsync.testing.SignedWebhooks;

/**
 * "The container starts from what its image holds, configured the way the pod configures it": the file tree of the
 * JVM image is assembled from the COPY lines of {@code src/main/docker/Dockerfile.jvm} (nothing else: no second
 * list) out of {@code target/quarkus-app} and the repository, into a folder that stands for the image's root file
 * system, and the app is started from it as the image's entry point would ({@code java @jvm.options -jar
 * quarkus-run.jar} in its WORKDIR, the Dockerfile's ENV with its absolute paths in that folder), configured ONLY by
 * environment variables (the inherited environment is dropped; no {@code -D} settings), with a real Kafka broker and
 * WireMock ERP and QMS. It must become ready; the routes and mappings in force must be the tree's files (by path and
 * SHA-256); a rejected inspection for plant 3000 must block its lot in the cloud ERP (plant routing, the containment
 * policy and the ERP mapping from the tree at work); and nothing may be written into the image's files: only into its
 * volumes (the read-only root file system of the pod).
 */
class ImageTreeIT {

    static final Path DOCKERFILE = Path.of("src/main/docker/Dockerfile.jvm");
    static final String ADMIN_TOKEN = "image-tree-admin-token-" + UUID.randomUUID();
    static final ObjectMapper JSON = new ObjectMapper();

    static KafkaBroker kafka = new KafkaBroker();
    static ErpSimulator erpSimulator = new ErpSimulator();
    static QmsSimulator qmsSimulator = new QmsSimulator();
    static Map<String, String> peers = new LinkedHashMap<>();
    Process app;

    @BeforeAll
    static void startPeers() {
        peers.putAll(kafka.start());
        peers.putAll(erpSimulator.start());
        peers.putAll(qmsSimulator.start());
    }

    @AfterAll
    static void stopPeers() {
        qmsSimulator.stop();
        erpSimulator.stop();
        kafka.stop();
    }

    @AfterEach
    void stopApp() throws InterruptedException {
        if (app != null && app.isAlive()) {
            app.destroyForcibly().waitFor();
        }
    }

    @Test
    void shouldBecomeReadyFromTheJvmImagesFilesWithItsRoutesMappingsAndPoliciesInForce() throws Exception {
        ImageTree image = ImageTree.parse(DOCKERFILE);
        Path root = Files.createTempDirectory("mfgsync-image-");
        image.assemble(Path.of(""), root);
        Path deployments = ImageTree.inRoot(root, image.workdir());
        assertThat(deployments.resolve("quarkus-run.jar")).isRegularFile();
        Map<String, String> imageFiles = snapshot(root, image);
        assertThat(imageFiles).as("the image's data folders")
                .containsKeys("deployments/mappings/routing/plants.yaml", "deployments/mappings/quality/containment-policy.yaml",
                        "deployments/mappings/policies/supplier-commit-risk.yaml", "deployments/routes/workflows/quality-containment.camel.yaml",
                        "deployments/schemas/json/v1/inspection-completed.schema.json");
        // as the pod's root file system: read-only (not enforced for root, hence the snapshot compared at the end)
        setWritable(root, image, false);

        WireMockServer erp = ErpSimulator.server();
        erp.stubFor(post(urlEqualTo("/api/v1/stock-blocks")).willReturn(aResponse().withStatus(201)));
        PackagedApp.Ports ports = PackagedApp.Ports.free();
        app = start(image, root, ports);
        awaitReady(ports);

        // the route files and mappings loaded at start are exactly the tree's, each by its SHA-256: routes/**/*.camel.yaml,
        // the mappings with plant routing and the policies among them
        Map<String, String> tree = new TreeMap<>();
        filesUnder(imageFiles, "deployments/routes/").forEach((path, sha) -> {
            if (path.endsWith(".camel.yaml")) {
                tree.put("routes/" + path, sha);
            }
        });
        JsonNode startup = null;
        for (JsonNode reload : admin(ports, "/api/v1/admin/reloads").path("reloads")) {
            if ("startup".equals(reload.path("trigger").asText())) {
                startup = reload;
            }
        }
        assertThat(startup).as("the start's record in GET /api/v1/admin/reloads").isNotNull();
        Map<String, String> loaded = new TreeMap<>();
        startup.path("files").forEach(f -> loaded.put(f.path("file").asText(), f.path("sha256").asText()));
        Map<String, String> treeMappings = filesUnder(imageFiles, "deployments/mappings/");
        loaded.forEach((file, sha) -> {
            if (file.startsWith("mappings/")) {
                assertThat(treeMappings.get(file.substring("mappings/".length()))).as(file + " as in the tree").isEqualTo(sha);
            }
        });
        assertThat(filesUnder(loaded, "routes/")).as("route files loaded at start").isEqualTo(filesUnder(tree, "routes/"));
        assertThat(loaded).containsKeys("mappings/routing/plants.yaml", "mappings/quality/containment-policy.yaml",
                "mappings/policies/supplier-commit-risk.yaml", "mappings/erp-cloud/purchase-order-changed.jsonata");
        // and the routes running came from those files
        for (JsonNode route : admin(ports, "/api/v1/admin/routes").path("routes")) {
            String source = route.path("source").asText();
            if (!"application".equals(source)) {
                assertThat(route.path("sha256").asText()).as(route.path("id").asText() + " from " + source).isEqualTo(tree.get(source));
            }
        }

        // plant routing (3000 -> erp-cloud), the containment policy and the ERP connector at work
        String lot = "L-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> accepted = SignedWebhooks.post(ports.api("/api/v1/qms/inspection-results").toString(),
                "image-" + lot, InspectionToStockBlockTest.inspection("IL-" + lot, lot, "REJECTED"));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).until(() -> !erp.findAll(postRequestedFor(urlEqualTo("/api/v1/stock-blocks"))
                .withRequestBody(equalToJson("{\"lot\":\"" + lot + "\"}", true, true))).isEmpty());

        app.destroy();
        app.waitFor();
        setWritable(root, image, true);
        assertThat(snapshot(root, image)).as("nothing written into the image's files (only into its volumes)")
                .isEqualTo(imageFiles);
        assertThat(ImageTree.inRoot(root, "/var/lib/mfgsync/state")).as("the state database in the volume").isDirectory();
    }

    /** The image's entry point, as {@code run-java.sh} runs it: JAVA_OPTS_APPEND, the collector, the jar. */
    Process start(ImageTree image, Path root, PackagedApp.Ports ports) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        image.env().forEach((name, value) -> env.put(name, rebase(root, value)));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(env.remove("JAVA_OPTS_APPEND").split("\\s+")));
        command.addAll(List.of(env.remove("GC_CONTAINER_OPTIONS").split("\\s+")));
        // the JIT of a short run on a small machine, as PackagedApp and the test JVMs: C1 only
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-jar");
        command.add(env.remove("JAVA_APP_JAR"));

        // what the Deployment sets (k8s/base): peers and secrets; the state in the embedded H2 (the image's other
        // state database, chosen by the profile) in the volume, where the Deployment names a PostgreSQL.
        // Loopback and free ports here in place of the image's 0.0.0.0 and 8080/9000 (a shared test machine)
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_HTTP_PORT", String.valueOf(ports.http()));
        env.put("QUARKUS_MANAGEMENT_HOST", "127.0.0.1");
        env.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(ports.management()));
        env.put("KAFKA_BOOTSTRAP_SERVERS", peers.get("kafka.bootstrap.servers"));
        env.put("MFGSYNC_ERP_CLOUD_URL", peers.get("mfgsync.erp.cloud.url"));
        env.put("MFGSYNC_QMS_URL", peers.get("mfgsync.qms.url"));
        env.put("QUARKUS_PROFILE", "prod,embedded");
        env.put("QUARKUS_DATASOURCE_EMBEDDED_JDBC_URL", "jdbc:h2:file:" + ImageTree.inRoot(root, "/var/lib/mfgsync/state/mfgsync")
                + ";AUTO_SERVER=FALSE;DB_CLOSE_ON_EXIT=FALSE;QUERY_CACHE_SIZE=64");
        env.put("MFGSYNC_ADMIN_TOKEN", ADMIN_TOKEN);
        env.put("QMS_WEBHOOK_SECRETS", SignedWebhooks.QMS_SECRET);
        env.put("ERP_CLOUD_WEBHOOK_SECRETS", SignedWebhooks.ERP_CLOUD_SECRET);
        env.put("MFGSYNC_RELOAD_ENABLED", "false");

        ProcessBuilder builder = new ProcessBuilder(command).directory(ImageTree.inRoot(root, image.workdir()).toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        builder.environment().put("TMPDIR", ImageTree.inRoot(root, "/tmp").toString());
        Path log = Path.of("target/image-tree-it-" + System.currentTimeMillis() + ".log").toAbsolutePath();
        Process started = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly, "image-tree-it-stop"));
        return started;
    }

    /** An absolute image path in a value (a path, or options naming one) is that path in the assembled folder. */
    static String rebase(Path root, String value) {
        return Stream.of(value.split(" ", -1)).map(word -> {
            String prefix = word.startsWith("@/") ? "@" : "";
            String path = word.substring(prefix.length());
            return path.startsWith("/") ? prefix + ImageTree.inRoot(root, path) : word;
        }).collect(Collectors.joining(" "));
    }

    void awaitReady(PackagedApp.Ports ports) {
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
            assertThat(app.isAlive()).as("the app is running (see target/image-tree-it-*.log)").isTrue();
            return http.send(HttpRequest.newBuilder(ports.management("/q/health/ready")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        });
    }

    static JsonNode admin(PackagedApp.Ports ports, String path) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                ports.api(path)).header("Authorization", "Bearer " + ADMIN_TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    /** Every file of the image outside its volumes: path (from the root) → SHA-256, size and modification time. */
    static Map<String, String> snapshot(Path root, ImageTree image) throws Exception {
        Set<Path> volumes = image.volumes().stream().map(v -> ImageTree.inRoot(root, v)).collect(Collectors.toSet());
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (volumes.stream().anyMatch(p::startsWith) || Files.isDirectory(p)) {
                    continue;
                }
                FileTime modified = Files.getLastModifiedTime(p);
                files.put(root.relativize(p).toString(), sha256(p) + " " + Files.size(p) + " " + modified.toMillis());
            }
        }
        return files;
    }

    /** The files below {@code prefix}, relative to it, with their SHA-256 only. */
    static Map<String, String> filesUnder(Map<String, String> snapshot, String prefix) {
        Map<String, String> files = new TreeMap<>();
        snapshot.forEach((path, value) -> {
            if (path.startsWith(prefix)) {
                files.put(path.substring(prefix.length()), value.split(" ")[0]);
            }
        });
        return files;
    }

    static void setWritable(Path root, ImageTree image, boolean writable) throws IOException {
        Set<Path> volumes = image.volumes().stream().map(v -> ImageTree.inRoot(root, v)).collect(Collectors.toSet());
        try (Stream<Path> all = Files.walk(root)) {
            all.filter(p -> volumes.stream().noneMatch(p::startsWith) && volumes.stream().noneMatch(v -> v.startsWith(p)))
                    .forEach(p -> p.toFile().setWritable(writable, false));
        }
    }

    /** SHA-256 of the file read as text, as the app hashes what it loads (SourceFile: UTF-8, malformed input replaced). */
    static String sha256(Path file) throws Exception {
        byte[] text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text));
    }
}
