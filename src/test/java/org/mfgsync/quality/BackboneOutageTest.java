package org.mfgsync.quality;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.mfgsync.testing.SignedWebhooks.signed;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.mfgsync.testing.ManagementPort;
import org.mfgsync.testing.NoPeers;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** With the Kafka backbone unreachable the app stays alive, reports not ready, and refuses work with 503. */
@QuarkusTest
@TestProfile(NoPeers.class)
class BackboneOutageTest {

    @Test
    void readinessIsDownWhileLivenessStaysUp() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> ManagementPort.given().get("/q/health/ready").then()
                .statusCode(503)
                .body("status", equalTo("DOWN"), "checks.find { it.name == 'Kafka connection health check' }.status",
                        equalTo("DOWN")));
        ManagementPort.given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void inspectionResultIsRefusedWithRetryAfterInsteadOfBeingLost() {
        signed().contentType(ContentType.JSON).header("X-Correlation-Id", "corr-outage")
                .body(InspectionToStockBlockTest.inspection("IL-OUTAGE-1", "L-OUTAGE-1", "REJECTED"))
                .post("/api/v1/qms/inspection-results")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("type", equalTo("https://mfgsync.org/problems/temporarily-unavailable"),
                        "correlationId", equalTo("corr-outage"));
    }

    @Test
    void aRefusedResultIsNotRememberedAsAccepted() {
        // the intake's duplicate check must not swallow the QMS's retry of a result that was refused
        for (int attempt = 0; attempt < 2; attempt++) {
            signed().contentType(ContentType.JSON)
                    .body(InspectionToStockBlockTest.inspection("IL-OUTAGE-2", "L-OUTAGE-2", "REJECTED"))
                    .post("/api/v1/qms/inspection-results")
                    .then().statusCode(503).body("type", equalTo("https://mfgsync.org/problems/temporarily-unavailable"));
        }
    }

    @Test
    void nonconformanceAndLotReleaseAreRefusedWithRetryAfterToo() {
        signed().contentType(ContentType.JSON).body(QualityContainmentFlowTest.nonconformance("NCR-OUTAGE-1", "L-OUTAGE-3", "MAJOR"))
                .post("/api/v1/qms/nonconformances")
                .then().statusCode(503).header("Retry-After", notNullValue())
                .body("type", equalTo("https://mfgsync.org/problems/temporarily-unavailable"));
        signed().contentType(ContentType.JSON).body(QualityContainmentFlowTest.disposition("3000", "L-OUTAGE-3", "USE_AS_IS"))
                .post("/api/v1/qms/lot-dispositions")
                .then().statusCode(503).header("Retry-After", notNullValue())
                .body("type", equalTo("https://mfgsync.org/problems/temporarily-unavailable"));
    }
}
