package org.mfgsync.purchasing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.mfgsync.purchasing.Commits.poLine;
import static org.mfgsync.purchasing.Commits.purchaseOrder;
import static org.mfgsync.purchasing.PurchasingTestSupport.awaitException;
import static org.mfgsync.purchasing.PurchasingTestSupport.publish;
import static org.mfgsync.purchasing.PurchasingTestSupport.trace;
import static org.mfgsync.purchasing.PurchasingTestSupport.uniquePo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.mfgsync.purchasing.PurchasingTestSupport.TraceStep;
import org.mfgsync.testing.ErpSimulator;
import org.mfgsync.testing.KafkaBroker;
import org.mfgsync.testing.KafkaProbe;
import org.mfgsync.testing.QmsSimulator;
import org.mfgsync.testing.Schemas;
import org.mfgsync.testing.SupplierChannelStubs;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * The PO revision workflow end to end against a real Kafka broker: the cloud ERP's signed webhook → canonical
 * PurchaseOrderChanged → PO book → delivered once to the supplier's channel from its profile; older revisions and
 * unknown suppliers are not delivered.
 */
@QuarkusTest
@TestProfile(PurchasingTestSupport.StubbedChannels.class)
@WithTestResource(KafkaBroker.class)
@WithTestResource(ErpSimulator.class)
@WithTestResource(QmsSimulator.class)
class PoRevisionWorkflowTest {

    static final String SECRET = "test-webhook-secret";
    static final String TOPIC = "mfgsync.purchase-order-changed.v1";

    @Inject
    PurchaseOrderBook book;

    @Inject
    DataSource db;

    @Test
    void signedWebhookIsPublishedOnceBookedAndDeliveredOnceToTheSuppliersChannel() throws Exception {
        String po = uniquePo();
        String document = cloudDocument(po, 2);

        given().contentType(ContentType.JSON).header("X-Correlation-Id", "corr-" + po).header("X-Erp-Signature", sign(document))
                .body(document).post("/api/v1/erp/erp-cloud/purchase-order-events")
                .then().statusCode(202).header("X-Correlation-Id", "corr-" + po)
                .body("status", equalTo("accepted"), "correlationId", equalTo("corr-" + po));
        given().contentType(ContentType.JSON).header("X-Erp-Signature", sign(document)).body(document)
                .post("/api/v1/erp/erp-cloud/purchase-order-events")
                .then().statusCode(200).body("status", equalTo("duplicate"), "idempotencyKey", equalTo("erp-cloud:" + po + ":2"));

        List<ConsumerRecord<String, String>> published = KafkaProbe.records(TOPIC, r -> po.equals(r.key()));
        assertThat(published).hasSize(1);
        assertThat(Schemas.violations("purchase-order-changed", published.get(0).value())).isEmpty();
        assertThat(KafkaProbe.header(published.get(0), "correlationId")).isEqualTo("corr-" + po);

        await().atMost(Duration.ofSeconds(30)).until(() -> SupplierChannelStubs.deliveries("erp-cloud:" + po + ":2").size() == 1);
        var delivery = SupplierChannelStubs.deliveries("erp-cloud:" + po + ":2").get(0);
        assertThat(delivery.channel()).isEqualTo("supplier-cobalt");
        assertThat(delivery.correlationId()).isEqualTo("corr-" + po);
        assertThat(Schemas.violations("purchase-order-changed", delivery.body())).isEmpty();

        BookedOrder booked = await().atMost(Duration.ofSeconds(10)).until(() -> book.find(po).orElse(null),
                b -> b != null && b.deliveredRevision() != null);
        assertThat(booked.revision()).isEqualTo(2);
        assertThat(booked.deliveredRevision()).isEqualTo(2);
        assertThat(booked.erpInstance()).isEqualTo("erp-cloud");
        assertThat(booked.supplier()).isEqualTo("SUP-COBALT");
        assertThat(booked.lines()).containsOnlyKeys("10", "20");
        assertThat(trace(db, po)).extracting(TraceStep::step, TraceStep::outcome, TraceStep::target)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("supplier-delivered", "DONE", "supplier-cobalt"));
    }

    @Test
    void webhookRefusesAWrongOrMissingSignatureAndAnUnknownInstanceWithProblemDetails() {
        String po = uniquePo();
        String document = cloudDocument(po, 1);

        given().contentType(ContentType.JSON).header("X-Erp-Signature", sign(document + " ")).body(document)
                .post("/api/v1/erp/erp-cloud/purchase-order-events").then().statusCode(401)
                .contentType("application/problem+json").body("type", equalTo("https://mfgsync.org/problems/invalid-signature"));
        given().contentType(ContentType.JSON).body(document).post("/api/v1/erp/erp-cloud/purchase-order-events").then()
                .statusCode(401).contentType("application/problem+json")
                .body("detail", equalTo("The X-Erp-Signature header is missing; expected sha256=<hex>"));
        given().contentType(ContentType.JSON).header("X-Erp-Signature", sign(document)).body(document)
                .post("/api/v1/erp/erp-unknown/purchase-order-events").then().statusCode(404)
                .contentType("application/problem+json").body("type", equalTo("https://mfgsync.org/problems/unknown-erp-instance"));

        assertThat(KafkaProbe.records(TOPIC, r -> po.equals(r.key()))).isEmpty();
    }

    @Test
    void webhookRefusesADocumentThatDoesNotMapToAValidPurchaseOrderChange() {
        String po = uniquePo();
        String document = cloudDocument(po, 1).replace("\"unit\":\"EA\"", "\"unit\":\"each\"");

        given().contentType(ContentType.JSON).header("X-Erp-Signature", sign(document)).body(document)
                .post("/api/v1/erp/erp-cloud/purchase-order-events").then().statusCode(400)
                .contentType("application/problem+json").body("violations[0].path", equalTo("$.payload.lines[0].unitOfMeasure"));
        assertThat(KafkaProbe.records(TOPIC, r -> po.equals(r.key()))).isEmpty();
    }

    @Test
    void aRevisionNotNewerThanTheDeliveredOneIsNotDeliveredAndTheTraceSaysWhy() throws Exception {
        String po = uniquePo();
        publish(TOPIC, purchaseOrder("erp-legacy-a", "1000", po, 3, "SUP-ACME", poLine("10", "BRK-4711", "100", "2026-12-15", null)), po);
        publish(TOPIC, purchaseOrder("erp-legacy-a", "1000", po, 2, "SUP-ACME", poLine("10", "BRK-4711", "90", "2026-12-15", null)), po);

        await().atMost(Duration.ofSeconds(30)).until(() -> trace(db, po).size() == 2);
        assertThat(SupplierChannelStubs.deliveries("erp-legacy-a:" + po + ":3")).hasSize(1)
                .allSatisfy(d -> assertThat(d.channel()).isEqualTo("supplier-acme"));
        assertThat(SupplierChannelStubs.deliveries("erp-legacy-a:" + po + ":2")).isEmpty();
        assertThat(trace(db, po)).extracting(TraceStep::outcome, TraceStep::detail).containsExactly(
                org.assertj.core.groups.Tuple.tuple("DONE", null),
                org.assertj.core.groups.Tuple.tuple("SKIPPED", "revision 2 of purchase order " + po + " is not newer than "
                        + "revision 3 already delivered to supplier SUP-ACME"));
        assertThat(book.find(po).orElseThrow().lines().get("10").quantity()).isEqualByComparingTo("100");
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
        assertThat(trace(db, po)).extracting(TraceStep::outcome).containsExactly("FAILED");
        // the PO is booked all the same: the supplier's commits can be checked once its profile exists
        assertThat(book.find(po)).isPresent();
    }

    @Test
    void aSupplierChannelThatIsDownDoesNotHoldOtherSuppliersPurchaseOrders() throws Exception {
        String boltFirst = uniquePo();
        String acme = uniquePo();
        SupplierChannelStubs.DOWN.add("supplier-bolt");
        try {
            publish(TOPIC, purchaseOrder("erp-legacy-a", "1000", boltFirst, 1, "SUP-BOLT", poLine("10", "HYD-0815", "5", "2026-12-15", null)), boltFirst);
            publish(TOPIC, purchaseOrder("erp-legacy-a", "1000", boltFirst, 2, "SUP-BOLT", poLine("10", "HYD-0815", "6", "2026-12-15", null)), boltFirst);
            publish(TOPIC, purchaseOrder("erp-legacy-a", "1000", acme, 1, "SUP-ACME", poLine("10", "BRK-4711", "5", "2026-12-15", null)), acme);

            // the other supplier's PO is delivered while supplier-bolt's channel is down
            await().atMost(Duration.ofSeconds(30)).until(() -> SupplierChannelStubs.deliveries("erp-legacy-a:" + acme + ":1").size() == 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> trace(db, boltFirst).size() == 2);
            assertThat(trace(db, boltFirst)).extracting(TraceStep::outcome).containsExactly("HELD", "HELD");
            assertThat(trace(db, boltFirst).get(0).detail()).startsWith("channel supplier-bolt is down, staged until it is back");
            assertThat(trace(db, boltFirst).get(1).detail()).isEqualTo("staged behind 1 earlier revision(s) of supplier SUP-BOLT "
                    + "waiting for supplier-bolt");
            given().get("/q/metrics").then().statusCode(200)
                    .body(org.hamcrest.Matchers.containsString("mfgsync_po_deliveries_staged{channel=\"supplier-bolt\"} 2.0"));
        } finally {
            SupplierChannelStubs.DOWN.remove("supplier-bolt");
        }

        // back up: the staged revisions are delivered in their order, once each
        await().atMost(Duration.ofSeconds(30)).until(() -> SupplierChannelStubs.deliveries("erp-legacy-a:" + boltFirst + ":2").size() == 1);
        List<String> order = SupplierChannelStubs.DELIVERIES.stream().map(SupplierChannelStubs.Delivery::idempotencyKey)
                .filter(k -> k.contains(boltFirst)).toList();
        assertThat(order).containsExactly("erp-legacy-a:" + boltFirst + ":1", "erp-legacy-a:" + boltFirst + ":2");
        assertThat(book.find(boltFirst).orElseThrow().deliveredRevision()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> trace(db, boltFirst).size() == 4);
        assertThat(trace(db, boltFirst)).extracting(TraceStep::outcome).containsExactly("HELD", "HELD", "DONE", "DONE");
    }

    static String sign(String body) {
        return "sha256=" + HexFormat.of().formatHex(PurchaseOrderWebhook.hmac(SECRET, body.getBytes(StandardCharsets.UTF_8)));
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
