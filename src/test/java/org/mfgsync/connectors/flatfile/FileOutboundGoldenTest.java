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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mfgsync.canonical.CanonicalJson;
import org.mfgsync.canonical.CanonicalType;
import org.mfgsync.testing.GoldenFiles;
import org.mfgsync.testing.Schemas;
import org.mfgsync.testing.ValidatedMappings;

/**
 * Golden files of the canonical → system direction. Each {@code mappings/<instance>/tests/<flow>.outbound.properties}
 * says how one target operation writes its files (layout, stream, mapping: as its connector instance does); every
 * {@code tests/<flow>-<case>.canonical.json} beside it, written that way, must give exactly
 * {@code <flow>-<case>.expected.txt}, the first line of which is the file name. The canonical input must itself be
 * valid: an event against its schema, a supplier commit batch commit by commit. {@code -Dmapping=...} and
 * {@code -Dgolden.update=true} as in {@link FileMappingGoldenTest}.
 */
class FileOutboundGoldenTest {

    static final String SETTINGS_SUFFIX = ".outbound.properties";

    record Case(Path settings, Path input) {
        @Override
        public String toString() {
            return input.getParent().getParent().getFileName() + "/" + input.getFileName();
        }
    }

    static Stream<Case> goldenCases() throws IOException {
        String only = System.getProperty("mapping", "");
        List<Case> cases = new ArrayList<>();
        try (Stream<Path> instances = Files.list(FileMappingGoldenTest.MAPPINGS)) {
            for (Path instance : instances.sorted().toList()) {
                Path tests = instance.resolve("tests");
                if (!Files.isDirectory(tests) || (!only.isEmpty() && !only.equals(instance.getFileName().toString()))) {
                    continue;
                }
                try (Stream<Path> files = Files.list(tests)) {
                    for (Path settings : files.filter(f -> f.getFileName().toString().endsWith(SETTINGS_SUFFIX)).sorted().toList()) {
                        String flow = settings.getFileName().toString().replace(SETTINGS_SUFFIX, "");
                        try (Stream<Path> inputs = Files.list(tests)) {
                            inputs.filter(f -> f.getFileName().toString().startsWith(flow + "-")
                                    && f.getFileName().toString().endsWith(".canonical.json"))
                                    .sorted().forEach(input -> cases.add(new Case(settings, input)));
                        }
                    }
                }
            }
        }
        return cases.stream();
    }

    @Test
    void shouldHaveGoldenCasesForEveryOutboundFlow() throws IOException {
        assertThat(goldenCases().map(Case::toString)).contains(
                "erp-legacy-a/supplier-commits-two-commits.canonical.json",
                "erp-legacy-a/inventory-status-block.canonical.json",
                "erp-legacy-a/inventory-status-unblock.canonical.json",
                "supplier-standard-csv/purchase-orders-created.canonical.json",
                "supplier-standard-csv/purchase-orders-revised-line-cancelled.canonical.json");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenCases")
    void shouldWriteEveryCanonicalGoldenInputAsExpected(Case goldenCase) throws IOException {
        String document = Files.readString(goldenCase.input());
        assertValidCanonical(goldenCase.input(), document);

        Properties settings = new Properties();
        try (Reader reader = Files.newBufferedReader(goldenCase.settings())) {
            settings.load(reader);
        }
        FileOutbound.Rendered rendered = outbound().render(document,
                settings.getProperty("mapping"), settings.getProperty("layout"), settings.getProperty("stream"));
        String actual = rendered.fileName() + "\n" + rendered.content();

        Path expected = goldenCase.input().resolveSibling(
                goldenCase.input().getFileName().toString().replace(".canonical.json", ".expected.txt"));
        if (GoldenFiles.UPDATE) {
            Files.writeString(expected, actual);
        }
        if (!Files.exists(expected)) {
            fail("No " + expected + "; the mapping gave:\n" + actual);
        }
        assertThat(actual).isEqualTo(Files.readString(expected));
    }

    /** The golden input is what a workflow passes: a valid canonical event, or a batch of valid commits. */
    static void assertValidCanonical(Path input, String document) throws IOException {
        JsonNode json = CanonicalJson.MAPPER.readTree(document);
        if (json.has("eventType")) {
            String eventType = json.path("eventType").asText();
            assertThat(Schemas.violations(CanonicalType.find(eventType).orElseThrow().schemaName(), document))
                    .as("%s is a valid canonical %s", input, eventType).isEmpty();
            return;
        }
        assertThat(json.path("batchId").asText()).as("%s: batchId", input).isNotBlank();
        assertThat(json.path("plant").asText()).as("%s: plant", input).isNotBlank();
        assertThat(json.path("createdAt").asText()).as("%s: createdAt", input).isNotBlank();
        assertThat(json.path("commits")).as("%s: commits", input).isNotEmpty();
        for (JsonNode commit : json.path("commits")) {
            assertThat(Schemas.violations("supplier-commit-changed", commit.toString()))
                    .as("%s: commit %s is a valid SupplierCommitChanged", input, commit.path("eventId").asText()).isEmpty();
        }
    }

    @Test
    void shouldRefuseABatchWithAHeaderLevelCommitWithoutLinesForErpLegacyA() throws IOException {
        // a valid canonical commit erp-legacy-a has no form for: it imports commits per PO line only
        String headerLevel = Files.readString(Path.of("schemas/samples/supplier-commit-changed/valid-header-accept-from-cxml.json"));
        assertThat(Schemas.violations("supplier-commit-changed", headerLevel)).isEmpty();
        String batch = batchWith(Files.readString(Path.of("mappings/erp-legacy-a/tests/supplier-commits-two-commits.canonical.json")),
                headerLevel);

        assertThatThrownBy(() -> outbound().render(batch, "erp-legacy-a/supplier-commit-changed-out.jsonata",
                "erp-legacy-a/supplier-commits-out.beanio.xml", "supplier-commits-out"))
                .hasMessageContaining("confirmation CONF-88121 of PO 4500009002 has no lines");
    }

    @Test
    void shouldRefuseABatchMeantForAnotherErpInstance() throws IOException {
        ObjectNode batch = (ObjectNode) CanonicalJson.MAPPER.readTree(
                Files.readString(Path.of("mappings/erp-legacy-a/tests/supplier-commits-two-commits.canonical.json")));
        batch.put("erpInstance", "erp-legacy-b");

        assertThatThrownBy(() -> outbound().render(batch.toString(), "erp-legacy-a/supplier-commit-changed-out.jsonata",
                "erp-legacy-a/supplier-commits-out.beanio.xml", "supplier-commits-out"))
                .hasMessageContaining("is for erp-legacy-b, not for erp-legacy-a");
    }

    @Test
    void shouldRefuseAValueWiderThanItsColumnInsteadOfCuttingIt() throws IOException {
        ObjectNode event = (ObjectNode) CanonicalJson.MAPPER.readTree(
                Files.readString(Path.of("mappings/erp-legacy-a/tests/inventory-status-block.canonical.json")));
        ((ObjectNode) event.path("payload")).put("lot", "LOT-0123456789-0123456789");
        assertThat(Schemas.violations("inventory-status-changed", event.toString())).isEmpty();

        assertThatThrownBy(() -> outbound().render(event.toString(), "erp-legacy-a/inventory-status-changed-out.jsonata",
                "erp-legacy-a/inventory-status-out.beanio.xml", "inventory-status-out"))
                .hasMessageContaining("at most 20 characters for the lot; 'LOT-0123456789-0123456789' is longer");
    }

    @Test
    void shouldRefuseAFileNameWithPathComponents() {
        assertThatThrownBy(() -> outbound().render("{\"eventType\": \"PurchaseOrderChanged\", \"payload\": "
                + "{\"purchaseOrder\": \"../x\", \"revision\": 1, \"lines\": []}}",
                "supplier-standard-csv/purchase-order-changed-out.jsonata", "supplier-standard-csv/purchase-orders-out.beanio.xml",
                "purchase-orders-out"))
                .hasMessageContaining("gave a file name that is refused: 'PO_../x_REV1.csv' has path components");
    }

    static String batchWith(String batch, String extraCommit) throws IOException {
        ObjectNode json = (ObjectNode) CanonicalJson.MAPPER.readTree(batch);
        ((ArrayNode) json.path("commits")).add(CanonicalJson.MAPPER.readTree(extraCommit));
        return json.toString();
    }

    static FileOutbound outbound() {
        return new FileOutbound(FileMappingGoldenTest.MAPPINGS, ValidatedMappings.loadedFrom(FileMappingGoldenTest.MAPPINGS));
    }
}
