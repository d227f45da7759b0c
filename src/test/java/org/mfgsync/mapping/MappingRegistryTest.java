package org.mfgsync.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class MappingRegistryTest {

    @Test
    void shouldGiveTheSameResultForEveryEvaluationOfOneMapping() throws Exception {
        MappingRegistry registry = registryWith("m.jsonata", "( $p := po; {\"purchaseOrder\": $p, \"n\": $count(lines)} )");

        for (int i = 0; i < 1000; i++) {
            assertThat(registry.evaluate("m", Map.of("po", "PO-" + i, "lines", List.of(1, 2))))
                    .isEqualTo(Map.of("purchaseOrder", "PO-" + i, "n", 2));
        }
    }

    @Test
    void shouldNotLetAnEvaluationSeeTheVariablesOfAnEarlierOne() throws Exception {
        MappingRegistry registry = registryWith("m.jsonata", "( $seen := $exists($x) ? 'leaked' : 'clean'; $x := 1; $seen )");

        assertThat(registry.evaluate("m", Map.of())).isEqualTo("clean");
        assertThat(registry.evaluate("m", Map.of())).isEqualTo("clean");
        assertThat(registry.apply("m", "{}")).isEqualTo("\"clean\"");
    }

    @Test
    void shouldFindAMappingByItsFileRelativeToTheMappingsFolder() throws Exception {
        MappingRegistry registry = registryWith("erp/po.jsonata", "{\"po\": po}");

        assertThat(registry.evaluate("erp/po.jsonata", Map.of("po", "4500"))).isEqualTo(Map.of("po", "4500"));
        assertThatThrownBy(() -> registry.evaluate("erp/nothing.jsonata", Map.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("erp/nothing.jsonata");
    }

    @Test
    void shouldRefuseAMappingThatDoesNotParse() {
        assertThatThrownBy(() -> registryWith("broken.jsonata", "{\"v\": ")).isInstanceOf(MappingKind.MappingException.class)
                .hasMessageContaining("JSONata does not compile");
    }

    /** A registry with one mapping in force, compiled as the hot reload compiles it. */
    private static MappingRegistry registryWith(String path, String source) throws MappingKind.MappingException {
        MappingKind kind = MappingKinds.forFile(path).orElseThrow();
        String name = MappingKinds.nameOf(path, kind);
        MappingRegistry registry = new MappingRegistry();
        registry.replace(Map.of(name, new CompiledMapping(name, kind, path, kind.compile(path, source))));
        return registry;
    }
}
