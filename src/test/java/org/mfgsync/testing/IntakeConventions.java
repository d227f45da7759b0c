package org.mfgsync.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Partners with a completion convention, on the test SFTP server ({@link SftpServer}) and FTP server
 * ({@link FtpServer}), as test connector instances that {@link TestStack} adds to its copy of {@code routes/}:
 * {@code test-marker} (SFTP folder {@code /marker}: a file is complete once {@code <name>.done} is there) and
 * {@code test-rename} (FTP folder {@code supplier-bolt/renamed}: written as {@code .part}, then renamed; every name
 * included, so the temporary names must be refused by the convention itself); {@code test-slow-sftp} and
 * {@code test-slow-ftp} (SFTP folder {@code /slow}, FTP folder {@code supplier-bolt/slow}: no convention, so a file is
 * taken once its size and time stayed the same for {@value #STABLE_SECONDS} s, longer than the pauses of the slow
 * writers in the tests); all four read erp-legacy-a's PO export CSV. {@code test-trailer} (SFTP folder
 * {@code /trailer}: fixed-width files with a trailer count, erp-legacy-a's commit file layout, through a test mapping
 * added to the copy of {@code mappings/}). {@code test-poison} (a local folder) fails every file after claiming it, to
 * be quarantined. {@code test-limits} (SFTP folder {@code /limits}, rename convention) has small limits on file size,
 * line length and records; {@code test-rename} the same size limit. All publish to {@value #TOPIC}, which no workflow reads. The shipped instances keep the test
 * profile's short minimum age, so that the other end-to-end tests do not wait. The shipped {@code supplier-echo}
 * instance (a partner CSV dialect) is pointed at folder {@code /supplier-echo} of the same SFTP server. A part of
 * {@link TestStack}.
 */
public class IntakeConventions implements QuarkusTestResourceLifecycleManager {

    public static final String TOPIC = "mfgsync.test-intake.v1";
    public static final int STABLE_SECONDS = 5;
    /** Limits of {@code test-limits} (SFTP) and, for the size, of {@code test-rename} (FTP). */
    public static final int MAX_FILE_BYTES = 16_384;
    public static final int MAX_LINE_LENGTH = 300;
    public static final int MAX_RECORDS = 20;

    /** The test instances' route file; {@code %1$s} is {@link #TOPIC}. */
    static final String INSTANCES = """
                    # test only: partners with and without a completion convention on SFTP and FTP, a trailer partner, a poison file
                    - templatedRoute:
                        routeTemplateRef: connector-file-inbound
                        routeId: suppliers.test-marker-in
                        parameters:
                          - {name: instance, value: test-marker}
                          - {name: system, value: erp-legacy}
                          - {name: transport, value: sftp}
                          - {name: location, value: "{{mfgsync.connectors.endpoints.erp-legacy-a.location}}/marker"}
                          - name: transportOptions
                            value: "localWorkDirectory={{mfgsync.connectors.work-dir}}/test-marker"
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
                            value: "passiveMode=true&binary=true&localWorkDirectory={{mfgsync.connectors.work-dir}}/test-rename"
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
                        routeId: suppliers.test-slow-sftp-in
                        parameters:
                          - {name: instance, value: test-slow-sftp}
                          - {name: system, value: erp-legacy}
                          - {name: transport, value: sftp}
                          - {name: location, value: "{{mfgsync.connectors.endpoints.erp-legacy-a.location}}/slow"}
                          - name: transportOptions
                            value: "localWorkDirectory={{mfgsync.connectors.work-dir}}/test-slow-sftp"
                          - {name: pollDelay, value: "300"}
                          - {name: layout, value: erp-legacy-a/purchase-orders.beanio.xml}
                          - {name: stream, value: purchase-orders}
                          - {name: groupBy, value: poNumber}
                          - {name: mapping, value: erp-legacy-a/purchase-order-changed.jsonata}
                          - {name: topic, value: %1$s}
                          - {name: partitionKey, value: purchaseOrder}
                    - templatedRoute:
                        routeTemplateRef: connector-file-inbound
                        routeId: suppliers.test-slow-ftp-in
                        parameters:
                          - {name: instance, value: test-slow-ftp}
                          - {name: system, value: erp-legacy}
                          - {name: transport, value: ftp}
                          - {name: location, value: "{{mfgsync.connectors.endpoints.supplier-bolt.location}}/slow"}
                          - name: transportOptions
                            value: "passiveMode=true&binary=true&localWorkDirectory={{mfgsync.connectors.work-dir}}/test-slow-ftp"
                          - {name: pollDelay, value: "300"}
                          - {name: layout, value: erp-legacy-a/purchase-orders.beanio.xml}
                          - {name: stream, value: purchase-orders}
                          - {name: groupBy, value: poNumber}
                          - {name: mapping, value: erp-legacy-a/purchase-order-changed.jsonata}
                          - {name: topic, value: %1$s}
                          - {name: partitionKey, value: purchaseOrder}
                    - templatedRoute:
                        routeTemplateRef: connector-file-inbound
                        routeId: suppliers.test-limits-in
                        parameters:
                          - {name: instance, value: test-limits}
                          - {name: system, value: erp-legacy}
                          - {name: transport, value: sftp}
                          - {name: location, value: "{{mfgsync.connectors.endpoints.erp-legacy-a.location}}/limits"}
                          - name: transportOptions
                            value: "localWorkDirectory={{mfgsync.connectors.work-dir}}/test-limits"
                          - {name: pollDelay, value: "300"}
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
                            value: "localWorkDirectory={{mfgsync.connectors.work-dir}}/test-trailer"
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
                    """;

    /** Test only: one detail record of a fixed-width commit file becomes one event. */
    static final String TRAILER_MAPPING = """
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
                    """;

    private static Path poison;

    /** The folder of {@code test-poison}, whose every file fails after it is claimed (quarantined after 3 attempts). */
    public static Path poisonFolder() {
        return poison;
    }

    @Override
    public Map<String, String> start() {
        try {
            poison = Files.createTempDirectory("mfgsync-intake-poison-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> config = new HashMap<>();
        config.put("mfgsync.connectors.endpoints.test-trailer.intake.stable-for", "1s");
        config.put("mfgsync.connectors.endpoints.test-poison.location", poison.toString());
        config.put("mfgsync.connectors.endpoints.test-poison.intake.completion", "rename");
        config.put("mfgsync.connectors.endpoints.test-poison.intake.max-attempts", "3");
        config.put("mfgsync.connectors.endpoints.test-marker.intake.completion", "marker");
        config.put("mfgsync.connectors.endpoints.test-marker.intake.marker-file", "{name}.done");
        config.put("mfgsync.connectors.endpoints.test-rename.intake.completion", "rename");
        config.put("mfgsync.connectors.endpoints.test-rename.intake.max-file-size", MAX_FILE_BYTES + "");
        config.put("mfgsync.connectors.endpoints.test-limits.intake.completion", "rename");
        config.put("mfgsync.connectors.endpoints.test-limits.intake.max-file-size", MAX_FILE_BYTES + "");
        config.put("mfgsync.connectors.endpoints.test-limits.intake.max-line-length", MAX_LINE_LENGTH + "");
        config.put("mfgsync.connectors.endpoints.test-limits.intake.max-records", MAX_RECORDS + "");
        config.put("mfgsync.connectors.endpoints.test-slow-sftp.intake.stable-for", STABLE_SECONDS + "s");
        // the shipped supplier-echo instance (its own CSV dialect), on erp-legacy-a's test SFTP server
        String echo = "mfgsync.connectors.endpoints.supplier-echo.";
        config.put(echo + "enabled", "true");
        config.put(echo + "location", "${mfgsync.connectors.endpoints.erp-legacy-a.location}/supplier-echo");
        config.put(echo + "poll-delay", "300");
        // every instance has its own connection settings: the test instances log in as erp-legacy-a (SFTP, key) and
        // supplier-bolt (FTP) do
        for (String instance : List.of("supplier-echo", "test-marker", "test-slow-sftp", "test-limits", "test-trailer")) {
            sameConnection(config, instance, "erp-legacy-a", "enabled", "username", "private-key-file",
                    "private-key-passphrase", "known-hosts-file");
        }
        for (String instance : List.of("test-rename", "test-slow-ftp")) {
            sameConnection(config, instance, "supplier-bolt", "username", "password", "tls", "plain-ftp-waiver");
        }
        config.put("mfgsync.connectors.endpoints.test-slow-ftp.intake.stable-for", STABLE_SECONDS + "s");
        return config;
    }

    private static void sameConnection(Map<String, String> config, String instance, String as, String... keys) {
        for (String key : keys) {
            config.putIfAbsent("mfgsync.connectors.endpoints." + instance + "." + key,
                    "${mfgsync.connectors.endpoints." + as + "." + key + "}");
        }
    }

    /**
     * Adds the test instances' route file ({@code suppliers/test-intake-conventions.camel.yaml}) and the trailer
     * instance's mapping ({@code test-intake/commit-file.jsonata}) to the folders the application runs from.
     */
    static void addInstances(Path routes, Path mappings) throws IOException {
        Files.createDirectories(routes.resolve("suppliers"));
        Files.writeString(routes.resolve("suppliers/test-intake-conventions.camel.yaml"), INSTANCES.formatted(TOPIC));
        Files.createDirectories(mappings.resolve("test-intake"));
        Files.writeString(mappings.resolve("test-intake/commit-file.jsonata"), TRAILER_MAPPING);
    }

    @Override
    public void stop() {
        // the temporary folders stay for inspection after a failed run
    }
}
