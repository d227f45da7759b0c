package org.mfgsync.canonical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;

class SchemaValidationTest {

    static final ObjectMapper JSON = new ObjectMapper();
    final SchemaValidation validation = new SchemaValidation(Path.of("schemas"));

    @Test
    void shouldListEveryViolationWithPathAndRuleNotOnlyTheFirst() throws IOException {
        ObjectNode event = (ObjectNode) sample("purchase-order-changed/valid-revised-two-lines.json");
        ArrayNode lines = (ArrayNode) event.at("/payload/lines");
        lines.add(lines.get(0).deepCopy());
        ((ObjectNode) lines.get(2)).put("quantity", -1);
        ((ObjectNode) lines.get(2)).put("needDate", "15.12.2026");
        ((ObjectNode) event.get("payload")).remove("currency");
        event.put("occurredAt", "2026-11-27T09:12:44");

        var violations = validation.validate("purchase-order-changed", 1, event);

        assertThat(violations).extracting(SchemaViolation::path, SchemaViolation::rule).containsExactly(
                tuple("$.occurredAt", "pattern"),
                tuple("$.payload.currency", "required"),
                tuple("$.payload.lines[2].needDate", "pattern"),
                tuple("$.payload.lines[2].quantity", "minimum"));
        assertThat(violations.get(3).toString()).startsWith("$.payload.lines[2].quantity: must have a minimum value of 0");
    }

    @Test
    void shouldThrowWithEveryViolationForAnInboundRoute() {
        assertThatThrownBy(() -> validation.requireValid("qms-inspection-result", "{\"plant\":\"3000\",\"colour\":1}"))
                .isInstanceOfSatisfying(SchemaViolationException.class, e -> assertThat(e.violations())
                        .extracting(SchemaViolation::path).contains("$.colour", "$.inspectionLot", "$.lot"));
    }

    @Test
    void shouldRefuseJudgedQuantitiesThatDoNotAddUpToTheSampleWhereTheQmsSaysEverySampledUnitWasJudged() throws IOException {
        ObjectNode result = (ObjectNode) JSON.readTree(Files.readString(Path.of("dev/samples/inspection-rejected.json")));
        assertThat(validation.validate("qms-inspection-result", 1, result)).as("the shipped sample").isEmpty();
        result.put("rejectedQuantity", 9);

        var violations = validation.validate("qms-inspection-result", 1, result);

        assertThat(violations).extracting(SchemaViolation::path, SchemaViolation::rule)
                .containsExactly(tuple("$.sampledQuantity", "acceptedQuantity+rejectedQuantity=sampledQuantity"));
        assertThat(violations.get(0).message())
                .isEqualTo("acceptedQuantity 42 + rejectedQuantity 9 = 51 is not sampledQuantity 50, though sampleFullyJudged is true");
    }

    @Test
    void shouldNameEveryJudgedQuantityMissingWhereTheQmsSaysEverySampledUnitWasJudged() throws IOException {
        ObjectNode result = (ObjectNode) JSON.readTree(Files.readString(Path.of("dev/samples/inspection-rejected.json")));
        result.remove("acceptedQuantity");
        result.remove("sampledQuantity");

        assertThat(validation.validate("qms-inspection-result", 1, result))
                .extracting(SchemaViolation::path, SchemaViolation::rule).containsExactly(
                        tuple("$.acceptedQuantity", "required-when-sampleFullyJudged"),
                        tuple("$.sampledQuantity", "required-when-sampleFullyJudged"));
    }

    @Test
    void shouldLetQuantitiesThatDoNotAddUpPassWhereTheQmsDoesNotSayEverySampledUnitWasJudged() throws IOException {
        ObjectNode result = (ObjectNode) JSON.readTree(Files.readString(Path.of("dev/samples/inspection-rejected.json")));
        result.put("rejectedQuantity", 8.5);
        result.put("sampleFullyJudged", false);
        assertThat(validation.validate("qms-inspection-result", 1, result)).isEmpty();
        result.remove("sampleFullyJudged");
        assertThat(validation.validate("qms-inspection-result", 1, result)).isEmpty();
        result.put("sampleFullyJudged", "yes");
        assertThat(validation.validate("qms-inspection-result", 1, result))
                .extracting(SchemaViolation::path, SchemaViolation::rule).containsExactly(tuple("$.sampleFullyJudged", "type"));
    }

    @Test
    void shouldRefuseAnUnknownSchemaOrAPathOutsideTheSchemasFolder() {
        assertThatThrownBy(() -> validation.validate("no-such-event", 1, "{}")).isInstanceOf(UnknownSchemaException.class);
        assertThatThrownBy(() -> validation.validate("../../pom", 1, "{}")).isInstanceOf(UnknownSchemaException.class);
        assertThatThrownBy(() -> validation.validate("inspection-completed", 2, "{}")).isInstanceOf(UnknownSchemaException.class);
    }

    @Test
    void shouldValidateTheXmlFormAgainstTheXsdWithLineAndRule() throws IOException {
        JsonNode event = sample("inventory-status-changed/valid-blocked-lot.json");
        String xml = XmlForm.toXmlString("InventoryStatusChanged", event);

        assertThat(validation.validateXml("inventory-status-changed", 1, xml)).isEmpty();
        assertThat(validation.validateXml("inventory-status-changed", 1, xml.replace(">BLOCKED<", ">QUARANTINE<")))
                .extracting(SchemaViolation::rule).contains("cvc-enumeration-valid")
                .allSatisfy(rule -> assertThat(rule).startsWith("cvc-"));
        assertThat(validation.validateXml("inventory-status-changed", 1, xml.replace(">BLOCKED<", ">QUARANTINE<")).get(0).path())
                .matches("line \\d+, column \\d+");
    }

    @Test
    void shouldRefuseADoctypeSoNoEntityIsEverResolved() throws IOException {
        Path secret = Files.createTempFile("secret", ".txt");
        Files.writeString(secret, "do-not-read");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE p [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>"
                + "<Plant xmlns=\"" + XmlForm.NAMESPACE + "\"><plant>&x;</plant></Plant>";

        var violations = validation.validateXml("plant", 1, xxe);

        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo("well-formed");
            assertThat(v.message()).contains("DOCTYPE").doesNotContain("do-not-read");
        });
    }

    static JsonNode sample(String path) throws IOException {
        return JSON.readTree(Path.of("schemas/samples", path).toFile());
    }
}
