package org.mfgsync.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A drop folder read as fixed-width header/detail/trailer files (erp-legacy-a's commit file layout) by a test
 * connector instance, {@code test-fixed-width}, that {@link TestStack} adds to its copy of {@code routes/}: no
 * production instance reads a fixed-width file yet, and the template's trailer check must be seen working through a
 * running connector. A part of {@link TestStack}.
 */
public class FixedWidthDropFolder implements QuarkusTestResourceLifecycleManager {

    private static Path root;

    /** The test instance's route file, as {@link TestStack} adds it to the routes folder the application runs from. */
    static final String INSTANCE = """
                    # test only: fixed-width files in a drop folder, validated against erp-legacy-a's commit file layout
                    - templatedRoute:
                        routeTemplateRef: connector-file-inbound
                        routeId: suppliers.test-fixed-width-in
                        parameters:
                          - {name: instance, value: test-fixed-width}
                          - {name: system, value: erp-legacy}
                          - {name: transport, value: file}
                          - {name: location, value: "{{mfgsync.connectors.endpoints.test-fixed-width.location}}"}
                          - {name: enabled, value: "{{mfgsync.connectors.endpoints.test-fixed-width.enabled}}"}
                          - {name: pollDelay, value: "{{mfgsync.connectors.endpoints.test-fixed-width.poll-delay}}"}
                          - {name: include, value: ".*\\\\.txt"}
                          - {name: format, value: fixed}
                          - {name: layout, value: erp-legacy-a/supplier-commits-out.beanio.xml}
                          - {name: stream, value: supplier-commits-out}
                          - {name: mapping, value: supplier-standard-csv/supplier-commit-changed.jsonata}
                          - {name: topic, value: mfgsync.supplier-commit-changed.v1}
                          - {name: partitionKey, value: purchaseOrder}
                    """;

    @Override
    public Map<String, String> start() {
        try {
            root = Files.createTempDirectory("mfgsync-fixed-");
            Files.createDirectories(root.resolve("inbound"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String prefix = "mfgsync.connectors.endpoints.test-fixed-width.";
        return Map.of(prefix + "enabled", "true",
                prefix + "location", root.resolve("inbound").toString(),
                prefix + "poll-delay", "300",
                // a file its trailer declares incomplete is rejected once it has stayed so this long
                prefix + "intake.incomplete-deadline", "4s");
    }

    /** Adds the test instance's route file ({@code suppliers/test-fixed-width.camel.yaml}) to a routes folder. */
    static void addInstance(Path routes) throws IOException {
        Files.createDirectories(routes.resolve("suppliers"));
        Files.writeString(routes.resolve("suppliers/test-fixed-width.camel.yaml"), INSTANCE);
    }

    @Override
    public void stop() {
        // the temporary folders stay for inspection after a failed run
    }

    public static Path inbound() {
        return root.resolve("inbound");
    }
}
