package org.mfgsync.governance.reload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappingRegistryTest {

    @TempDir
    Path dir;

    @Test
    void shouldGiveTheSameResultForEveryEvaluationOfOneMapping() throws IOException {
        write("m.jsonata", "( $p := po; {\"purchaseOrder\": $p, \"n\": $count(lines)} )");
        MappingRegistry registry = MappingRegistry.loadedFrom(dir);

        for (int i = 0; i < 1000; i++) {
            assertThat(registry.evaluate("m", Map.of("po", "PO-" + i, "lines", List.of(1, 2))))
                    .isEqualTo(Map.of("purchaseOrder", "PO-" + i, "n", 2));
        }
    }

    @Test
    void shouldNotLetAnEvaluationSeeTheVariablesOfAnEarlierOne() throws Exception {
        write("m.jsonata", "( $seen := $exists($x) ? 'leaked' : 'clean'; $x := 1; $seen )");
        MappingRegistry registry = MappingRegistry.loadedFrom(dir);

        assertThat(registry.evaluate("m", Map.of())).isEqualTo("clean");
        assertThat(registry.evaluate("m", Map.of())).isEqualTo("clean");
        assertThat(registry.apply("m", "{}")).isEqualTo("\"clean\"");
    }

    @Test
    void shouldFindAMappingByItsFileRelativeToTheMappingsFolder() throws IOException {
        write("erp/po.jsonata", "{\"po\": po}");
        MappingRegistry registry = MappingRegistry.loadedFrom(dir);

        assertThat(registry.evaluate("erp/po.jsonata", Map.of("po", "4500"))).isEqualTo(Map.of("po", "4500"));
        assertThatThrownBy(() -> registry.evaluate("erp/nothing.jsonata", Map.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("erp/nothing.jsonata");
    }

    @Test
    void shouldRefuseAFolderWithAMappingThatDoesNotParse() throws IOException {
        write("broken.jsonata", "{\"v\": ");
        assertThatThrownBy(() -> MappingRegistry.loadedFrom(dir)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("broken.jsonata");
    }

    private void write(String path, String content) throws IOException {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
