package org.mfgsync.connectors.flatfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mfgsync.canonical.CanonicalJson;
import org.mfgsync.canonical.CanonicalType;
import org.mfgsync.governance.reload.MappingRegistry;
import org.mfgsync.testing.Schemas;

/**
 * Golden files of the canonical → system direction: {@code mappings/<instance>/tests/<case>.canonical.json} written
 * as the instance writes it ({@code tests/outbound.properties}) must give exactly {@code <case>.expected.txt}, the
 * first line of which is the file name; the canonical input must itself be valid against its schema. {@code -Dmapping=...} and {@code -Dgolden.update=true} as in
 * {@link FileMappingGoldenTest}.
 */
class FileOutboundGoldenTest {

    static Stream<Path> goldenCases() throws IOException {
        String only = System.getProperty("mapping", "");
        List<Path> cases = new ArrayList<>();
        try (Stream<Path> instances = Files.list(FileMappingGoldenTest.MAPPINGS)) {
            for (Path instance : instances.sorted().toList()) {
                Path tests = instance.resolve("tests");
                if (Files.isRegularFile(tests.resolve("outbound.properties"))
                        && (only.isEmpty() || only.equals(instance.getFileName().toString()))) {
                    try (Stream<Path> files = Files.list(tests)) {
                        files.filter(f -> f.getFileName().toString().endsWith(".canonical.json")).sorted().forEach(cases::add);
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenCases")
    void shouldWriteEveryCanonicalGoldenInputAsExpected(Path input) throws IOException {
        // the golden input is what the topic carries: a valid canonical event
        String event = Files.readString(input);
        String eventType = CanonicalJson.MAPPER.readTree(event).path("eventType").asText();
        assertThat(Schemas.violations(CanonicalType.find(eventType).orElseThrow().schemaName(), event))
                .as("%s is a valid canonical %s", input, eventType).isEmpty();

        Properties settings = new Properties();
        try (Reader reader = Files.newBufferedReader(input.resolveSibling("outbound.properties"))) {
            settings.load(reader);
        }
        FileOutbound.Rendered rendered = outbound().render(event,
                settings.getProperty("mapping"), settings.getProperty("layout"), settings.getProperty("stream"));
        String actual = rendered.fileName() + "\n" + rendered.content();

        String name = input.getFileName().toString().replace(".canonical.json", ".expected.txt");
        Path expected = input.resolveSibling(name);
        if (FileMappingGoldenTest.UPDATE) {
            Files.writeString(expected, actual);
        }
        if (!Files.exists(expected)) {
            fail("No " + expected + "; the mapping gave:\n" + actual);
        }
        assertThat(actual).isEqualTo(Files.readString(expected));
    }

    @Test
    void shouldRefuseAHeaderLevelCommitWithoutLinesForErpLegacyA() throws IOException {
        // a valid canonical event erp-legacy-a has no form for: it imports commits per PO line only
        String event = Files.readString(Path.of("schemas/samples/supplier-commit-changed/valid-header-accept-from-cxml.json"));
        assertThat(Schemas.violations("supplier-commit-changed", event)).isEmpty();

        assertThatThrownBy(() -> outbound().render(event,
                "erp-legacy-a/supplier-commit-changed-out.jsonata", "erp-legacy-a/supplier-commits-out.beanio.xml",
                "supplier-commits-out"))
                .hasMessageContaining("confirmation CONF-88121 of PO 4500009002 has no lines");
    }

    static FileOutbound outbound() {
        return new FileOutbound(FileMappingGoldenTest.MAPPINGS, MappingRegistry.loadedFrom(FileMappingGoldenTest.MAPPINGS));
    }
}
