package org.mfgsync.purchasing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;
import static org.mfgsync.purchasing.Commits.commit;
import static org.mfgsync.purchasing.Commits.commitLine;
import static org.mfgsync.purchasing.Commits.poLine;
import static org.mfgsync.purchasing.Commits.purchaseOrder;
import static org.mfgsync.purchasing.PurchasingTestSupport.awaitException;
import static org.mfgsync.purchasing.PurchasingTestSupport.openBatchSize;
import static org.mfgsync.purchasing.PurchasingTestSupport.publish;
import static org.mfgsync.purchasing.PurchasingTestSupport.trace;
import static org.mfgsync.purchasing.PurchasingTestSupport.uniquePo;

import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mfgsync.canonical.EventEnvelope;
import org.mfgsync.canonical.SupplierCommitChanged;
import org.mfgsync.canonical.SupplierCommitChanged.ConfirmationType;
import org.mfgsync.purchasing.PurchasingTestSupport.TraceStep;
import org.mfgsync.testing.ErpSimulator;
import org.mfgsync.testing.KafkaProbe;
import org.mfgsync.testing.QmsSimulator;
import org.mfgsync.testing.Schemas;
import org.mfgsync.testing.TestStack;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The supplier commit workflow end to end against a real Kafka broker, the cloud ERP (plant 3000) and the QMS as
 * WireMock servers: validation against the PO book, the risk policy (mappings/policies/supplier-commit-risk.yaml),
 * HIGH at once with planning and escalation, LOW batched by size, inspection reschedules, and the failure paths.
 */
@QuarkusTest
@WithTestResource(TestStack.class)
class SupplierCommitWorkflowTest {

    static final String COMMITS = "mfgsync.supplier-commit-changed.v1";
    static final String BATCHES = "/api/v1/supplier-commit-batches";
    static final String RESCHEDULES = "/api/v1/inspection-schedule/reschedules";

    WireMockServer erp = ErpSimulator.server();
    WireMockServer qms = QmsSimulator.server();

    @Inject
    PurchaseOrderBook book;

    @Inject
    DataSource db;

    @BeforeEach
    void targetsAccept() {
        erp.stubFor(post(urlEqualTo(BATCHES)).atPriority(10).willReturn(aResponse().withStatus(201)));
        qms.stubFor(post(urlEqualTo(RESCHEDULES)).atPriority(10).willReturn(aResponse().withStatus(202)));
    }

    @Test
    void aHighRiskShortageReachesTheErpAtOnceWithAPlanningRequestAndAnEscalation() throws Exception {
        String po = bookedPo("SUP-ACME", "3000");
        var commit = commit("3000", po, "SUP-ACME", ConfirmationType.CHANGE,
                commitLine("10", ConfirmationType.CHANGE, "300", "2026-12-15", null));
        publish(COMMITS, commit, po);

        LoggedRequest call = awaitBatchCalls(po, 1).get(0);
        JsonNode batch = Commits.json(call.getBodyAsString());
        assertThat(batch.path("erpInstance").asText()).isEqualTo("erp-cloud");
        assertThat(batch.path("plant").asText()).isEqualTo("3000");
        assertThat(batch.path("commits")).hasSize(1);
        assertThat(batch.path("commits").get(0).path("idempotencyKey").asText()).isEqualTo(commit.idempotencyKey());
        assertThat(call.getHeader("Idempotency-Key")).isEqualTo(batch.path("batchId").asText()).startsWith("SCB-");
        assertThat(call.getHeader("X-Correlation-Id")).isEqualTo(commit.correlationId());

        List<ConsumerRecord<String, String>> planning = await().atMost(Duration.ofSeconds(20)).until(
                () -> KafkaProbe.records("mfgsync.planning-recalculation-requested.v1", r -> po.equals(r.key())), r -> !r.isEmpty());
        assertThat(planning).hasSize(1);
        assertThat(Schemas.violations("planning-recalculation-requested", planning.get(0).value())).isEmpty();
        JsonNode request = Commits.json(planning.get(0).value());
        assertThat(request.path("correlationId").asText()).isEqualTo(commit.correlationId());
        assertThat(request.path("payload").path("riskRule").asText()).isEqualTo("short-quantity");
        assertThat(request.path("payload").path("lines").get(0).path("committedQuantity").decimalValue()).isEqualByComparingTo("300");

        List<ConsumerRecord<String, String>> escalations = await().atMost(Duration.ofSeconds(20)).until(
                () -> KafkaProbe.records("mfgsync.escalation-raised.v1", r -> po.equals(r.key())), r -> !r.isEmpty());
        assertThat(escalations).hasSize(1);
        assertThat(Schemas.violations("escalation-raised", escalations.get(0).value())).isEmpty();
        JsonNode escalation = Commits.json(escalations.get(0).value()).path("payload");
        assertThat(escalation.path("ownerRole").asText()).isEqualTo("procurement");
        assertThat(escalation.path("ownerName").asText()).isEqualTo("Lena Vogt");
        assertThat(escalation.path("severity").asText()).isEqualTo("HIGH");
        assertThat(escalation.path("reason").asText()).contains("HIGH by short-quantity: line 10 commits 300 EA of 1000 ordered");

        await().atMost(Duration.ofSeconds(10)).until(() -> trace(db, po).size() == 4);
        // erp-updated is recorded by the ERP's delivery route when the ERP has the batch, in its own time
        assertThat(trace(db, po)).extracting(TraceStep::step, TraceStep::outcome).containsExactlyInAnyOrder(
                tuple("risk-classified", "DONE"), tuple("erp-updated", "DONE"), tuple("planning-requested", "DONE"),
                tuple("escalated", "DONE"));
        assertThat(trace(db, po).get(0).detail()).startsWith("HIGH by short-quantity");
    }

    @Test
    void lowRiskCommitsReachTheErpAsOneBatchOnceTheBatchIsFull() throws Exception {
        assertThat(openBatchSize(db, "erp-cloud:3000")).as("no low-risk commit of another test is waiting").isZero();
        String[] pos = { bookedPo("SUP-ACME", "3000"), bookedPo("SUP-ACME", "3000"), bookedPo("SUP-ACME", "3000") };
        publish(COMMITS, lowRisk(pos[0]), pos[0]);
        publish(COMMITS, lowRisk(pos[1]), pos[1]);
        await().atMost(Duration.ofSeconds(20)).until(() -> trace(db, pos[1]).size() == 2);
        assertThat(erp.findAll(postRequestedFor(urlEqualTo(BATCHES)).withRequestBody(containing(pos[0])))).isEmpty();

        publish(COMMITS, lowRisk(pos[2]), pos[2]); // the third (batch-size=3 in tests) fills the batch

        LoggedRequest call = awaitBatchCalls(pos[0], 1).get(0);
        JsonNode batch = Commits.json(call.getBodyAsString());
        assertThat(Commits.list(batch.path("commits")).stream().map(c -> c.path("payload").path("purchaseOrder").asText()))
                .containsExactlyInAnyOrder(pos);
        assertThat(call.getHeader("Idempotency-Key")).isEqualTo(batch.path("batchId").asText());
        assertThat(batch.path("plant").asText()).isEqualTo("3000");
        await().atMost(Duration.ofSeconds(10)).until(() -> trace(db, pos[2]).size() == 3);
        assertThat(trace(db, pos[2])).extracting(TraceStep::step, TraceStep::detail).containsExactly(
                tuple("risk-classified", "LOW by within-tolerance: every line is within the policy's tolerances"),
                tuple("batched", "erp-cloud:3000"),
                tuple("erp-updated", "batch " + batch.path("batchId").asText() + " of 3 commit(s)"));
        assertThat(openBatchSize(db, "erp-cloud:3000")).isZero();
    }

    @Test
    void aCommitThatMovesAnInspectedDeliveryReschedulesTheQmsInspectionOnce() throws Exception {
        String po = uniquePo();
        book.book(purchaseOrder("erp-cloud", "3000", po, 1, "SUP-ACME", poLine("10", "HYD-0815", "40", "2026-12-20", "3000")));
        var commit = commit("3000", po, "SUP-ACME", ConfirmationType.CHANGE,
                commitLine("10", ConfirmationType.CHANGE, "40", "2026-12-28", null)); // 8 days late: HIGH
        publish(COMMITS, commit, po);
        publish(COMMITS, commit, po); // the same commit again: one effect

        List<LoggedRequest> reschedules = await().atMost(Duration.ofSeconds(30)).until(() -> qms.findAll(
                postRequestedFor(urlEqualTo(RESCHEDULES)).withRequestBody(containing(po))), r -> !r.isEmpty());
        await().atMost(Duration.ofSeconds(10)).until(() -> trace(db, po).size() == 5);
        assertThat(reschedules).hasSize(1);
        assertThat(reschedules.get(0).getHeader("Idempotency-Key")).isEqualTo("qms-reschedule:" + commit.idempotencyKey() + ":10");
        assertThat(reschedules.get(0).getHeader("X-Correlation-Id")).isEqualTo(commit.correlationId());
        JsonNode request = Commits.json(reschedules.get(0).getBodyAsString());
        assertThat(request.path("item").asText()).isEqualTo("HYD-0815");
        assertThat(request.path("previousDate").asText()).isEqualTo("2026-12-20");
        assertThat(request.path("newDate").asText()).isEqualTo("2026-12-28");
        assertThat(awaitBatchCalls(po, 1)).hasSize(1);
        // the ERP's update and the QMS's reschedule are deliveries to two targets: their order is not given
        assertThat(trace(db, po)).extracting(step -> step.step()).containsOnlyOnce("inspection-rescheduled", "erp-updated");
        assertThat(KafkaProbe.records("mfgsync.escalation-raised.v1", r -> po.equals(r.key()))).hasSize(1);
    }

    @Test
    void aCommitToAPurchaseOrderNotInTheBookGoesToTheExceptionsWithItsReason() throws Exception {
        String po = uniquePo();
        publish(COMMITS, lowRisk(po), po);

        JsonNode exception = awaitException(po);
        assertThat(exception.path("workflow").asText()).isEqualTo("supplier-commit");
        assertThat(exception.path("errorClass").asText()).isEqualTo("unknown-purchase-order");
        assertThat(exception.path("error").asText()).contains("purchase order " + po + " is not in the PO book");
        // the trace is written behind the step (visibility.WorkflowTrace): it may land after the exception record
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(trace(db, po))
                .extracting(TraceStep::step, TraceStep::outcome).containsExactly(tuple("validated", "FAILED")));
        assertThat(trace(db, po).get(0).detail()).startsWith("unknown-purchase-order: purchase order " + po);
    }

    @Test
    void aCommitFromAnotherSupplierThanThePurchaseOrdersGoesToTheExceptions() throws Exception {
        String po = bookedPo("SUP-BOLT", "3000");
        publish(COMMITS, lowRisk(po), po);

        JsonNode exception = awaitException(po);
        assertThat(exception.path("errorClass").asText()).isEqualTo("supplier-mismatch");
        assertThat(exception.path("error").asText()).contains("is placed with SUP-BOLT, not with SUP-ACME");
        assertThat(exception.path("businessKeys").path("supplier").asText()).isEqualTo("SUP-ACME");
    }

    @Test
    void aCommitForAPlantNoErpOwnsGoesToTheExceptions() throws Exception {
        String po = bookedPo("SUP-ACME", "9999");
        publish(COMMITS, commit("9999", po, "SUP-ACME", ConfirmationType.ACCEPT,
                commitLine("10", ConfirmationType.ACCEPT, "1000", "2026-12-15", null)), po);

        JsonNode exception = awaitException(po);
        assertThat(exception.path("errorClass").asText()).isEqualTo("unknown-plant");
        assertThat(exception.path("error").asText()).contains("plant 9999 is not routed to any ERP instance");
    }

    @Test
    void anImplausibleQuantityGoesToTheExceptions() throws Exception {
        String po = bookedPo("SUP-ACME", "3000");
        publish(COMMITS, commit("3000", po, "SUP-ACME", ConfirmationType.CHANGE,
                commitLine("10", ConfirmationType.CHANGE, "5000", "2026-12-15", null)), po);

        JsonNode exception = awaitException(po);
        assertThat(exception.path("errorClass").asText()).isEqualTo("implausible-quantity");
        assertThat(exception.path("error").asText()).contains("commits 5000 EA, more than 2 times the ordered 1000");
        assertThat(erp.findAll(postRequestedFor(urlEqualTo(BATCHES)).withRequestBody(containing(po)))).isEmpty();
    }

    /** A PO of 1000 EA BRK-4712 (not critical, no inspection) needed 2026-12-15, booked from the cloud ERP. */
    private String bookedPo(String supplier, String plant) throws Exception {
        String po = uniquePo();
        book.book(purchaseOrder("erp-cloud", plant, po, 1, supplier, poLine("10", "BRK-4712", "1000", "2026-12-15", plant)));
        return po;
    }

    private static EventEnvelope<SupplierCommitChanged> lowRisk(String po) {
        return commit("3000", po, "SUP-ACME", ConfirmationType.ACCEPT,
                commitLine("10", ConfirmationType.ACCEPT, "1000", "2026-12-15", null));
    }

    private List<LoggedRequest> awaitBatchCalls(String po, int count) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> erp.findAll(postRequestedFor(urlEqualTo(BATCHES))
                .withRequestBody(containing("\"purchaseOrder\":\"" + po + "\""))), calls -> calls.size() >= count);
    }
}
