package org.mfgsync.connectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.inject.Inject;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import io.smallrye.health.api.Wellness;
import org.mfgsync.resilience.CircuitBreakers;
import org.mfgsync.resilience.FailureClassifier;
import org.mfgsync.resilience.TargetUnavailableException;
import org.mfgsync.testing.DropFolders;
import org.mfgsync.testing.FtpServer;
import org.mfgsync.testing.SupplierPortalSimulator;
import org.mfgsync.testing.TargetCalls;
import org.mfgsync.testing.TestStack;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The supplier channels' PO revision operation {@code direct:supplier.<channel>.purchase-orders}, called as the PO
 * revision workflow calls it: supplier-acme (standard PO CSV in its drop folder tree's outbound/), supplier-bolt (the
 * same on a real FTP server) and supplier-cobalt (a REST push to its portal, played by WireMock).
 */
@QuarkusTest
@WithTestResource(TestStack.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SupplierPurchaseOrderChannelsTest {

    static final Path GOLDEN = Path.of("mappings/supplier-standard-csv/tests");
    static final String GOLDEN_PO = "4500017001";
    static final String COBALT_PATH = "/api/v1/purchase-orders";

    @Inject
    ProducerTemplate producer;

    @Inject
    CamelContext camel;

    @Inject
    @Wellness
    CircuitBreakers circuitBreakers;

    WireMockServer portal = SupplierPortalSimulator.server();

    @AfterEach
    void portalAcceptsAgain() {
        portal.resetAll();
    }

    // ---- supplier-acme: local drop folder -------------------------------------------------------------------------

    @Test
    @Order(1)
    void shouldPutTheStandardPoFileIntoSupplierAcmesOutboundFolderComplete() throws Exception {
        String po = uniquePo();
        Path outbound = DropFolders.root().resolve("supplier-acme/outbound");
        String name = "PO_" + po + "_REV0.csv";

        List<WatchEvent<?>> seen;
        try (FolderWatch watch = new FolderWatch(outbound)) {
            Exchange call = TargetCalls.call(producer, "direct:supplier.supplier-acme.purchase-orders",
                    event("purchase-orders-created", po), "erp-legacy-a:" + po + ":0", "supplier-acme");
            assertThat(call.getException()).isNull();
            seen = watch.eventsUpTo("zz-sentinel-" + po);
        }

        assertThat(Files.readString(outbound.resolve(name))).isEqualTo(expected("purchase-orders-created", po));
        // the final name only ever appeared by a rename of the complete file: created, never modified in place
        assertThat(seen).filteredOn(e -> e.context().toString().equals(name)).extracting(e -> e.kind().name())
                .containsExactly("ENTRY_CREATE");
        assertThat(seen).extracting(e -> e.context().toString()).contains(".part-" + name);
        assertThat(outbound.resolve(".part-" + name)).doesNotExist();
    }

    @Test
    @Order(2)
    void shouldDeliverAPoRevisionToSupplierAcmeOnlyOnceForTheSameKey() throws IOException {
        String po = uniquePo();
        Path outbound = DropFolders.root().resolve("supplier-acme/outbound");
        String name = "PO_" + po + "_REV1.csv";
        String key = "erp-legacy-a:" + po + ":1";

        assertThat(TargetCalls.call(producer, "direct:supplier.supplier-acme.purchase-orders",
                event("purchase-orders-revised-line-cancelled", po), key, "supplier-acme").getException()).isNull();
        assertThat(Files.readString(outbound.resolve(name))).isEqualTo(expected("purchase-orders-revised-line-cancelled", po));
        // the supplier fetched it; a retry or replay of the same revision must not give it a second time
        Files.delete(outbound.resolve(name));
        assertThat(TargetCalls.call(producer, "direct:supplier.supplier-acme.purchase-orders",
                event("purchase-orders-revised-line-cancelled", po), key, "supplier-acme").getException()).isNull();

        assertThat(outbound.resolve(name)).doesNotExist();
    }

    @Test
    @Order(3)
    void shouldFailAsPermanentWhenTheMappingRefusesTheDocument() throws IOException {
        String po = uniquePo();
        String notAPurchaseOrder = Files.readString(Path.of("schemas/samples/inventory-status-changed/valid-blocked-lot.json"));

        Exchange failed = TargetCalls.call(producer, "direct:supplier.supplier-acme.purchase-orders", notAPurchaseOrder,
                "erp-legacy-a:" + po + ":0", "supplier-acme");

        assertThat(FailureClassifier.isPermanent(failed.getException())).as("%s", failed.getException()).isTrue();
        assertThat(failed.getException()).hasMessageContaining("Not a PurchaseOrderChanged event: InventoryStatusChanged");
    }

    // ---- supplier-bolt: FTP -----------------------------------------------------------------------------------------

    @Test
    @Order(4)
    void shouldUploadTheStandardPoFileToSupplierBoltsOutboundFolderOnTheFtpServerOnce() throws IOException {
        String po = uniquePo();
        String name = "PO_" + po + "_REV1.csv";
        String key = "erp-legacy-a:" + po + ":1";

        for (int call = 0; call < 2; call++) {
            assertThat(TargetCalls.call(producer, "direct:supplier.supplier-bolt.purchase-orders",
                    event("purchase-orders-revised-line-cancelled", po), key, "supplier-bolt").getException()).isNull();
        }

        assertThat(Files.readString(FtpServer.root().resolve("supplier-bolt/outbound").resolve(name)))
                .isEqualTo(expected("purchase-orders-revised-line-cancelled", po));
        // stored once, under the temporary name, then renamed: the final name never held half a file
        List<String> events = FtpServer.fileEvents().stream().filter(e -> e.contains(name)).toList();
        assertThat(events).containsExactly(
                "STOR .part-" + name + " -> 226",
                "RNFR supplier-bolt/outbound/.part-" + name + " -> 350",
                "RNTO supplier-bolt/outbound/" + name + " -> 250");
    }

    // ---- supplier-cobalt: REST -------------------------------------------------------------------------------------

    @Test
    @Order(5)
    void shouldPostThePurchaseOrderToSupplierCobaltOnceWithItsKeysAndToken() throws IOException {
        portal.stubFor(post(urlEqualTo(COBALT_PATH)).willReturn(aResponse().withStatus(201)));
        String po = uniquePo();
        String key = "erp-legacy-a:" + po + ":0";
        String event = event("purchase-orders-created", po);

        Exchange first = TargetCalls.call(producer, "direct:supplier.supplier-cobalt.purchase-orders", event, key, "supplier-cobalt");
        Exchange second = TargetCalls.call(producer, "direct:supplier.supplier-cobalt.purchase-orders", event, key, "supplier-cobalt");

        assertThat(first.getException()).isNull();
        assertThat(second.getException()).isNull();
        List<LoggedRequest> calls = portal.findAll(postRequestedFor(urlEqualTo(COBALT_PATH))
                .withHeader("Idempotency-Key", equalTo(key))
                .withHeader("X-Correlation-Id", equalTo(first.getProperty("correlationId", String.class)))
                .withHeader("Authorization", equalTo("Bearer " + SupplierPortalSimulator.TOKEN))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson(event)));
        assertThat(calls).hasSize(1);
        assertThat(portal.getAllServeEvents()).hasSize(1);
        // the caller's document is given back as it was
        assertThat(first.getMessage().getBody(String.class)).isEqualTo(event);
        // the instance's breaker is the one health and metrics report for target supplier-cobalt
        assertThat(camel.getProcessor("supplier-cobalt.circuit-breaker")).isNotNull();
        assertThat(circuitBreakers.states()).containsEntry("supplier-cobalt", "CLOSED");
    }

    @Test
    @Order(6)
    void shouldFailAsPermanentWhenSupplierCobaltRefusesThePurchaseOrder() throws IOException {
        portal.stubFor(post(urlEqualTo(COBALT_PATH)).willReturn(aResponse().withStatus(422)
                .withHeader("Content-Type", "application/problem+json").withBody("{\"title\": \"unknown item\"}")));
        String po = uniquePo();

        Exchange refused = TargetCalls.call(producer, "direct:supplier.supplier-cobalt.purchase-orders",
                event("purchase-orders-created", po), "erp-legacy-a:" + po + ":0", "supplier-cobalt");

        assertThat(FailureClassifier.isPermanent(refused.getException())).as("%s", refused.getException()).isTrue();
        assertThat(FailureClassifier.errorClasses(refused.getException())).first().isEqualTo("http-422");
    }

    /** Last: the failures may open supplier-cobalt's breaker; the test ends once the portal is reached again. */
    @Test
    @Order(7)
    void shouldFailAsTransientWhileSupplierCobaltIsUnavailableOrTooSlowAndSendOnceItIsBack() throws IOException {
        String po = uniquePo();
        String key = "erp-legacy-a:" + po + ":0";
        String event = event("purchase-orders-created", po);

        portal.stubFor(post(urlEqualTo(COBALT_PATH)).willReturn(aResponse().withStatus(503).withHeader("Retry-After", "1")));
        Exchange unavailable = TargetCalls.call(producer, "direct:supplier.supplier-cobalt.purchase-orders", event, key, "supplier-cobalt");
        assertThat(FailureClassifier.isTransient(unavailable.getException())).as("%s", unavailable.getException()).isTrue();

        // slower than the call's timeout (1.5 s here)
        portal.stubFor(post(urlEqualTo(COBALT_PATH)).willReturn(aResponse().withStatus(201).withFixedDelay(4000)));
        Exchange slow = TargetCalls.call(producer, "direct:supplier.supplier-cobalt.purchase-orders", event, key, "supplier-cobalt");
        assertThat(FailureClassifier.isTransient(slow.getException())).as("%s", slow.getException()).isTrue();

        // back: the same key goes through (a failed call does not count as sent), once the breaker lets calls pass
        portal.stubFor(post(urlEqualTo(COBALT_PATH)).willReturn(aResponse().withStatus(201)));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Exception failure = TargetCalls.call(producer, "direct:supplier.supplier-cobalt.purchase-orders", event, key,
                    "supplier-cobalt").getException();
            assertThat(failure).as("only the open breaker may refuse it now").satisfiesAnyOf(
                    f -> assertThat(f).isNull(), f -> assertThat(f).isInstanceOf(TargetUnavailableException.class));
            return failure == null;
        });
        assertThat(portal.findAll(postRequestedFor(urlEqualTo(COBALT_PATH)).withHeader("Idempotency-Key", equalTo(key))))
                .extracting(r -> r.getHeader("Idempotency-Key")).hasSizeGreaterThanOrEqualTo(3).containsOnly(key);
        // and once sent, never again
        int requests = portal.getAllServeEvents().size();
        Exchange again = TargetCalls.call(producer, "direct:supplier.supplier-cobalt.purchase-orders", event, key, "supplier-cobalt");
        assertThat(again.getException()).isNull();
        assertThat(portal.getAllServeEvents()).hasSize(requests);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------------

    static String uniquePo() {
        return "47" + ThreadLocalRandom.current().nextLong(10_000_000L, 99_999_999L);
    }

    /** A golden canonical PurchaseOrderChanged for another PO number. */
    static String event(String goldenCase, String po) throws IOException {
        return Files.readString(GOLDEN.resolve(goldenCase + ".canonical.json")).replace(GOLDEN_PO, po);
    }

    /** The golden file's content for another PO number (its first line, the file name, left out). */
    static String expected(String goldenCase, String po) throws IOException {
        String expected = Files.readString(GOLDEN.resolve(goldenCase + ".expected.txt")).replace(GOLDEN_PO, po);
        return expected.substring(expected.indexOf('\n') + 1);
    }

    /** Watches a folder (inotify on Linux); events arrive in the order they happened. */
    static final class FolderWatch implements AutoCloseable {
        private final Path folder;
        private final WatchService service;

        FolderWatch(Path folder) throws IOException {
            this.folder = folder;
            this.service = FileSystems.getDefault().newWatchService();
            folder.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
        }

        /** Every event until a sentinel file created now is seen: everything that happened before it is included. */
        List<WatchEvent<?>> eventsUpTo(String sentinel) throws Exception {
            Files.writeString(folder.resolve(sentinel), "");
            List<WatchEvent<?>> events = new ArrayList<>();
            try {
                while (events.stream().noneMatch(e -> e.context().toString().equals(sentinel))) {
                    WatchKey key = service.poll(30, java.util.concurrent.TimeUnit.SECONDS);
                    assertThat(key).as("folder events within 30 s").isNotNull();
                    events.addAll(key.pollEvents());
                    key.reset();
                }
            } finally {
                Files.deleteIfExists(folder.resolve(sentinel));
            }
            assertThat(events).noneMatch(e -> e.kind() == StandardWatchEventKinds.OVERFLOW);
            return events;
        }

        @Override
        public void close() throws IOException {
            service.close();
        }
    }
}
