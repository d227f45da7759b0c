package org.mfgsync.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The Java records are checked against the schemas, field for field: the schemas stay the one truth. */
class CanonicalRecordsMatchSchemasTest {

    static final Path JSON_SCHEMAS = Path.of("schemas/json/v1");
    static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @EnumSource(CanonicalType.class)
    void shouldMatchItsSchemaFieldForField(CanonicalType type) throws IOException {
        JsonNode schema = read(type.schemaName());
        JsonNode described = type.kind() == CanonicalType.Kind.EVENT ? schema.at("/properties/payload") : schema;

        assertThat(RecordSchemaMatch.mismatches(type.javaType(), described, read("common"), "$"
                + (type.kind() == CanonicalType.Kind.EVENT ? ".payload" : ""))).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = CanonicalType.class, names = { "ENVELOPE", "PURCHASE_ORDER_CHANGED", "SUPPLIER_COMMIT_CHANGED",
            "SHIPMENT_NOTIFIED", "INSPECTION_COMPLETED", "NONCONFORMANCE_RAISED", "CORRECTIVE_ACTION_REQUESTED",
            "CORRECTIVE_ACTION_UPDATED", "INVENTORY_STATUS_CHANGED", "PROCUREMENT_ACTION_REQUESTED", "LOT_DISPOSITION_DECIDED",
            "PLANNING_RECALCULATION_REQUESTED", "ESCALATION_RAISED", "SLA_BREACHED" })
    void shouldCarryTheEnvelopeAsEventEnvelopeDoes(CanonicalType type) throws IOException {
        assertThat(RecordSchemaMatch.mismatches(EventEnvelope.class, read(type.schemaName()), read("common"), "$")).isEmpty();
    }

    @Test
    void shouldNameEveryFieldThatDiffersFromTheSchema() throws IOException {
        record Drifted(String plant, String item, BigDecimal quantity, String unitOfMeasure,
                InspectionCompleted.InspectionResult status, String reason, String reference, String colour) {
        }
        List<String> mismatches = RecordSchemaMatch.mismatches(Drifted.class,
                read("inventory-status-changed").at("/properties/payload"), read("common"), "$.payload");

        assertThat(mismatches).containsExactlyInAnyOrder(
                "$.payload.status: enum InspectionResult[ACCEPTED, REJECTED] vs schema [BLOCKED, QUALITY_INSPECTION, UNRESTRICTED]",
                "$.payload.colour: in Drifted, not in the schema",
                "$.payload.lot: in the schema, not in Drifted");
    }

    @Test
    void shouldRejectAJavaTypeThatDoesNotFitTheSchemaType() throws IOException {
        record Typed(String plant, String item, String lot, Integer quantity, String unitOfMeasure,
                InventoryStatusChanged.StockStatus status, String reason, OffsetDateTimeHolder reference) {
        }
        assertThat(RecordSchemaMatch.mismatches(Typed.class, read("inventory-status-changed").at("/properties/payload"),
                read("common"), "$.payload")).containsExactlyInAnyOrder(
                        "$.payload.quantity: Integer needs an integer, schema has number",
                        "$.payload.reference: record OffsetDateTimeHolder needs an object, schema has string");
    }

    @ParameterizedTest
    @EnumSource(CanonicalType.class)
    void shouldReadEveryValidSampleIntoJavaAndWriteItBackValid(CanonicalType type) throws IOException {
        ObjectMapper strict = CanonicalJson.MAPPER.copy()
                .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        var javaType = type.kind() == CanonicalType.Kind.EVENT
                ? strict.getTypeFactory().constructParametricType(EventEnvelope.class, type.javaType())
                : strict.getTypeFactory().constructType(type.javaType());
        var validation = new SchemaValidation(Path.of("schemas"));
        List<Path> samples;
        try (var files = java.nio.file.Files.list(Path.of("schemas/samples", type.schemaName()))) {
            samples = files.filter(f -> f.getFileName().toString().startsWith("valid-")).toList();
        }

        assertThat(samples).isNotEmpty();
        for (Path sample : samples) {
            Object read = strict.readValue(sample.toFile(), javaType);
            String written = strict.writeValueAsString(read);
            assertThat(validation.validate(type.schemaName(), 1, written)).as(sample.toString()).isEmpty();
        }
    }

    record OffsetDateTimeHolder(java.time.OffsetDateTime at) {
    }

    static JsonNode read(String schemaName) throws IOException {
        return JSON.readTree(JSON_SCHEMAS.resolve(schemaName + ".schema.json").toFile());
    }
}
