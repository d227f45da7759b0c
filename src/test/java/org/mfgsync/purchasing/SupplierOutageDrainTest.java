package org.mfgsync.purchasing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mfgsync.purchasing.Commits.poLine;
import static org.mfgsync.purchasing.Commits.purchaseOrder;
import static org.mfgsync.purchasing.PurchasingTestSupport.publish;
import static org.mfgsync.purchasing.PurchasingTestSupport.trace;
import static org.mfgsync.purchasing.PurchasingTestSupport.uniquePo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import jakarta.inject.Inject;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mfgsync.purchasing.PurchasingTestSupport.TraceStep;
import org.mfgsync.testing.KafkaBroker;
import org.mfgsync.testing.KafkaProbe;
import org.mfgsync.testing.SupplierPortalSimulator;
import org.mfgsync.testing.TestStack;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * "Two app instances draining the same target during a supplier outage: every staged PO revision delivered once", end
 * to end with the real broker and supplier-cobalt's portal (WireMock): while the portal answers 503, PO revisions of
 * several POs are held on supplier-cobalt's delivery topic; a second consumer of the same target group, claiming under
 * the same step as the application's own delivery route (what a second replica runs), shares the topic's partitions;
 * when the portal is back both drain it: every revision reaches the portal exactly once, in revision order per PO, and
 * is recorded once as delivered. (A held round sends a consumer back to Kafka, which rebalances the group: the
 * partitions move between the two while they hold and drain, as between replicas.)
 */
@QuarkusTest
@WithTestResource(TestStack.class)
class SupplierOutageDrainTest {

    static final String TARGET = "supplier-cobalt";
    static final String DELIVERY_TOPIC = "mfgsync.delivery." + TARGET + ".v1";
    static final String DELIVERY_ROUTE = "delivery." + TARGET;
    static final String SECOND_INSTANCE_ROUTE = "test.second-instance." + DELIVERY_ROUTE;
    static final String PORTAL = "/api/v1/purchase-orders";
    static final int PARTITIONS = 3;
    static final int POS_PER_PARTITION = 2;
    static final int REVISIONS = 3;

    WireMockServer portal = SupplierPortalSimulator.server();
    /** Idempotency key of a test PO revision → the delivery route (the application's or the second instance's) that delivered it. */
    Map<String, String> drainedBy = new ConcurrentHashMap<>();
    /** The delivery routes whose attempt at a test PO revision was held (the portal down). */
    Set<String> heldBy = ConcurrentHashMap.newKeySet();
    List<String> deliveredAgain = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<String> pos = posOnEveryPartition();
    EventNotifierSupport deliveries = new EventNotifierSupport() {
        @Override
        public void notify(CamelEvent event) {
            if (event instanceof CamelEvent.ExchangeSentEvent sent && sent.getEndpoint().getEndpointUri().equals("direct://resilience.deliver")) {
                String route = sent.getExchange().getFromRouteId();
                String key = sent.getExchange().getProperty("idempotencyKey", String.class);
                if (key == null || !pos.contains(key.split(":")[1])
                        || !(DELIVERY_ROUTE.equals(route) || SECOND_INSTANCE_ROUTE.equals(route))) {
                    return;
                }
                if (sent.getExchange().getException() == null) {
                    if (drainedBy.putIfAbsent(key, route) != null) {
                        deliveredAgain.add(key + " by " + route);
                    }
                } else {
                    heldBy.add(route);
                }
            }
        }
    };

    @Inject
    CamelContext camel;

    @Inject
    PurchaseOrderBook book;

    @Inject
    DataSource db;

    @BeforeEach
    void twoInstancesShareTheTargetsPartitions() throws Exception {
        portal.stubFor(post(urlEqualTo(PORTAL)).atPriority(10).willReturn(aResponse().withStatus(201)));
        // the application's consumer is stopped while the topic gets more partitions, so both consumers start with them
        camel.getRouteController().stopRoute(DELIVERY_ROUTE);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers()))) {
            int partitions = admin.describeTopics(List.of(DELIVERY_TOPIC)).allTopicNames().get().get(DELIVERY_TOPIC).partitions().size();
            if (partitions < PARTITIONS) {
                admin.createPartitions(Map.of(DELIVERY_TOPIC, NewPartitions.increaseTo(PARTITIONS))).all().get();
            }
        }
        camel.getRouteController().startRoute(DELIVERY_ROUTE);
        camel.addRoutes(new SecondInstance());
        deliveries.start();
        camel.getManagementStrategy().addEventNotifier(deliveries);
    }

    @AfterEach
    void secondInstanceGoes() throws Exception {
        camel.getManagementStrategy().removeEventNotifier(deliveries);
        deliveries.stop();
        camel.getRouteController().stopRoute(SECOND_INSTANCE_ROUTE);
        camel.removeRoute(SECOND_INSTANCE_ROUTE);
    }

    @Test
    void everyRevisionHeldDuringTheOutageIsDeliveredOnceInOrderByTwoInstances() throws Exception {
        StubMapping down = portal.stubFor(post(urlEqualTo(PORTAL)).atPriority(1).willReturn(aResponse().withStatus(503)));
        try {
            for (int revision = 1; revision <= REVISIONS; revision++) {
                for (String po : pos) {
                    publish("mfgsync.purchase-order-changed.v1", purchaseOrder("erp-cloud", "3000", po, revision, "SUP-COBALT",
                            poLine("10", "HYD-0815", String.valueOf(10 + revision), "2026-12-15", null)), po);
                }
            }
            // every revision is handed to the channel's topic (none skipped: none was delivered yet) and held there
            await().atMost(Duration.ofSeconds(30)).until(() -> KafkaProbe.records(DELIVERY_TOPIC, r -> pos.contains(po(r.key())))
                    .size() == pos.size() * REVISIONS);
            // the head of a partition is tried and held (alerted after a round); the rest wait behind it, in order; both
            // instances hold their share (the partitions move between them at each held round's rebalance)
            await().atMost(Duration.ofSeconds(60)).until(() -> pos.stream().anyMatch(po -> heldTrace(po)) && heldBy.size() == 2);
            assertThat(taken(pos)).as("nothing reached the supplier while its portal was down").isEmpty();
            for (String po : pos) {
                assertThat(book.find(po).orElseThrow().deliveredRevision()).isNull();
            }
        } finally {
            portal.removeStub(down);
        }

        // back up: both instances drain the held revisions
        await().atMost(Duration.ofSeconds(90)).until(() -> taken(pos).size() >= pos.size() * REVISIONS
                && pos.stream().allMatch(po -> deliveredTrace(po).size() >= REVISIONS));
        List<LoggedRequest> taken = taken(pos);
        for (String po : pos) {
            assertThat(taken).filteredOn(r -> r.getBodyAsString().contains("\"purchaseOrder\":\"" + po + "\""))
                    .extracting(r -> r.getHeader("Idempotency-Key"))
                    .as("revisions of %s taken by the portal", po)
                    .containsExactly("erp-cloud:" + po + ":1", "erp-cloud:" + po + ":2", "erp-cloud:" + po + ":3");
            assertThat(deliveredTrace(po)).as("supplier-delivered of %s", po).hasSize(REVISIONS)
                    .allSatisfy(step -> assertThat(step.target()).isEqualTo(TARGET));
            assertThat(trace(db, po)).extracting(TraceStep::outcome).doesNotContain("FAILED", "SKIPPED");
            assertThat(book.find(po).orElseThrow().deliveredRevision()).isEqualTo(REVISIONS);
        }
        assertThat(taken).hasSize(pos.size() * REVISIONS);
        // both instances worked the target during the outage; the drain is done by whichever holds the partitions then
        assertThat(heldBy).as("the delivery routes that tried and held revisions during the outage")
                .containsExactlyInAnyOrder(DELIVERY_ROUTE, SECOND_INSTANCE_ROUTE);
        assertThat(drainedBy).as("who delivered each revision").hasSize(pos.size() * REVISIONS);
        assertThat(deliveredAgain).as("revisions delivered a second time").isEmpty();
        assertThat(drainedBy.values()).isSubsetOf(DELIVERY_ROUTE, SECOND_INSTANCE_ROUTE);
    }

    /** POs whose deliveries fall on every partition of the target's topic (the hand-over key is target:PO). */
    private static List<String> posOnEveryPartition() {
        List<String> pos = new ArrayList<>();
        int[] onPartition = new int[PARTITIONS];
        while (pos.size() < PARTITIONS * POS_PER_PARTITION) {
            String po = uniquePo();
            int partition = Utils.toPositive(Utils.murmur2((TARGET + ":" + po).getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
            if (onPartition[partition] < POS_PER_PARTITION) {
                onPartition[partition]++;
                pos.add(po);
            }
        }
        return pos;
    }

    private static String po(String deliveryKey) {
        return deliveryKey == null ? null : deliveryKey.substring(deliveryKey.indexOf(':') + 1);
    }

    /** Portal calls of these POs that the portal took (not answered 503). */
    private List<LoggedRequest> taken(List<String> pos) {
        Set<String> failed = ConcurrentHashMap.newKeySet();
        portal.getAllServeEvents().stream().filter(e -> e.getResponse().getStatus() == 503)
                .forEach(e -> failed.add(e.getRequest().getId().toString()));
        return portal.findAll(postRequestedFor(urlEqualTo(PORTAL))).stream()
                .filter(r -> pos.stream().anyMatch(po -> r.getBodyAsString().contains("\"purchaseOrder\":\"" + po + "\"")))
                .filter(r -> !failed.contains(r.getId().toString()))
                .toList();
    }

    private boolean heldTrace(String po) {
        try {
            return trace(db, po).stream().anyMatch(t -> t.step().equals("supplier-delivered") && t.outcome().equals("HELD"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<TraceStep> deliveredTrace(String po) {
        try {
            return trace(db, po).stream().filter(t -> t.step().equals("supplier-delivered") && t.outcome().equals("DONE")).toList();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * What a second replica runs for the target: the target-delivery route of routes/resilience/target-delivery.camel.yaml,
     * same consumer group, its claims under the same step (a replica's route has the same id as this one's).
     */
    class SecondInstance extends RouteBuilder {
        @Override
        public void configure() {
            from("kafka:" + DELIVERY_TOPIC + "?groupId=mfgsync-delivery-" + TARGET + "&batching=true")
                    .routeId(SECOND_INSTANCE_ROUTE)
                    .errorHandler(noErrorHandler())
                    .setProperty("target", constant(TARGET))
                    .process(this::asTheReplicasRoute)
                    .bean("pollBatches", "process(${exchange}, 'direct:resilience.deliver', '" + TARGET + ":')");
        }

        private void asTheReplicasRoute(Exchange batch) {
            batch.getExchangeExtension().setFromRouteId(DELIVERY_ROUTE);
        }
    }
}
