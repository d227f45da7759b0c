package org.mfgsync.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The v1 schemas stay backward compatible with their recorded baseline; each kind of break is named. */
class SchemaCompatibilityTest {

    static final Path BASELINE = Path.of("schemas/baseline/json/v1");
    static final Path CURRENT = Path.of("schemas/json/v1");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path copy;

    @BeforeEach
    void copyTheBaseline() throws IOException {
        try (Stream<Path> files = Files.list(BASELINE)) {
            for (Path file : files.toList()) {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
        }
    }

    @Test
    void shouldFindNoBreakingChangeAgainstTheRecordedBaseline() {
        assertThat(SchemaCompatibility.breakingChanges(BASELINE, CURRENT)).isEmpty();
    }

    @Test
    void shouldAcceptAnAddedOptionalField() throws IOException {
        edit("purchase-order-changed", s -> lineProperties(s).putObject("drawingNumber").put("type", "string"));

        assertThat(changes()).isEmpty();
    }

    @Test
    void shouldAcceptAnAddedEnumValueAndAWiderType() throws IOException {
        edit("corrective-action-updated", s -> ((ArrayNode) s.at("/properties/payload/properties/status/enum")).add("ESCALATED"));
        edit("shipment-notified", s -> ((ObjectNode) s.at("/properties/payload/properties/packageCount")).put("type", "number"));

        assertThat(changes()).isEmpty();
    }

    @Test
    void shouldRejectARemovedField() throws IOException {
        edit("purchase-order-changed", s -> lineProperties(s).remove("needDate"));

        assertThat(changes()).containsExactly("purchase-order-changed $.payload.lines[].needDate: field removed");
    }

    @Test
    void shouldRejectARenamedFieldAndSayWhatItMayHaveBecome() throws IOException {
        edit("purchase-order-changed", s -> {
            ObjectNode lines = lineProperties(s);
            lines.set("requiredDate", lines.remove("needDate"));
            ArrayNode required = (ArrayNode) s.at("/properties/payload/properties/lines/items/required");
            required.removeAll();
            List.of("poLine", "lineChange", "item", "quantity", "unitOfMeasure").forEach(required::add);
        });

        assertThat(changes()).containsExactly("purchase-order-changed $.payload.lines[].needDate: "
                + "field removed or renamed (new field(s) here: requiredDate)");
    }

    @Test
    void shouldRejectANewRequiredField() throws IOException {
        edit("shipment-notified", s -> {
            ((ObjectNode) s.at("/properties/payload/properties")).putObject("billOfLading").put("type", "string");
            ((ArrayNode) s.at("/properties/payload/required")).add("billOfLading");
        });

        assertThat(changes()).containsExactly("shipment-notified $.payload.billOfLading: new required field");
    }

    @Test
    void shouldRejectANarrowedType() throws IOException {
        edit("inspection-completed", s -> ((ObjectNode) s.at("/properties/payload/properties/sampledQuantity")).put("type", "integer"));

        assertThat(changes()).containsExactly(
                "inspection-completed $.payload.sampledQuantity: type narrowed from null|number to integer");
    }

    @Test
    void shouldRejectARemovedEnumValue() throws IOException {
        edit("supplier-commit-changed", s -> {
            ArrayNode values = (ArrayNode) s.at("/properties/payload/properties/confirmationType/enum");
            values.remove(3);
        });

        assertThat(changes()).containsExactly("supplier-commit-changed $.payload.confirmationType: enum value BACKORDERED removed");
    }

    @Test
    void shouldRejectATightenedPatternAtEveryFieldOfASharedType() throws IOException {
        edit("common", s -> ((ObjectNode) s.at("/$defs/plantCode")).put("pattern", "^[0-9]{4}$"));

        assertThat(changes())
                .contains("purchase-order-changed $.plant: pattern tightened or changed from ^[A-Za-z0-9]{1,10}$ to ^[0-9]{4}$",
                        "purchase-order-changed $.payload.lines[].deliveryPlant: pattern tightened or changed from ^[A-Za-z0-9]{1,10}$ to ^[0-9]{4}$",
                        "plant $.plant: pattern tightened or changed from ^[A-Za-z0-9]{1,10}$ to ^[0-9]{4}$")
                .allMatch(c -> c.contains("pattern tightened"));
    }

    @Test
    void shouldRejectATightenedBoundAndARemovedSchema() throws IOException {
        edit("common", s -> ((ObjectNode) s.at("/$defs/text")).put("maxLength", 500));
        Files.delete(copy.resolve("item.schema.json"));

        assertThat(changes()).contains("item $: schema removed",
                "corrective-action-updated $.payload.rootCause: maxLength lowered from 2000 to 500");
    }

    @Test
    void shouldFailTheCheckNamingEveryChange() throws IOException {
        edit("plant", s -> ((ObjectNode) s.at("/properties")).remove("timeZone"));

        assertThatThrownBy(() -> SchemaCompatibility.main(new String[] { BASELINE.toString(), copy.toString() }))
                .hasMessageContaining("1 backward-incompatible change(s)")
                .hasMessageContaining("plant $.timeZone: field removed");
    }

    private List<String> changes() {
        return SchemaCompatibility.breakingChanges(BASELINE, copy).stream().map(Object::toString).toList();
    }

    private static ObjectNode lineProperties(ObjectNode schema) {
        return (ObjectNode) schema.at("/properties/payload/properties/lines/items/properties");
    }

    private void edit(String schema, Consumer<ObjectNode> change) throws IOException {
        Path file = copy.resolve(schema + ".schema.json");
        ObjectNode node = (ObjectNode) JSON.readTree(file.toFile());
        change.accept(node);
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), node);
    }
}
