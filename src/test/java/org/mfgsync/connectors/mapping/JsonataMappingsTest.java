package org.mfgsync.connectors.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonataMappingsTest {

    @TempDir
    Path dir;

    @Test
    void shouldGiveTheSameResultForEveryEvaluationOfOneMapping() throws IOException {
        Path mapping = dir.resolve("m.jsonata");
        Files.writeString(mapping, "( $p := po; {\"purchaseOrder\": $p, \"n\": $count(lines)} )");
        JsonataMappings mappings = new JsonataMappings();

        for (int i = 0; i < 1000; i++) {
            assertThat(mappings.apply(mapping, Map.of("po", "PO-" + i, "lines", java.util.List.of(1, 2))))
                    .isEqualTo(Map.of("purchaseOrder", "PO-" + i, "n", 2));
        }
    }

    @Test
    void shouldTakeAnEditedMappingFromTheNextEvaluationOn() throws IOException {
        Path mapping = dir.resolve("m.jsonata");
        Files.writeString(mapping, "{\"v\": 1}");
        Files.setLastModifiedTime(mapping, FileTime.from(Instant.parse("2026-11-27T08:00:00Z")));
        JsonataMappings mappings = new JsonataMappings();
        assertThat(mappings.apply(mapping, Map.of())).isEqualTo(Map.of("v", 1));

        Files.writeString(mapping, "{\"v\": 2}");
        Files.setLastModifiedTime(mapping, FileTime.from(Instant.parse("2026-11-27T08:00:01Z")));
        assertThat(mappings.apply(mapping, Map.of())).isEqualTo(Map.of("v", 2));
    }

    @Test
    void shouldRefuseAMappingThatDoesNotParse() throws IOException {
        Path mapping = dir.resolve("broken.jsonata");
        Files.writeString(mapping, "{\"v\": ");
        assertThatThrownBy(() -> new JsonataMappings().apply(mapping, Map.of())).isInstanceOf(RuntimeException.class);
    }
}
