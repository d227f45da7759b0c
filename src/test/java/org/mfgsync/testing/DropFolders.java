package org.mfgsync.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Supplier drop folder trees ({@code <supplier>/inbound}, {@code <supplier>/outbound}) in a temporary folder. */
public class DropFolders implements QuarkusTestResourceLifecycleManager {

    private static Path root;

    @Override
    public Map<String, String> start() {
        try {
            root = Files.createTempDirectory("mfgsync-drop-");
            Files.createDirectories(root.resolve("supplier-acme/inbound"));
            Files.createDirectories(root.resolve("supplier-acme/outbound"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String prefix = "mfgsync.connectors.endpoints.supplier-acme.";
        return Map.of(prefix + "enabled", "true",
                prefix + "location", root.resolve("supplier-acme").toString(),
                prefix + "poll-delay", "300");
    }

    @Override
    public void stop() {
        // the temporary folder stays for inspection after a failed run
    }

    public static Path root() {
        return root;
    }
}
