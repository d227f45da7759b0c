package org.mfgsync.purchasing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mfgsync.purchasing.Commits.poLine;
import static org.mfgsync.purchasing.Commits.purchaseOrder;
import static org.mfgsync.purchasing.PurchasingTestSupport.awaitException;
import static org.mfgsync.purchasing.PurchasingTestSupport.publish;
import static org.mfgsync.purchasing.PurchasingTestSupport.trace;
import static org.mfgsync.purchasing.PurchasingTestSupport.uniquePo;
import static org.mfgsync.testing.SignedWebhooks.signed;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mfgsync.purchasing.PurchasingTestSupport.TraceStep;
import org.mfgsync.governance.webhooks.WebhookGate;
import org.mfgsync.testing.KafkaProbe;
import org.mfgsync.testing.ManagementPort;
import org.mfgsync.testing.Schemas;
import org.mfgsync.testing.SignedWebhooks;
import org.mfgsync.testing.DropFolders;
import org.mfgsync.testing.SupplierPortalSimulator;
import org.mfgsync.testing.TestStack;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The PO revision workflow end to end against a real Kafka broker and the real supplier channels (supplier-acme's drop
 * folder, supplier-cobalt's portal as WireMock): the cloud ERP's signed webhook → canonical PurchaseOrderChanged → PO
 * book → handed to the supplier's channel from its profile (the channel's delivery topic, keyed by PO) → delivered
 * once; older revisions and unknown suppliers are not delivered; a channel that is down holds only its own revisions.
 */
@QuarkusTest
@WithTestResource(TestStack.class)
class PoRevisionWorkflowTest {

    static final String TOPIC = "mfgsync.purchase-order-changed.v1";
    static final String PORTAL = "/api/v1/purchase-orders";

    WireMockServer portal = SupplierPortalSimulator.server();
    Path acmeOutbound = DropFolders.root().resolve("supplier-acme/outbound");

    @BeforeEach
    void portalAccepts() {
        portal.stubFor(post(urlEqualTo(PORTAL)).atPriority(10).willReturn(aResponse().withStatus(201)));
    }

    @Inject
    PurchaseOrderBook book;

    @Inject
    DataSource db;

    @Test
    void signedWebhookIsPublishedOnceBookedAndDeliveredOnceToTheSuppliersChannel() throws Exception {
        String po = uniquePo();
        String document = cloudDocument(po, 2);

        signed().contentType(ContentType.JSON).header("X-Correlation-Id", "corr-" + po)
                .body(document).post("/api/v1/erp/erp-cloud/purchase-order-events")
                .then().statusCode(202).header("X-Correlation-Id", "corr-" + po)
                .body("status", org.hamcrest.Matchers.equalTo("accepted"), "correlationId", org.hamcrest.Matchers.equalTo("corr-" + po));
        signed().contentType(ContentType.JSON).body(document)
                .post("/api/v1/erp/erp-cloud/purchase-order-events")
                .then().statusCode(200).body("status", org.hamcrest.Matchers.equalTo("duplicate"), "idempotencyKey", org.hamcrest.Matchers.equalTo("erp-cloud:" + po + ":2"));

        List<ConsumerRecord<String, String>> published = KafkaProbe.records(TOPIC, r -> po.equals(r.key()));
        assertThat(published).hasSize(1);
        assertThat(Schemas.violations("purchase-order-changed", published.get(0).value())).isEmpty();
        assertThat(KafkaProbe.header(published.get(0), "correlationId")).isEqualTo("corr-" + po);

        LoggedRequest delivery = await().atMost(Duration.ofSeconds(30)).until(() -> portalCalls("erp-cloud:" + po + ":2"),
                calls -> !calls.isEmpty()).get(0);
        assertThat(delivery.getHeader("X-Correlation-Id")).isEqualTo("corr-" + po);
        assertThat(Schemas.violations("purchase-order-changed", delivery.getBodyAsString())).isEmpty();

        BookedOrder booked = await().atMost(Duration.ofSeconds(10)).until(() -> book.find(po).orElse(null),
                b -> b != null && b.deliveredRevision() != null);
        assertThat(portalCalls("erp-cloud:" + po + ":2")).hasSize(1);
        assertThat(booked.revision()).isEqualTo(2);
        assertThat(booked.deliveredRevision()).isEqualTo(2);
        assertThat(booked.erpInstance()).isEqualTo("erp-cloud");
        assertThat(booked.supplier()).isEqualTo("SUP-COBALT");
        assertThat(booked.lines()).containsOnlyKeys("10", "20");
        // the trace is written behind the step (visibility.WorkflowTrace): it may land after the PO book's update
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(trace(db, po))
                .extracting(TraceStep::step, TraceStep::outcome, TraceStep::target)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("supplier-delivered", "DONE", "supplier-cobalt")));
    }

    @Test
    void webhookRefusesAForgedMissingOrOtherSendersSignatureAndAnUnknownInstanceAllWithTheSameAnswer() {
        String po = uniquePo();
        String document = cloudDocument(po, 1);
        byte[] body = document.getBytes(StandardCharsets.UTF_8);
        String path = "/api/v1/erp/erp-cloud/purchase-order-events";

        List<String> answers = List.of(
                // signed with a secret that is not the instance's
                given().contentType(ContentType.JSON).headers(SignedWebhooks.headers("not-the-erp-cloud-secret", body))
                        .body(body).post(path).then().statusCode(401).extract().asString(),
                // no signature at all
                given().contentType(ContentType.JSON).body(body).post(path).then().statusCode(401).extract().asString(),
                // the QMS's valid signature on the ERP's webhook
                given().contentType(ContentType.JSON).headers(SignedWebhooks.headers(SignedWebhooks.QMS_SECRET, body))
                        .body(body).post(path).then().statusCode(401).extract().asString(),
                // an instance that is no sender, signed with the ERP's secret
                given().contentType(ContentType.JSON).headers(SignedWebhooks.headers(SignedWebhooks.ERP_CLOUD_SECRET, body))
                        .body(body).post("/api/v1/erp/erp-unknown/purchase-order-events").then().statusCode(401)
                        .contentType("application/problem+json").extract().asString());

        assertThat(answers).extracting(a -> JsonPath.from(a).getString("type")).containsOnly("https://mfgsync.org/problems/invalid-signature");
        assertThat(answers).extracting(a -> JsonPath.from(a).getString("detail")).containsOnly(WebhookGate.REFUSAL_DETAIL);
        assertThat(KafkaProbe.records(TOPIC, r -> po.equals(r.key()))).isEmpty();
    }

    @Test
    void webhookRefusesADocumentThatDoesNotMapToAValidPurchaseOrderChange() {
        String po = uniquePo();
        String document = cloudDocument(po, 1).replace("\"unit\":\"EA\"", "\"unit\":\"each\"");

        signed().contentType(ContentType.JSON).body(document)
                .post("/api/v1/erp/erp-cloud/purchase-order-events").then().statusCode(400)
                .contentType("application/problem+json").body("violations[0].path", org.hamcrest.Matchers.equalTo("$.payload.lines[0].unitOfMeasure"));
        assertThat(KafkaProbe.records(TOPIC, r -> po.equals(r.key()))).isEmpty();
    }

    @Test
    void aRevisionNotNewerThanTheDeliveredOneIsNotDeliveredAndTheTraceSaysWhy() throws Exception {
        String po = uniquePo();
        publish(TOPIC, purchaseOrder("erp-legacy-a", "1000", po, 3, "SUP-ACME", poLine("10", "BRK-4711", "100", "2026-12-15", null)), po);
        // delivery is asynchronous (the channel's own delivery route): the older revision comes once the newer one is there
        await().atMost(Duration.ofSeconds(30)).until(() -> book.find(po).map(b -> Integer.valueOf(3).equals(b.deliveredRevision()))
                .orElse(false));
        publish(TOPIC, purchaseOrder("erp-legacy-a", "1000", po, 2, "SUP-ACME", poLine("10", "BRK-4711", "90", "2026-12-15", null)), po);

        await().atMost(Duration.ofSeconds(30)).until(() -> trace(db, po).size() == 2);
        assertThat(acmeOutbound.resolve("PO_" + po + "_REV3.csv")).exists();
        assertThat(acmeOutbound.resolve("PO_" + po + "_REV2.csv")).doesNotExist();
        assertThat(trace(db, po)).extracting(TraceStep::outcome, TraceStep::detail).containsExactly(
                org.assertj.core.groups.Tuple.tuple("DONE", null),
                org.assertj.core.groups.Tuple.tuple("SKIPPED", "revision 2 of purchase order " + po + " is not newer than "
                        + "revision 3 already delivered to supplier SUP-ACME"));
        assertThat(book.find(po).orElseThrow().lines().get("10").quantity()).isEqualByComparingTo("100");
    }

    @Test
    void anOlderRevisionArrivingBeforeTheNewerOneIsDeliveredIsNotHandedOver() throws Exception {
        String po = uniquePo();
        publish(TOPIC, purchaseOrder("erp-legacy-a", "1000", po, 3, "SUP-ACME", poLine("10", "BRK-4711", "100", "2026-12-15", null)), po);
        publish(TOPIC, purchaseOrder("erp-legacy-a", "1000", po, 2, "SUP-ACME", poLine("10", "BRK-4711", "90", "2026-12-15", null)), po);

        await().atMost(Duration.ofSeconds(30)).until(() -> trace(db, po).size() == 2);
        assertThat(acmeOutbound.resolve("PO_" + po + "_REV3.csv")).exists();
        assertThat(acmeOutbound.resolve("PO_" + po + "_REV2.csv")).doesNotExist();
        assertThat(trace(db, po)).extracting(TraceStep::step, TraceStep::outcome).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("supplier-delivered", "DONE"),
                org.assertj.core.groups.Tuple.tuple("supplier-delivered", "SKIPPED"));
        // refused as older than the booked revision, or (when revision 3's delivery was quicker) as not newer than it
        assertThat(trace(db, po)).filteredOn(t -> t.outcome().equals("SKIPPED")).singleElement().extracting(TraceStep::detail)
                .isIn("revision 2 of purchase order " + po + " is older than revision 3 already received from erp-legacy-a",
                        "revision 2 of purchase order " + po + " is not newer than revision 3 already delivered to supplier SUP-ACME");
        assertThat(KafkaProbe.records("mfgsync.delivery.supplier-acme.v1", r -> ("supplier-acme:" + po).equals(r.key())))
                .as("only revision 3 was handed to the channel").hasSize(1);
        assertThat(book.find(po).orElseThrow().deliveredRevision()).isEqualTo(3);
    }

    @Test
    void aPurchaseOrderForASupplierWithoutProfileGoesToTheExceptionsWithItsReason() throws Exception {
        String po = uniquePo();
        publish(TOPIC, purchaseOrder("erp-cloud", "3000", po, 1, "SUP-NOBODY", poLine("10", "BRK-4711", "1", "2026-12-15", null)), po);

        JsonNode exception = awaitException(po);
        assertThat(exception.path("workflow").asText()).isEqualTo("po-revision");
        assertThat(exception.path("errorClass").asText()).isEqualTo("unknown-supplier");
        assertThat(exception.path("error").asText()).contains("supplier SUP-NOBODY has no profile");
        assertThat(exception.path("businessKeys").path("supplier").asText()).isEqualTo("SUP-NOBODY");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(trace(db, po))
                .extracting(TraceStep::outcome).containsExactly("FAILED"));
        // the PO is booked all the same: the supplier's commits can be checked once its profile exists
        assertThat(book.find(po)).isPresent();
    }

    @Test
    void aSupplierChannelThatIsDownDoesNotHoldOtherSuppliersPurchaseOrders() throws Exception {
        String cobalt = uniquePo();
        String acme = uniquePo();
        StubMapping down = portal.stubFor(post(urlEqualTo(PORTAL)).atPriority(1).willReturn(aResponse().withStatus(503)));
        try {
            publish(TOPIC, purchaseOrder("erp-cloud", "3000", cobalt, 1, "SUP-COBALT", poLine("10", "HYD-0815", "5", "2026-12-15", null)), cobalt);
            publish(TOPIC, purchaseOrder("erp-cloud", "3000", cobalt, 2, "SUP-COBALT", poLine("10", "HYD-0815", "6", "2026-12-15", null)), cobalt);
            publish(TOPIC, purchaseOrder("erp-legacy-a", "1000", acme, 1, "SUP-ACME", poLine("10", "BRK-4711", "5", "2026-12-15", null)), acme);

            // the other supplier's PO is delivered while supplier-cobalt's portal is down
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(acmeOutbound.resolve("PO_" + acme + "_REV1.csv")));
            // both revisions wait on supplier-cobalt's own delivery topic, in order; the held one is alerted after a round
            assertThat(await().atMost(Duration.ofSeconds(10)).until(() -> KafkaProbe.records("mfgsync.delivery.supplier-cobalt.v1",
                    r -> ("supplier-cobalt:" + cobalt).equals(r.key())), r -> r.size() == 2))
                    .extracting(r -> KafkaProbe.header(r, "idempotencyKey"))
                    .containsExactly("erp-cloud:" + cobalt + ":1", "erp-cloud:" + cobalt + ":2");
            await().atMost(Duration.ofSeconds(30)).until(() -> trace(db, cobalt).stream().anyMatch(t -> t.outcome().equals("HELD")));
            assertThat(trace(db, cobalt)).allSatisfy(t -> {
                assertThat(t.step()).isEqualTo("supplier-delivered");
                assertThat(t.outcome()).isEqualTo("HELD");
                assertThat(t.target()).isEqualTo("supplier-cobalt");
                assertThat(t.detail()).startsWith("supplier-cobalt unavailable: ");
            });
            assertThat(heldSeconds("supplier-cobalt")).isPositive();
            assertThat(book.find(cobalt).orElseThrow().deliveredRevision()).isNull();
            assertThat(portal.findAll(postRequestedFor(urlEqualTo(PORTAL)).withRequestBody(containing(cobalt))))
                    .isNotEmpty().allMatch(this::portalAnswered503);
        } finally {
            portal.removeStub(down);
        }

        // back up: the held revisions are delivered in their order, once each
        await().atMost(Duration.ofSeconds(60)).until(() -> trace(db, cobalt).stream().filter(t -> t.outcome().equals("DONE")).count() == 2);
        assertThat(trace(db, cobalt)).extracting(TraceStep::outcome).containsOnly("HELD", "DONE").endsWith("DONE", "DONE");
        List<LoggedRequest> taken = portal.findAll(postRequestedFor(urlEqualTo(PORTAL)).withRequestBody(containing(cobalt)))
                .stream().filter(r -> !portalAnswered503(r)).toList();
        assertThat(taken).extracting(r -> r.getHeader("Idempotency-Key"))
                .containsExactly("erp-cloud:" + cobalt + ":1", "erp-cloud:" + cobalt + ":2");
        assertThat(book.find(cobalt).orElseThrow().deliveredRevision()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> heldSeconds("supplier-cobalt") == 0);
    }

    /** The target-held gauge of a target from /q/metrics (how long it has been holding work, 0 when it is not). */
    static double heldSeconds(String target) {
        String metrics = ManagementPort.given().get("/q/metrics").then().statusCode(200).extract().asString();
        java.util.regex.Matcher held = java.util.regex.Pattern.compile("mfgsync_target_held_seconds\\{target=\"" + target
                + "\"\\} ([0-9.E]+)").matcher(metrics);
        assertThat(held.find()).as("mfgsync_target_held_seconds of %s in /q/metrics", target).isTrue();
        return Double.parseDouble(held.group(1));
    }

    private List<LoggedRequest> portalCalls(String key) {
        return portal.findAll(postRequestedFor(urlEqualTo(PORTAL)).withHeader("Idempotency-Key", equalTo(key)));
    }

    private boolean portalAnswered503(LoggedRequest request) {
        return portal.getAllServeEvents().stream().anyMatch(e -> e.getRequest().getId().equals(request.getId())
                && e.getResponse().getStatus() == 503);
    }


    /** The cloud ERP's own PO document (as in mappings/erp-cloud/tests), for another PO number and revision. */
    static String cloudDocument(String po, int revision) {
        try {
            JsonNode input = Commits.json(Files.readString(Path.of("mappings/erp-cloud/tests/purchase-order-changed-revised.input.json")));
            return input.path("document").toString().replace("4500031001", po).replace("\"version\":2", "\"version\":" + revision);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
