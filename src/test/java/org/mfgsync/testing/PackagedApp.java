package org.mfgsync.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The packaged app ({@code target/quarkus-app/quarkus-run.jar}, built by {@code mvn verify} before the {@code *IT}
 * tests run) started as a process of its own with its shipped JVM options, the way the {@code *IT} tests crash and
 * restart it: the project's {@code routes/}, {@code mappings/} and {@code schemas/} (hot reload off), its state
 * database and connector work folder in the test's work folder, the webhook secrets the tests sign with, its output in
 * {@code target/<name>.log} (a restart appends to it), on two free ports of loopback: the APIs' and the management interface's (health,
 * metrics).
 */
public final class PackagedApp {

    /**
     * After the shipped JVM options ({@code src/main/docker/jvm.options}: heap, serial collector, stacks), the JIT of a
     * short run on a small machine, as in the test JVMs: C1 only, so a start costs about half the CPU. What the app
     * does is unchanged.
     */
    static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1");

    private PackagedApp() {
    }

    /** The app's two ports on 127.0.0.1: the APIs and webhooks ({@code http}), health and metrics ({@code management}). */
    public record Ports(int http, int management) {

        /** Two ports free now (both sockets held open together, so they differ). */
        public static Ports free() throws IOException {
            try (ServerSocket http = new ServerSocket(0); ServerSocket management = new ServerSocket(0)) {
                return new Ports(http.getLocalPort(), management.getLocalPort());
            }
        }

        /** An API or webhook URL: {@code api("/api/v1/qms/inspection-results")}. */
        public URI api(String path) {
            return URI.create("http://127.0.0.1:" + http + path);
        }

        /** A health or metrics URL: {@code management("/q/health/ready")}. */
        public URI management(String path) {
            return URI.create("http://127.0.0.1:" + management + path);
        }
    }

    /** Starts the app on the ports with its state in {@code work}; {@code settings} add to or override the defaults. */
    public static Process start(String name, Ports ports, Path work, Map<String, String> settings) throws IOException {
        Path project = Path.of("").toAbsolutePath();
        Map<String, String> config = new LinkedHashMap<>();
        config.put("quarkus.http.port", String.valueOf(ports.http()));
        config.put("quarkus.management.port", String.valueOf(ports.management()));
        config.put("mfgsync.routes-dir", project.resolve("routes").toString());
        config.put("mfgsync.mappings-dir", project.resolve("mappings").toString());
        config.put("mfgsync.schemas-dir", project.resolve("schemas").toString());
        config.put("mfgsync.reload.enabled", "false");
        // the embedded H2 as state database (as make run has it), open until the app has stopped its routes, so a stop
        // is quick; a test's settings may choose PostgreSQL instead (PostgreSQL.appSettings)
        config.put("quarkus.profile", "prod,embedded");
        config.put("quarkus.datasource.embedded.jdbc.url", "jdbc:h2:file:" + work.resolve("state/mfgsync")
                + ";AUTO_SERVER=FALSE;DB_CLOSE_ON_EXIT=FALSE;QUERY_CACHE_SIZE=64");
        config.put("mfgsync.connectors.work-dir", work.resolve("connectors").toString());
        // the webhook secrets the tests sign with (SignedWebhooks)
        config.putAll(SignedWebhooks.SETTINGS);
        config.putAll(settings);

        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("@" + project.resolve("src/main/docker/jvm.options"));
        command.addAll(JVM_OPTIONS);
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(project.resolve("target/quarkus-app/quarkus-run.jar").toString());
        Path log = log(name);
        Process app = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        // a test that fails before it stops its app must not leave it running (it would retry a stopped broker for
        // as long as the machine runs)
        Runtime.getRuntime().addShutdownHook(new Thread(app::destroyForcibly, name + "-stop"));
        return app;
    }

    /** Where the app started under {@code name} writes its log (one file per name: a restart appends to it). */
    public static Path log(String name) {
        return Path.of("").toAbsolutePath().resolve("target/" + name + ".log");
    }
}
