package org.mfgsync.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A drop folder read as fixed-width header/detail/trailer files (erp-legacy-a's commit file layout) by a test
 * connector instance, {@code test-fixed-width}, added to a copy of {@code routes/}: no production instance reads a
 * fixed-width file yet, and the template's trailer check must be seen working through a running connector.
 */
public class FixedWidthDropFolder implements QuarkusTestResourceLifecycleManager {

    private static Path root;

    @Override
    public Map<String, String> start() {
        Path routes;
        try {
            root = Files.createTempDirectory("mfgsync-fixed-");
            Files.createDirectories(root.resolve("inbound"));
            routes = Files.createTempDirectory("mfgsync-fixed-routes-");
            ReloadFolders.copyTree(Path.of("routes"), routes);
            Files.createDirectories(routes.resolve("suppliers"));
            Files.writeString(routes.resolve("suppliers/test-fixed-width.camel.yaml"), """
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
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String prefix = "mfgsync.connectors.endpoints.test-fixed-width.";
        return Map.of(prefix + "enabled", "true",
                prefix + "location", root.resolve("inbound").toString(),
                prefix + "poll-delay", "300",
                // a file its trailer declares incomplete is rejected once it has stayed so this long
                prefix + "intake.incomplete-deadline", "4s",
                "mfgsync.routes-dir", routes.toString());
    }

    @Override
    public void stop() {
        // the temporary folders stay for inspection after a failed run
    }

    public static Path inbound() {
        return root.resolve("inbound");
    }
}
