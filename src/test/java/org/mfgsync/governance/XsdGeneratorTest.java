package org.mfgsync.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XsdGeneratorTest {

    @TempDir
    Path dir;

    @Test
    void shouldAnchorPatternsTheWayJsonSchemaMatchesThem() {
        assertThat(XsdGenerator.xsdPattern("^[A-Z]{3}$")).isEqualTo("[A-Z]{3}");
        assertThat(XsdGenerator.xsdPattern("(Z|[+-][0-9]{2}:[0-9]{2})$")).isEqualTo(".*(Z|[+-][0-9]{2}:[0-9]{2})");
        assertThat(XsdGenerator.xsdPattern("^L-")).isEqualTo("L-.*");
    }

    @Test
    void shouldRefuseAKeywordWithoutAnXmlFormRatherThanDropTheRule() throws IOException {
        Files.copy(Path.of("schemas/json/v1/common.schema.json"), dir.resolve("common.schema.json"));
        Files.writeString(dir.resolve("plant.schema.json"), """
                {"title": "Plant", "type": "object", "additionalProperties": false, "required": ["plant"],
                 "properties": {"plant": {"type": "string", "oneOf": [{"pattern": "^[0-9]{4}$"}, {"pattern": "^P[0-9]{3}$"}]}}}
                """);

        assertThatThrownBy(() -> new XsdGenerator(dir).generate("plant"))
                .hasMessage("plant.plant: keyword oneOf has no XML form here");
    }

    @Test
    void shouldRefuseAnOpenObject() throws IOException {
        Files.copy(Path.of("schemas/json/v1/common.schema.json"), dir.resolve("common.schema.json"));
        Files.writeString(dir.resolve("plant.schema.json"), """
                {"title": "Plant", "type": "object", "properties": {"plant": {"type": "string"}}}
                """);

        assertThatThrownBy(() -> new XsdGenerator(dir).generate("plant")).hasMessageContaining("additionalProperties: false");
    }
}
