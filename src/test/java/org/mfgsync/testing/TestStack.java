package org.mfgsync.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Every peer the end-to-end tests need, started once for all of them: one application boot serves every
 * {@code @QuarkusTest} that uses this resource (and no other), so add new end-to-end tests with exactly
 * <pre>
 * &#64;QuarkusTest
 * &#64;WithTestResource(TestStack.class)
 * </pre>
 * and nothing else. Quarkus restarts the application whenever the next test class has another set of test
 * resources or another {@code @TestProfile} (io.quarkus.test.common.TestResourceManager#testResourcesRequireReload),
 * so a test class with its own resource or profile costs a boot and a broker start of its own.
 * <p>
 * The stack: a Kafka broker; WireMock servers for the cloud ERP, the QMS and supplier-cobalt's portal; erp-legacy-a's
 * SFTP server, supplier-cobalt's SFTP server, supplier-bolt's FTP server and supplier-delta's FTPS server; the drop
 * folders of supplier-acme and of the fixed-width test instance; erp-legacy-b's database (H2 over TCP); mfgsync's own
 * state database (H2 over TCP, so it can be taken away mid-flow); an OTLP collector (WireMock) that the application
 * exports its spans to (tracing export on, as a deployment turns it on: by configuration only); and one
 * temporary copy of {@code routes/} and {@code mappings/} that the application runs from (hot reload on), with the
 * test-only connector instances added ({@code suppliers/test-fixed-width.camel.yaml},
 * {@code suppliers/test-ftps.camel.yaml}, the intake conventions' {@code suppliers/test-intake-conventions.camel.yaml}).
 * <p>
 * Tests sharing one application must not depend on each other's leftovers: each test makes its own data unique
 * (lots, POs, correlation ids), sets the WireMock stubs it needs (and resets a simulator where it asserts on
 * everything the simulator saw), and puts back what it changes (route and mapping files, a peer it takes down, a
 * route it starts).
 */
public class TestStack implements QuarkusTestResourceLifecycleManager {

    /**
     * Settings several parts return for themselves and that the stack sets once: the connectors' local work folder
     * (each remote instance works in its own sub-folder of it).
     */
    static final Set<String> STACK_SETTINGS = Set.of("mfgsync.connectors.work-dir");

    /** In start order: the folders copy first, the broker next. */
    private final List<QuarkusTestResourceLifecycleManager> parts = List.of(new ReloadFolders(), new KafkaBroker(),
            new ErpSimulator(), new QmsSimulator(), new SupplierPortalSimulator(), new SftpServer(), new SupplierSftpServer(),
            new FtpServer(), new FtpsServer(), new DropFolders(), new FixedWidthDropFolder(), new IntakeConventions(),
            new ErpLegacyBDatabase(), new StateDatabaseServer(), new OtlpCollector());

    private final List<QuarkusTestResourceLifecycleManager> started = new ArrayList<>();

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new LinkedHashMap<>();
        for (QuarkusTestResourceLifecycleManager part : parts) {
            Map<String, String> own = part.start();
            started.add(part);
            own.forEach((key, value) -> {
                String before = config.putIfAbsent(key, value);
                if (before != null && !before.equals(value) && !STACK_SETTINGS.contains(key)) {
                    throw new IllegalStateException("Two parts of the test stack set " + key + " differently: " + before
                            + " and " + value + " (" + part.getClass().getSimpleName() + ")");
                }
            });
        }
        try {
            // the test-only connector instances, in the routes folder the application will load
            FixedWidthDropFolder.addInstance(ReloadFolders.routes());
            FtpsServer.addInstance(ReloadFolders.routes());
            IntakeConventions.addInstances(ReloadFolders.routes(), ReloadFolders.mappings());
            config.put("mfgsync.connectors.work-dir", Files.createTempDirectory("mfgsync-work-").toString());
            // Apache FtpServer logs every FTP command and reply at INFO: with the connectors polling, four fifths of the
            // suite's output and a steady share of its CPU. Its warnings and errors are still logged.
            config.put("quarkus.log.category.\"org.apache.ftpserver\".level", "WARN");
            // a consumer left for dead (KafkaOutageFaultInjectionTest stops the broker: Camel replaces the consumer
            // without it leaving its group) holds its group's rebalance until its session times out: 10 s, not 45 s
            config.put("camel.component.kafka.session-timeout-ms", "10000");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return config;
    }

    @Override
    public void stop() {
        RuntimeException failure = null;
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).stop();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        started.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
