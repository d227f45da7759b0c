package org.mfgsync.quality;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mfgsync.testing.SignedWebhooks.signed;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;

import javax.sql.DataSource;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.mfgsync.testing.ErpLegacyBDatabase;
import org.mfgsync.testing.ErpSimulator;
import org.mfgsync.testing.QmsSimulator;
import org.mfgsync.testing.TestStack;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * One target down holds only its own work: while the cloud ERP (plant 3000) answers 503, a later rejected lot of plant
 * 2000 is still blocked in erp-legacy-b and both lots' SCARs reach the QMS; the held block is alerted (HELD in the
 * trace) and reaches the cloud ERP exactly once when it is back. While the QMS answers 503, the blocks of later lots
 * still reach the ERP and the SCARs are opened once when the QMS is back. Real Kafka, erp-legacy-b's own database,
 * WireMock.
 */
@QuarkusTest
@WithTestResource(TestStack.class)
class ErpTargetIsolationTest {

    static final String BLOCKS = "/api/v1/stock-blocks";

    @Inject
    DataSource stateDatabase;

    DataSource erpLegacyB = new ErpLegacyBDatabase().dataSource();
    WireMockServer cloudErp = ErpSimulator.server();

    @Test
    void theCloudErpDownHoldsOnlyItsOwnBlocksWhileErpLegacyBAndTheQmsGoOn() throws Exception {
        String cloudLot = QualityContainmentFlowTest.uniqueLot();
        String legacyLot = QualityContainmentFlowTest.uniqueLot();
        cloudErp.stubFor(post(urlEqualTo(BLOCKS)).atPriority(10).willReturn(aResponse().withStatus(201)));
        StubMapping outage = cloudErp.stubFor(post(urlEqualTo(BLOCKS)).atPriority(1)
                .withRequestBody(equalToJson("{\"lot\":\"" + cloudLot + "\"}", true, true))
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "1")));

        postInspection("3000", cloudLot);
        postInspection("2000", legacyLot);

        // the lot of plant 2000, decided after the held one, is blocked in its own ERP meanwhile
        await().atMost(Duration.ofSeconds(60)).until(() -> stockRowsOf(legacyLot) == 1);
        // the QMS gets both SCARs: the ERP outage does not stop the workflow's other steps
        await().atMost(Duration.ofSeconds(30)).until(() -> scarCallsFor(cloudLot) == 1 && scarCallsFor(legacyLot) == 1);
        // the held block is alerted in the trace once a hold round has passed
        await().atMost(Duration.ofSeconds(60)).until(() -> QualityContainmentAcceptanceTest.steps(stateDatabase, cloudLot).contains("erp-blocked HELD erp-cloud"));
        assertThat(successfulBlocksOf(cloudLot)).isZero();

        cloudErp.removeStub(outage);

        await().atMost(Duration.ofSeconds(60)).until(() -> QualityContainmentAcceptanceTest.steps(stateDatabase, cloudLot).contains("erp-blocked DONE erp-cloud"));
        assertThat(successfulBlocksOf(cloudLot)).isEqualTo(1);
        assertThat(stockRowsOf(legacyLot)).isEqualTo(1);
        assertThat(QualityContainmentAcceptanceTest.steps(stateDatabase, legacyLot)).contains("erp-blocked DONE erp-legacy-b").doesNotContain("erp-blocked HELD erp-legacy-b");
    }

    @Test
    void theQmsDownHoldsOnlyTheScarsWhileTheBlocksOfLaterLotsReachTheirErp() throws Exception {
        String first = QualityContainmentFlowTest.uniqueLot();
        String later = QualityContainmentFlowTest.uniqueLot();
        cloudErp.stubFor(post(urlEqualTo(BLOCKS)).atPriority(10).willReturn(aResponse().withStatus(201)));
        StubMapping qmsOutage = QmsSimulator.server().stubFor(post(urlEqualTo(QmsSimulator.CORRECTIVE_ACTIONS)).atPriority(1)
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "1")));
        try {
            postInspection("3000", first);
            // the first lot's SCAR is held by the QMS's own delivery before the later lot is decided
            await().atMost(Duration.ofSeconds(60)).until(() -> QmsSimulator.server().findAll(
                    postRequestedFor(urlEqualTo(QmsSimulator.CORRECTIVE_ACTIONS))
                            .withRequestBody(equalToJson("{\"lot\":\"" + first + "\"}", true, true))).size() >= 1);
            postInspection("3000", later);

            // both blocks reach the cloud ERP while the QMS is still down: a QMS outage holds only QMS work
            await().atMost(Duration.ofSeconds(30)).until(() -> successfulBlocksOf(first) == 1 && successfulBlocksOf(later) == 1);
            // the trace is written behind the steps
            await().atMost(Duration.ofSeconds(10)).until(() -> QualityContainmentAcceptanceTest.steps(stateDatabase, later)
                    .contains("erp-blocked DONE erp-cloud"));
            assertThat(QualityContainmentAcceptanceTest.steps(stateDatabase, later)).noneMatch(step -> step.startsWith("scar-opened DONE"));
        } finally {
            QmsSimulator.server().removeStub(qmsOutage);
        }
        // back: each SCAR is opened once, and the containment goes on to procurement
        await().atMost(Duration.ofSeconds(60)).until(() -> notified(first) && notified(later));
        assertThat(successfulScarsFor(first)).isEqualTo(1);
        assertThat(successfulScarsFor(later)).isEqualTo(1);
        assertThat(successfulBlocksOf(first)).isEqualTo(1);
        assertThat(successfulBlocksOf(later)).isEqualTo(1);
    }

    private boolean notified(String lot) throws Exception {
        return QualityContainmentAcceptanceTest.steps(stateDatabase, lot).stream()
                .anyMatch(step -> step.startsWith("procurement-notified DONE"));
    }

    private static long successfulScarsFor(String lot) {
        return QmsSimulator.server().getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().equals(QmsSimulator.CORRECTIVE_ACTIONS)
                        && e.getRequest().getBodyAsString().contains("\"" + lot + "\""))
                .filter(e -> e.getResponse().getStatus() < 300).count();
    }

    private static void postInspection(String plant, String lot) {
        signed().contentType(ContentType.JSON).header("X-Correlation-Id", "corr-isolation-" + lot)
                .body(QualityContainmentFlowTest.inspection(plant, "IL-" + lot, lot))
                .post("/api/v1/qms/inspection-results").then().statusCode(202);
    }

    private long successfulBlocksOf(String lot) {
        return cloudErp.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().equals(BLOCKS) && e.getRequest().getBodyAsString().contains("\"" + lot + "\""))
                .filter(e -> e.getResponse().getStatus() == 201).count();
    }

    private static int scarCallsFor(String lot) {
        return QmsSimulator.server().findAll(postRequestedFor(urlEqualTo(QmsSimulator.CORRECTIVE_ACTIONS))
                .withRequestBody(equalToJson("{\"lot\":\"" + lot + "\"}", true, true))).size();
    }

    private int stockRowsOf(String lot) throws Exception {
        try (Connection c = erpLegacyB.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT COUNT(*) FROM ZMFG_STOCK_IN WHERE CHARG = ?")) {
            select.setString(1, lot);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
