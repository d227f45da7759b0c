package org.mfgsync.resilience;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mfgsync.testing.SignedWebhooks.signed;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;

import org.junit.jupiter.api.Test;
import org.mfgsync.testing.ErpSimulator;
import org.mfgsync.testing.KafkaBroker;
import org.mfgsync.testing.TestStack;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Fault injection: the Kafka broker stops in the middle of a flow of quality holds and comes back. Results the QMS
 * posts meanwhile are refused with 503 (the QMS sends them again), nothing accepted is lost, and every block reaches
 * the ERP exactly once.
 */
@QuarkusTest
@WithTestResource(TestStack.class)
class KafkaOutageFaultInjectionTest {

    static final String BLOCKS = "/api/v1/stock-blocks";

    WireMockServer erp = ErpSimulator.server();

    @Test
    void everyAcceptedOrResentResultIsBlockedOnceAcrossABrokerRestart() {
        erp.stubFor(post(urlEqualTo(BLOCKS)).atPriority(10).willReturn(aResponse().withStatus(201)));
        String run = UUID.randomUUID().toString().substring(0, 6);
        List<String> references = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            references.add("IL-K" + run + "-" + i);
        }

        List<String> refused = new ArrayList<>();
        for (int i = 0; i < references.size(); i++) {
            if (i == 24) {
                KafkaBroker.stopBroker();
            }
            int status = signed().contentType(ContentType.JSON).body(inspection(references.get(i)))
                    .post("/api/v1/qms/inspection-results").then().extract().statusCode();
            assertThat(status).isIn(202, 503);
            if (status == 503) {
                refused.add(references.get(i));
            }
        }
        assertThat(refused).as("results posted while the broker was down are refused, not lost").isNotEmpty();
        KafkaBroker.restartBroker();

        // the QMS sends the refused results again
        for (String reference : refused) {
            await().atMost(Duration.ofSeconds(60)).until(() -> signed().contentType(ContentType.JSON)
                    .body(inspection(reference)).post("/api/v1/qms/inspection-results").then().extract().statusCode() == 202);
        }
        await().atMost(Duration.ofSeconds(120)).until(() -> references.stream().allMatch(r -> blockCalls(r) >= 1));
        assertThat(references).allSatisfy(r -> assertThat(blockCalls(r)).as(r).isEqualTo(1));
    }

    int blockCalls(String reference) {
        return erp.findAll(postRequestedFor(urlEqualTo(BLOCKS))
                .withHeader("Idempotency-Key", WireMock.equalTo("qms:3000:" + reference + ":REJECTED"))).size();
    }

    static String inspection(String reference) {
        return """
                {"inspectionLot":"%s","plant":"3000","item":"BRK-4711","lot":"L-%s","supplier":"SUP-100",
                 "purchaseOrder":"4500004711","poLine":"10","result":"REJECTED","lotQuantity":500,
                 "sampledQuantity":50,"acceptedQuantity":42,"rejectedQuantity":8,"unitOfMeasure":"EA",
                 "defectCodes":["D-017"],"inspectedAt":"2026-11-27T08:15:00+01:00"}""".formatted(reference, reference);
    }
}
