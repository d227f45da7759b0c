package org.mfgsync.governance;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.mfgsync.canonical.XmlForm;
import org.mfgsync.testing.TestStack;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The schema registry API answers from the schemas folder; unknown types and versions are a 404 problem. */
@QuarkusTest
@WithTestResource(TestStack.class)
class SchemaRegistryApiTest {

    static final Path SAMPLES = Path.of("schemas/samples");

    @Test
    void shouldListEveryCanonicalTypeWithItsVersionsAndTopic() {
        given().get("/api/v1/schemas").then().statusCode(200).contentType(ContentType.JSON)
                .body("schemas", hasSize(18),
                        "schemas.type", hasItems("Envelope", "PurchaseOrderChanged", "SupplierCommitChanged",
                                "ShipmentNotified", "InspectionCompleted", "NonconformanceRaised",
                                "CorrectiveActionRequested", "CorrectiveActionUpdated", "InventoryStatusChanged",
                                "ProcurementActionRequested", "LotDispositionDecided", "PlanningRecalculationRequested", "EscalationRaised", "Supplier", "Item", "Plant", "Common"),
                        "schemas.versions", everyItem(equalTo(java.util.List.of("1"))),
                        "schemas.find { it.type == 'SupplierCommitChanged' }.topic", equalTo("mfgsync.supplier-commit-changed.v1"),
                        "schemas.find { it.type == 'Plant' }.kind", equalTo("master-data"),
                        "schemas.find { it.type == 'SlaBreached' }.topic", equalTo("mfgsync.sla-breached.v1"),
                        "schemas.find { it.type == 'ShipmentNotified' }.links.'v1.xsd'",
                        equalTo("/api/v1/schemas/ShipmentNotified/1?format=xsd"));
    }

    @Test
    void shouldServeTheJsonSchemaAndTheXsd() {
        given().get("/api/v1/schemas/InspectionCompleted/1").then().statusCode(200)
                .contentType("application/schema+json")
                .body("$id", equalTo("https://schemas.mfgsync.org/json/v1/inspection-completed.schema.json"),
                        "properties.eventType.const", equalTo("InspectionCompleted"));
        given().get("/api/v1/schemas/inspection-completed/v1?format=xsd").then().statusCode(200)
                .contentType("application/xml")
                .body(containsString("<xs:element name=\"InspectionCompleted\">"));
        given().get("/api/v1/schemas/common/1").then().statusCode(200).body("$defs.currency.pattern", equalTo("^[A-Z]{3}$"));
    }

    @Test
    void shouldAnswer404ProblemForAnUnknownTypeVersionOrFormat() {
        for (String path : new String[] { "/api/v1/schemas/InvoiceReceived/1", "/api/v1/schemas/InspectionCompleted/2",
                "/api/v1/schemas/InspectionCompleted/latest", "/api/v1/schemas/InspectionCompleted/1?format=yaml" }) {
            given().get(path).then().statusCode(404).contentType("application/problem+json")
                    .body("type", equalTo("https://mfgsync.org/problems/unknown-schema"), "status", equalTo(404));
        }
        given().contentType(ContentType.JSON).body("{}").post("/api/v1/schemas/InvoiceReceived/1/validate")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void shouldValidateAJsonDocumentAndListEveryViolation() throws IOException {
        given().contentType(ContentType.JSON).body(sample("shipment-notified/valid-asn-with-lots-and-serials.json"))
                .post("/api/v1/schemas/ShipmentNotified/1/validate")
                .then().statusCode(200).body("valid", equalTo(true), "violations", hasSize(0));

        String invalid = new ObjectMapper().readTree(sample("shipment-notified/invalid-lot-without-quantity-and-lowercase-uom.json"))
                .get("document").toString();
        given().contentType(ContentType.JSON).body(invalid).post("/api/v1/schemas/shipment-notified/1/validate")
                .then().statusCode(200)
                .body("valid", equalTo(false), "format", equalTo("json"),
                        "violations.path", hasItems("$.payload.lines[0].lots[1].quantity", "$.payload.lines[1].unitOfMeasure"),
                        "violations.rule", hasItems("required", "pattern"));
    }

    @Test
    void shouldValidateAnXmlDocumentAgainstTheXsd() throws IOException {
        String xml = XmlForm.toXmlString("Item", new ObjectMapper().readTree(sample("item/valid-lot-controlled.json")));

        given().contentType(ContentType.XML).body(xml).post("/api/v1/schemas/Item/1/validate")
                .then().statusCode(200).body("valid", equalTo(true), "format", equalTo("xsd"));
        given().contentType(ContentType.XML).body(xml.replace(">true<", ">yes<")).post("/api/v1/schemas/Item/1/validate")
                .then().statusCode(200).body("valid", equalTo(false), "violations[0].rule", startsWith("cvc-"),
                        "violations[0].path", startsWith("line "));
    }

    @Test
    void shouldAnswerMalformedJsonWithAProblem() {
        given().contentType(ContentType.JSON).body("{\"eventId\": ").post("/api/v1/schemas/Envelope/1/validate")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://mfgsync.org/problems/malformed-json"));
    }

    @Test
    void shouldReadTheDocumentToValidateStrictlyNamingWhatIsWrong() throws IOException {
        String valid = sample("shipment-notified/valid-asn-with-lots-and-serials.json");
        String path = "/api/v1/schemas/ShipmentNotified/1/validate";

        given().contentType(ContentType.JSON).body(valid + " {\"x\": 1}").post(path)
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://mfgsync.org/problems/malformed-json"), "violations[0].rule", equalTo("trailing-content"));
        given().contentType(ContentType.JSON).body(valid.replaceFirst("\\{", "{\"eventType\": \"X\", ")).post(path)
                .then().statusCode(400).body("violations[0].rule", equalTo("duplicate-key"));
        given().contentType(ContentType.JSON).body(new byte[0]).post(path)
                .then().statusCode(400).body("type", equalTo("https://mfgsync.org/problems/empty-body"));
        byte[] latin1 = valid.replaceFirst("\\{", "{\"x\": \"Bremsbel\u00e4ge\", ")
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        given().contentType(ContentType.JSON).body(latin1).post(path)
                .then().statusCode(400).body("violations[0].rule", equalTo("utf-8"));
        // well-formed, but a number no double can hold: a violation of its field like the schema's own
        given().contentType(ContentType.JSON).body("{\"eventId\": 1e400}").post("/api/v1/schemas/Envelope/1/validate")
                .then().statusCode(200).body("valid", equalTo(false), "violations[0].path", equalTo("$.eventId"),
                        "violations[0].rule", equalTo("number-range"));
    }

    static String sample(String path) throws IOException {
        return Files.readString(SAMPLES.resolve(path));
    }
}
