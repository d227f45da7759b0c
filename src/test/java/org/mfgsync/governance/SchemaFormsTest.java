package org.mfgsync.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JSON Schema and XSD of every canonical type say the same thing, proven by the samples; drift is caught. */
class SchemaFormsTest {

    static final Path SCHEMAS = Path.of("schemas");

    @TempDir
    Path copy;

    @Test
    void shouldFindBothFormsAndEverySampleInAgreement() {
        assertThat(SchemaForms.problems(SCHEMAS)).as("run 'make schemas-xsd' after changing a JSON Schema").isEmpty();
    }

    @Test
    void shouldReportDriftWhenAnXsdLosesAnEnumValue() throws IOException {
        copySchemas();
        Path xsd = copy.resolve("xsd/v1/supplier-commit-changed.xsd");
        Files.writeString(xsd, Files.readString(xsd).replace("<xs:enumeration value=\"BACKORDERED\"/>", ""));

        assertThat(SchemaForms.problems(copy))
                .anyMatch(p -> p.startsWith("xsd/v1/supplier-commit-changed.xsd is out of step"))
                .anyMatch(p -> p.startsWith("samples/supplier-commit-changed/valid-line-level-change-from-x12-855.json: drift"));
    }

    @Test
    void shouldReportDriftWhenTheJsonSchemaGainsAFieldTheXsdLacks() throws IOException {
        copySchemas();
        Path schema = copy.resolve("json/v1/plant.schema.json");
        Files.writeString(schema, Files.readString(schema).replace("\"properties\": {",
                "\"properties\": {\n    \"gln\": { \"type\": \"string\", \"pattern\": \"^[0-9]{13}$\" },"));
        Path sample = copy.resolve("samples/plant/valid-plant.json");
        Files.writeString(sample, Files.readString(sample).replaceFirst("\\{", "{ \"gln\": \"4012345000009\","));

        assertThat(SchemaForms.problems(copy))
                .anyMatch(p -> p.startsWith("xsd/v1/plant.xsd is out of step with json/v1/plant.schema.json"))
                .anyMatch(p -> p.startsWith("samples/plant/valid-plant.json: drift - the XSD rejects"));
    }

    @Test
    void shouldReportAnInvalidSampleThatBreaksOtherRulesThanItSays() throws IOException {
        copySchemas();
        Path sample = copy.resolve("samples/plant/invalid-missing-erp-instance.json");
        Files.writeString(sample, Files.readString(sample).replace("\"required\"", "\"pattern\""));

        assertThat(SchemaForms.problems(copy)).singleElement().asString()
                .startsWith("samples/plant/invalid-missing-erp-instance.json: declares [$.erpInstance pattern]");
    }

    private void copySchemas() throws IOException {
        try (Stream<Path> files = Files.walk(SCHEMAS)) {
            for (Path source : files.toList()) {
                Path target = copy.resolve(SCHEMAS.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }
}
