package org.mfgsync.connectors.qms;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mfgsync.testing.SignedWebhooks.signed;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.mfgsync.testing.KafkaProbe;
import org.mfgsync.testing.TestStack;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * JSON that a lax parser would accept is refused at the webhooks with 400 problem+json naming the problem and where it
 * is, and nothing of it reaches Kafka: trailing content, duplicate keys, bytes that are not UTF-8, numbers a double
 * cannot hold, NaN, an empty body; an impossible date and a rejected quantity above the sampled one are schema
 * violations naming the field. The same document, well-formed, is accepted (202).
 */
@QuarkusTest
@WithTestResource(TestStack.class)
class StrictJsonIntakeTest {

    static final String PATH = "/api/v1/qms/inspection-results";
    static final String TOPIC = "mfgsync.inspection-completed.v1";
    static final ObjectMapper JSON = new ObjectMapper();

    static String lot() {
        return "L-STRICT-" + ThreadLocalRandom.current().nextLong(1_000_000L, 9_999_999L);
    }

    static String result(String lot) {
        return "{\"inspectionLot\": \"IL-" + lot + "\", \"plant\": \"3000\", \"item\": \"BRK-4711\", \"lot\": \"" + lot + "\", "
                + "\"supplier\": \"SUP-100\", \"result\": \"REJECTED\", \"lotQuantity\": 500, \"sampledQuantity\": 50, "
                + "\"acceptedQuantity\": 42, \"rejectedQuantity\": 8, \"unitOfMeasure\": \"EA\", "
                + "\"inspectedAt\": \"2026-11-27T08:15:00+01:00\"}";
    }

    /** Posts the bytes, expects 400 problem+json and nothing about the lot on Kafka; answers the problem. */
    static JsonNode refused(byte[] body, String lot) throws Exception {
        String answer = signed().contentType("application/json").body(body).post(PATH)
                .then().statusCode(400).contentType("application/problem+json").extract().body().asString();
        assertThat(KafkaProbe.records(TOPIC, r -> r.value().contains(lot))).as("nothing published").isEmpty();
        return JSON.readTree(answer);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldAcceptTheWellFormedDocument() {
        String lot = lot();
        signed().contentType("application/json").body(utf8(result(lot))).post(PATH).then().statusCode(202);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> !KafkaProbe.records(TOPIC, r -> r.value().contains(lot)).isEmpty());
    }

    @Test
    void shouldRefuseTrailingContentAfterTheDocumentNamingWhereItStarts() throws Exception {
        String lot = lot();
        String body = result(lot) + " {\"x\":1}";
        JsonNode problem = refused(utf8(body), lot);
        assertThat(problem.path("type").asText()).endsWith("/malformed-json");
        assertThat(problem.path("violations").get(0).path("rule").asText()).isEqualTo("trailing-content");
        assertThat(problem.path("violations").get(0).path("path").asText()).startsWith("line 1, column " + (result(lot).length() + 2));
        assertThat(problem.path("detail").asText()).contains("Trailing token");
    }

    @Test
    void shouldRefuseADuplicateKeyNamingIt() throws Exception {
        String lot = lot();
        String body = result(lot).replace("\"plant\": \"3000\",", "\"plant\": \"3000\", \"plant\": \"9999\",");
        JsonNode problem = refused(utf8(body), lot);
        assertThat(problem.path("violations").get(0).path("rule").asText()).isEqualTo("duplicate-key");
        assertThat(problem.path("detail").asText()).contains("Duplicate field 'plant'").contains("line 1, column");
    }

    @Test
    void shouldRefuseBytesThatAreNotUtf8NamingTheByteOffset() throws Exception {
        String lot = lot();
        byte[] body = utf8(result(lot).replace("BRK-4711", "BRK-47#1"));
        int at = new String(body, StandardCharsets.ISO_8859_1).indexOf('#');
        body[at] = (byte) 0xff;
        JsonNode problem = refused(body, lot);
        assertThat(problem.path("violations").get(0).path("rule").asText()).isEqualTo("utf-8");
        assertThat(problem.path("detail").asText()).contains("byte 0xff at byte offset " + at + " is not valid UTF-8");
    }

    @Test
    void shouldRefuseLatin1Text() throws Exception {
        String lot = lot();
        byte[] body = result(lot).replace("BRK-4711", "Bremsbeläge").getBytes(StandardCharsets.ISO_8859_1);
        JsonNode problem = refused(body, lot);
        assertThat(problem.path("violations").get(0).path("rule").asText()).isEqualTo("utf-8");
        assertThat(problem.path("detail").asText()).contains("byte 0xe4");
    }

    @Test
    void shouldRefuseANumberBeyondTheRangeOfADoubleNamingTheField() throws Exception {
        String lot = lot();
        JsonNode problem = refused(utf8(result(lot).replace("\"lotQuantity\": 500", "\"lotQuantity\": 1e400")), lot);
        assertThat(problem.path("type").asText()).endsWith("/schema-violation");
        assertThat(problem.path("violations").get(0).path("path").asText()).isEqualTo("$.lotQuantity");
        assertThat(problem.path("violations").get(0).path("rule").asText()).isEqualTo("number-range");
    }

    @Test
    void shouldRefuseNaN() throws Exception {
        String lot = lot();
        JsonNode problem = refused(utf8(result(lot).replace("\"lotQuantity\": 500", "\"lotQuantity\": NaN")), lot);
        assertThat(problem.path("violations").get(0).path("rule").asText()).isEqualTo("non-finite-number");
    }

    @Test
    void shouldAnswerAnEmptyBodyWith400() throws Exception {
        JsonNode problem = refused(new byte[0], "no-lot-at-all");
        assertThat(problem.path("status").asInt()).isEqualTo(400);
        assertThat(problem.path("type").asText()).endsWith("/empty-body");
        assertThat(problem.path("detail").asText()).contains("The body is empty");
    }

    @Test
    void shouldReportAnImpossibleDateAsASchemaViolationOfItsField() throws Exception {
        String lot = lot();
        JsonNode problem = refused(utf8(result(lot).replace("2026-11-27T08:15", "2026-02-30T08:15")), lot);
        assertThat(problem.path("type").asText()).endsWith("/schema-violation");
        assertThat(problem.path("violations").get(0).path("path").asText()).isEqualTo("$.inspectedAt");
        assertThat(problem.path("violations").get(0).path("rule").asText()).isEqualTo("format");
    }

    @Test
    void shouldRefuseARejectedQuantityAboveTheSampledOneNamingBothFields() throws Exception {
        String lot = lot();
        JsonNode problem = refused(utf8(result(lot).replace("\"rejectedQuantity\": 8", "\"rejectedQuantity\": 60")), lot);
        assertThat(problem.path("type").asText()).endsWith("/schema-violation");
        JsonNode violation = problem.path("violations").get(0);
        assertThat(violation.path("path").asText()).isEqualTo("$.rejectedQuantity");
        assertThat(violation.path("rule").asText()).isEqualTo("rejectedQuantity<=sampledQuantity");
        assertThat(violation.path("message").asText()).isEqualTo("rejectedQuantity 60 is larger than sampledQuantity 50");
    }

    @Test
    void shouldRefuseMalformedJsonAtTheOtherQmsWebhooksAndTheErpWebhook() throws Exception {
        for (String path : new String[] {"/api/v1/qms/nonconformances", "/api/v1/qms/lot-dispositions",
                "/api/v1/erp/erp-cloud/purchase-order-events"}) {
            String empty = signed().contentType("application/json").body(new byte[0]).post(path)
                    .then().statusCode(400).contentType("application/problem+json").extract().body().asString();
            assertThat(JSON.readTree(empty).path("type").asText()).as(path).endsWith("/empty-body");
            ByteArrayOutputStream twoDocuments = new ByteArrayOutputStream();
            twoDocuments.writeBytes(utf8("{\"a\": 1} {\"a\": 2}"));
            String trailing = signed().contentType("application/json").body(twoDocuments.toByteArray()).post(path)
                    .then().statusCode(400).extract().body().asString();
            assertThat(JSON.readTree(trailing).path("violations").get(0).path("rule").asText()).as(path)
                    .isEqualTo("trailing-content");
        }
    }
}
