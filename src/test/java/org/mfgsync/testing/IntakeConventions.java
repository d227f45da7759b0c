package org.mfgsync.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Partners with a completion convention, on the test SFTP server ({@link SftpServer}) and FTP server
 * ({@link FtpServer}): two test connector instances added to a copy of {@code routes/} —
 * {@code test-marker} (SFTP folder {@code /marker}: a file is complete once {@code <name>.done} is there) and
 * {@code test-rename} (FTP folder {@code supplier-bolt/renamed}: written as {@code .part}, then renamed; every name
 * included, so the temporary names must be refused by the convention itself), both reading erp-legacy-a's PO export
 * CSV; and {@code test-trailer} (SFTP folder {@code /trailer}: fixed-width files with a trailer count, erp-legacy-a's
 * commit file layout, through a test mapping added to a copy of {@code mappings/}). All publish to {@value #TOPIC},
 * which no workflow reads. {@code test-poison} (a local folder) fails every file after claiming it, to be quarantined. erp-legacy-a and supplier-bolt (no convention) wait
 * {@value #STABLE_SECONDS} s of unchanged size and time, longer than the pauses of the slow writers in the tests.
 */
public class IntakeConventions implements QuarkusTestResourceLifecycleManager {

    public static final String TOPIC = "mfgsync.test-intake.v1";
    public static final int STABLE_SECONDS = 5;

    private static Path poison;

    /** The folder of {@code test-poison}, whose every file fails after it is claimed (quarantined after 3 attempts). */
    public static Path poisonFolder() {
        return poison;
    }

    @Override
    public Map<String, String> start() {
        Path routes;
        Path mappings;
        try {
            routes = Files.createTempDirectory("mfgsync-intake-routes-");
            ReloadFolders.copyTree(Path.of("routes"), routes);
            Files.createDirectories(routes.resolve("suppliers"));
            Files.writeString(routes.resolve("suppliers/test-intake-conventions.camel.yaml"), """
                    # test only: a marker-file partner on SFTP and a rename partner on FTP
                    - templatedRoute:
                        routeTemplateRef: connector-file-inbound
                        routeId: suppliers.test-marker-in
                        parameters:
                          - {name: instance, value: test-marker}
                          - {name: system, value: erp-legacy}
                          - {name: transport, value: sftp}
                          - {name: location, value: "{{mfgsync.connectors.endpoints.erp-legacy-a.location}}/marker"}
                          - name: transportOptions
                            value: "username={{mfgsync.connectors.endpoints.erp-legacy-a.username}}&password=RAW({{mfgsync.connectors.endpoints.erp-legacy-a.password}})&localWorkDirectory={{mfgsync.connectors.work-dir}}/test-marker&knownHostsFile={{mfgsync.connectors.endpoints.erp-legacy-a.known-hosts-file}}&strictHostKeyChecking=yes&useUserKnownHostsFile=false"
                          - {name: pollDelay, value: "300"}
                          - {name: layout, value: erp-legacy-a/purchase-orders.beanio.xml}
                          - {name: stream, value: purchase-orders}
                          - {name: groupBy, value: poNumber}
                          - {name: mapping, value: erp-legacy-a/purchase-order-changed.jsonata}
                          - {name: topic, value: %1$s}
                          - {name: partitionKey, value: purchaseOrder}
                    - templatedRoute:
                        routeTemplateRef: connector-file-inbound
                        routeId: suppliers.test-rename-in
                        parameters:
                          - {name: instance, value: test-rename}
                          - {name: system, value: erp-legacy}
                          - {name: transport, value: ftp}
                          - {name: location, value: "{{mfgsync.connectors.endpoints.supplier-bolt.location}}/renamed"}
                          - name: transportOptions
                            value: "username={{mfgsync.connectors.endpoints.supplier-bolt.username}}&password=RAW({{mfgsync.connectors.endpoints.supplier-bolt.password}})&passiveMode=true&binary=true&localWorkDirectory={{mfgsync.connectors.work-dir}}/test-rename"
                          - {name: pollDelay, value: "300"}
                          - {name: include, value: ".*"}
                          - {name: layout, value: erp-legacy-a/purchase-orders.beanio.xml}
                          - {name: stream, value: purchase-orders}
                          - {name: groupBy, value: poNumber}
                          - {name: mapping, value: erp-legacy-a/purchase-order-changed.jsonata}
                          - {name: topic, value: %1$s}
                          - {name: partitionKey, value: purchaseOrder}
                    - templatedRoute:
                        routeTemplateRef: connector-file-inbound
                        routeId: suppliers.test-trailer-in
                        parameters:
                          - {name: instance, value: test-trailer}
                          - {name: system, value: erp-legacy}
                          - {name: transport, value: sftp}
                          - {name: location, value: "{{mfgsync.connectors.endpoints.erp-legacy-a.location}}/trailer"}
                          - name: transportOptions
                            value: "username={{mfgsync.connectors.endpoints.erp-legacy-a.username}}&password=RAW({{mfgsync.connectors.endpoints.erp-legacy-a.password}})&localWorkDirectory={{mfgsync.connectors.work-dir}}/test-trailer&knownHostsFile={{mfgsync.connectors.endpoints.erp-legacy-a.known-hosts-file}}&strictHostKeyChecking=yes&useUserKnownHostsFile=false"
                          - {name: pollDelay, value: "300"}
                          - {name: include, value: ".*\\\\.txt"}
                          - {name: format, value: fixed}
                          - {name: layout, value: erp-legacy-a/supplier-commits-out.beanio.xml}
                          - {name: stream, value: supplier-commits-out}
                          - {name: mapping, value: test-intake/commit-file.jsonata}
                          - {name: topic, value: %1$s}
                          - {name: partitionKey, value: purchaseOrder}
                    - templatedRoute:
                        routeTemplateRef: connector-file-inbound
                        routeId: suppliers.test-poison-in
                        parameters:
                          - {name: instance, value: test-poison}
                          - {name: system, value: erp-legacy}
                          - {name: transport, value: file}
                          - {name: location, value: "{{mfgsync.connectors.endpoints.test-poison.location}}"}
                          - {name: pollDelay, value: "300"}
                          - {name: layout, value: erp-legacy-a/purchase-orders.beanio.xml}
                          - {name: stream, value: purchase-orders}
                          - {name: groupBy, value: poNumber}
                          - {name: mapping, value: erp-legacy-a/purchase-order-changed.jsonata}
                          - {name: topic, value: %1$s}
                          # a business key the mapping does not give: every attempt at a file fails in its middle
                          - {name: partitionKey, value: shipment}
                    """.formatted(TOPIC));
            poison = Files.createTempDirectory("mfgsync-intake-poison-");
            mappings = Files.createTempDirectory("mfgsync-intake-mappings-");
            ReloadFolders.copyTree(Path.of("mappings"), mappings);
            Files.createDirectories(mappings.resolve("test-intake"));
            Files.writeString(mappings.resolve("test-intake/commit-file.jsonata"), """
                    (
                      /* test only: one detail record of a fixed-width commit file becomes one event */
                      $d := records[0];
                      {
                        "eventType": "SupplierCommitChanged",
                        "schemaVersion": "1.0",
                        "source": {"system": "erp-legacy", "instance": instance},
                        "plant": "1000",
                        "businessKeys": {"purchaseOrder": $d.poNumber, "poLine": $d.poLine},
                        "idempotencyKey": instance & ":" & $d.poNumber & ":" & $d.poLine,
                        "payload": {"purchaseOrder": $d.poNumber, "poLine": $d.poLine, "item": $d.material}
                      }
                    )
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> config = new HashMap<>();
        config.put("mfgsync.routes-dir", routes.toString());
        config.put("mfgsync.mappings-dir", mappings.toString());
        config.put("mfgsync.connectors.endpoints.test-trailer.intake.stable-for", "1s");
        config.put("mfgsync.connectors.endpoints.test-poison.location", poison.toString());
        config.put("mfgsync.connectors.endpoints.test-poison.intake.completion", "rename");
        config.put("mfgsync.connectors.endpoints.test-poison.intake.max-attempts", "3");
        config.put("mfgsync.connectors.endpoints.test-marker.intake.completion", "marker");
        config.put("mfgsync.connectors.endpoints.test-marker.intake.marker-file", "{name}.done");
        config.put("mfgsync.connectors.endpoints.test-rename.intake.completion", "rename");
        config.put("mfgsync.connectors.endpoints.erp-legacy-a.intake.stable-for", STABLE_SECONDS + "s");
        config.put("mfgsync.connectors.endpoints.supplier-bolt.intake.stable-for", STABLE_SECONDS + "s");
        return config;
    }

    @Override
    public void stop() {
        // the temporary folders stay for inspection after a failed run
    }
}
