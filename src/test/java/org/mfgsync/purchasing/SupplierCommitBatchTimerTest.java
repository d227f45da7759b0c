package org.mfgsync.purchasing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mfgsync.purchasing.Commits.commit;
import static org.mfgsync.purchasing.Commits.commitLine;
import static org.mfgsync.purchasing.Commits.poLine;
import static org.mfgsync.purchasing.Commits.purchaseOrder;
import static org.mfgsync.purchasing.PurchasingTestSupport.publish;
import static org.mfgsync.purchasing.PurchasingTestSupport.trace;
import static org.mfgsync.purchasing.PurchasingTestSupport.uniquePo;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.mfgsync.canonical.SupplierCommitChanged.ConfirmationType;
import org.mfgsync.testing.ErpSimulator;
import org.mfgsync.testing.TestStack;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * A low-risk batch that never fills goes to its ERP on the timer, and a flush the ERP did not take is offered again
 * from the state database as the same batch (same batch id, so the ERP takes it once).
 */
@QuarkusTest
@TestProfile(SupplierCommitBatchTimerTest.FlushOnTimer.class)
@WithTestResource(TestStack.class)
class SupplierCommitBatchTimerTest {

    /**
     * A boot of its own (the stack's, with these settings): the aggregator reads the batch interval when its route
     * starts, and the shared app's interval (1h) is what keeps every other test's low-risk batch from being flushed by
     * time instead of by size.
     */
    public static class FlushOnTimer implements io.quarkus.test.junit.QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>();
            config.put("mfgsync.workflows.supplier-commits.batch-size", "1000");
            config.put("mfgsync.workflows.supplier-commits.batch-interval", "2s");
            config.put("mfgsync.workflows.supplier-commits.batch-max-redeliveries", "2");
            return config;
        }
    }

    static final String BATCHES = "/api/v1/supplier-commit-batches";

    /** The exception record of the dead-lettered batch holding a commit to the PO, or null. */
    static JsonNode batchException(String po, String step) {
        JsonNode list = Commits.json(io.restassured.RestAssured.given().header("Authorization", "Bearer test-admin-token")
                .queryParam("workflow", "supplier-commit").queryParam("limit", 200).get("/api/v1/exceptions").then()
                .statusCode(200).extract().asString());
        for (JsonNode listed : list.path("exceptions")) {
            if (listed.path("step").asText().equals(step)) {
                JsonNode record = Commits.json(io.restassured.RestAssured.given().header("Authorization", "Bearer test-admin-token")
                        .get("/api/v1/exceptions/" + listed.path("id").asText()).then().statusCode(200).extract().asString());
                // the payload is the batch document, or the ERP delivery that carries it as text
                if (record.path("payload").asText().contains(po)) {
                    return record;
                }
            }
        }
        return null;
    }

    WireMockServer erp = ErpSimulator.server();

    @Inject
    PurchaseOrderBook book;

    @Inject
    DataSource db;

    @Test
    void aBatchThatNeverFillsIsFlushedOnTheTimerAndAFailedFlushIsOfferedAgainAsTheSameBatch() throws Exception {
        String po = uniquePo();
        book.book(purchaseOrder("erp-cloud", "3000", po, 1, "SUP-BOLT", poLine("10", "BRK-4712", "10", "2026-12-15", "3000")));
        // the ERP is briefly unavailable for this batch, then takes it
        erp.stubFor(post(urlEqualTo(BATCHES)).withRequestBody(containing(po)).inScenario(po)
                .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        erp.stubFor(post(urlEqualTo(BATCHES)).withRequestBody(containing(po)).inScenario(po)
                .whenScenarioStateIs("up").willReturn(aResponse().withStatus(201)));

        publish("mfgsync.supplier-commit-changed.v1", commit("3000", po, "SUP-BOLT", ConfirmationType.ACCEPT,
                commitLine("10", ConfirmationType.ACCEPT, "10", "2026-12-15", null)), po);

        await().atMost(Duration.ofSeconds(60)).until(() -> trace(db, po).stream().anyMatch(s -> s.step().equals("erp-updated")));
        // the batch was handed to the cloud ERP's delivery route, which holds it while the ERP is unavailable
        List<LoggedRequest> calls = await().atMost(Duration.ofSeconds(60)).until(
                () -> erp.findAll(postRequestedFor(urlEqualTo(BATCHES)).withRequestBody(containing(po))), c -> c.size() == 2);
        JsonNode failed = Commits.json(calls.get(0).getBodyAsString());
        JsonNode taken = Commits.json(calls.get(1).getBodyAsString());
        assertThat(taken.path("batchId").asText()).isEqualTo(failed.path("batchId").asText());
        assertThat(calls).allSatisfy(c -> assertThat(c.getHeader("Idempotency-Key")).isEqualTo(taken.path("batchId").asText()));
        assertThat(Commits.list(taken.path("commits")).stream().map(c -> c.path("payload").path("purchaseOrder").asText()))
                .contains(po);
    }

    @Test
    void aBatchTheErpRefusesGoesToTheExceptionsAtOnceWithItsBatchDocument() throws Exception {
        String po = uniquePo();
        book.book(purchaseOrder("erp-cloud", "3000", po, 1, "SUP-BOLT", poLine("10", "BRK-4712", "10", "2026-12-15", "3000")));
        erp.stubFor(post(urlEqualTo(BATCHES)).withRequestBody(containing(po)).atPriority(1)
                .willReturn(aResponse().withStatus(422).withBody("unknown vendor")));

        publish("mfgsync.supplier-commit-changed.v1", commit("3000", po, "SUP-BOLT", ConfirmationType.ACCEPT,
                commitLine("10", ConfirmationType.ACCEPT, "10", "2026-12-15", null)), po);

        // the refusal is dead-lettered by the cloud ERP's delivery route, under the workflow, with the batch document
        // (the commits' keys are inside it) as a replayable delivery
        JsonNode exception = await().atMost(Duration.ofSeconds(30)).until(() -> batchException(po, "delivery.erp-cloud"),
                e -> e != null);
        assertThat(exception.path("workflow").asText()).isEqualTo("supplier-commit");
        assertThat(exception.path("target").asText()).isEqualTo("erp-cloud");
        assertThat(exception.path("errorClass").asText()).isEqualTo("http-422");
        assertThat(exception.path("error").asText()).contains("unknown vendor");
        assertThat(exception.path("businessKeys").path("plant").asText()).isEqualTo("3000");
        // a refusal is not offered again: the batch was handed over once (every call carries the same document and
        // Idempotency-Key; only a call that timed out before any answer, on a loaded machine, is offered again) and
        // nothing follows the dead letter
        var posts = erp.findAll(postRequestedFor(urlEqualTo(BATCHES)).withRequestBody(containing(po)));
        assertThat(posts).isNotEmpty().allSatisfy(c -> {
            assertThat(c.getHeader("Idempotency-Key")).isEqualTo(posts.get(0).getHeader("Idempotency-Key"));
            assertThat(c.getBodyAsString()).isEqualTo(posts.get(0).getBodyAsString());
        });
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(
                () -> erp.findAll(postRequestedFor(urlEqualTo(BATCHES)).withRequestBody(containing(po))).size(),
                size -> size == posts.size());
    }
}
