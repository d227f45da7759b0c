package org.mfgsync.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server from the machine's own binaries (initdb + pg_ctl), on a free loopback port.
 * When the tests run as root it runs as the {@code postgres} user, as PostgreSQL refuses to run as root.
 */
public final class PostgresServer implements AutoCloseable {

    private final Path bin;
    private final Path dataDir;
    private final int port;
    private final boolean asPostgresUser;

    private PostgresServer(Path bin, Path dataDir, int port, boolean asPostgresUser) {
        this.bin = bin;
        this.dataDir = dataDir;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /**
     * {@code -Dtests.postgres=required} ({@code make test-postgres}): a PostgreSQL suite fails instead of being
     * skipped where PostgreSQL is not installed or does not start. (Not under {@code mfgsync.}: the application's
     * config mapping refuses unknown {@code mfgsync.*} keys, system properties included.)
     */
    public static final String REQUIREMENT_PROPERTY = "tests.postgres";

    public static boolean required() {
        return "required".equals(System.getProperty(REQUIREMENT_PROPERTY));
    }

    /** For {@code @EnabledIf}: run where PostgreSQL is installed, and wherever it is required (to fail if absent). */
    public static boolean shouldRun() {
        return required() || installedBinaries().isPresent();
    }

    /** The binaries; the test is skipped (an assumption) where there are none, unless PostgreSQL is required. */
    public static Path binariesOrSkip() {
        return binariesOrSkip(installedBinaries(), required());
    }

    static Path binariesOrSkip(Optional<Path> binaries, boolean required) {
        if (binaries.isEmpty() && required) {
            throw new IllegalStateException("PostgreSQL is required (-D" + REQUIREMENT_PROPERTY
                    + "=required) but not installed (no /usr/lib/postgresql/*/bin/pg_ctl)");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(binaries.isPresent(), "no PostgreSQL installed on this machine");
        return binaries.get();
    }

    /** The binaries folder of the newest PostgreSQL installed, if any. */
    public static Optional<Path> installedBinaries() {
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("pg_ctl")))
                        .max(Path::compareTo);
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    public static PostgresServer start(Path bin) throws IOException, InterruptedException {
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dataDir = Files.createTempDirectory("mfgsync-pg-");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        PostgresServer server = new PostgresServer(bin, dataDir, port, root);
        if (root) {
            server.run(List.of("chown", "postgres", dataDir.toString()), false);
        }
        server.run(List.of(bin.resolve("initdb").toString(), "-D", dataDir.resolve("data").toString(), "-U", "mfgsync",
                "--auth=trust", "-E", "UTF8", "--no-sync"), true);
        server.startAgain();
        return server;
    }

    /** Starts the (stopped) server again on the same port and data. */
    public void startAgain() throws IOException, InterruptedException {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", dataDir.resolve("data").toString(), "-w", "-t", "60",
                "-l", dataDir.resolve("server.log").toString(), "-o",
                "-p " + port + " -c listen_addresses=127.0.0.1 -k " + dataDir + " -c fsync=off", "start"), true);
    }

    /** Stops the server at once (an outage); {@link #startAgain()} brings it back. */
    public void stop() throws IOException, InterruptedException {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", dataDir.resolve("data").toString(), "-m", "immediate",
                "stop"), true);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public String user() {
        return "mfgsync";
    }

    @Override
    public void close() throws Exception {
        stop();
    }

    private void run(List<String> command, boolean asServerUser) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asServerUser && asPostgresUser) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Process process = new ProcessBuilder(full).redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("commands.log").toFile()).start();
        if (!process.waitFor(90, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("PostgreSQL command failed: " + String.join(" ", full) + "\n"
                    + Files.readString(dataDir.resolve("commands.log")));
        }
    }
}
