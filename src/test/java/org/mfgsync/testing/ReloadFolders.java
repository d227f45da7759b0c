package org.mfgsync.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The routes and mappings folders the test stack's application runs from, hot reload on: temporary copies of
 * {@code routes/} and {@code mappings/}. Tests edit these, never the project's own folders, and put back what they
 * changed: every other test of the same application runs on them. A part of {@link TestStack}.
 */
public class ReloadFolders implements QuarkusTestResourceLifecycleManager {

    public static final String ADMIN_TOKEN = "test-admin-token";
    private static Path base;

    @Override
    public Map<String, String> start() {
        try {
            base = Files.createTempDirectory("mfgsync-reload-");
            Path routes = Files.createDirectories(base.resolve("routes"));
            Path mappings = Files.createDirectories(base.resolve("mappings"));
            copyTree(Path.of("routes"), routes);
            copyTree(Path.of("mappings"), mappings);
            return Map.of("mfgsync.routes-dir", routes.toString(), "mfgsync.mappings-dir", mappings.toString(),
                    "mfgsync.admin.token", ADMIN_TOKEN, "mfgsync.reload.settle-millis", "200",
                    "mfgsync.reload.poll-millis", "500");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (base != null) {
            try (Stream<Path> all = Files.walk(base)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            base = null;
        }
    }

    public static Path routes() {
        return base().resolve("routes");
    }

    public static Path mappings() {
        return base().resolve("mappings");
    }

    private static Path base() {
        if (base == null) {
            throw new IllegalStateException("The routes and mappings copies are not there: start ReloadFolders first (TestStack does)");
        }
        return base;
    }

    /** Copies the folder {@code from} with everything below it to {@code to} (created as needed, files replaced). */
    public static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path source : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
