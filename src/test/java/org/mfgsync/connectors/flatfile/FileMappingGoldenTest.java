package org.mfgsync.connectors.flatfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;


import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mfgsync.canonical.CanonicalJson;
import org.mfgsync.canonical.CanonicalType;
import org.mfgsync.canonical.EventEnvelope;
import org.mfgsync.connectors.mapping.MappedEvents;
import org.mfgsync.connectors.xml.XmlDocuments;
import org.mfgsync.connectors.xml.XsltMappings;
import org.mfgsync.mapping.MappingRegistry;
import org.mfgsync.testing.GoldenFiles;
import org.mfgsync.testing.Schemas;
import org.mfgsync.testing.ValidatedMappings;

/**
 * Golden files of the flat-file mappings: every {@code mappings/<instance>/tests/<case>.input.*} is read through the
 * instance's layout and mapping ({@code tests/format.properties}) and must give exactly
 * {@code <case>.expected.json} (the canonical events, in order) or, for a refused file,
 * {@code <case>.expected-rejection.txt} (the reason, then one line per invalid record) or, for a file its trailer
 * declares incomplete (left in place until complete), {@code <case>.expected-incomplete.txt}.
 * {@code -Dmapping=erp-legacy-a} runs one instance's cases only; {@code -Dgolden.update=true} rewrites the
 * expected files from the actual output (review the diff before committing).
 */
class FileMappingGoldenTest {

    static final Path MAPPINGS = Path.of("mappings");
    /** Event types whose flat-file mappings produce the canonical schema: every event of theirs is validated. */
    static final Set<String> CANONICAL_SCHEMA_ALIGNED = Set.of("PurchaseOrderChanged", "SupplierCommitChanged");

    record Case(Path folder, String name, Path input) {
        @Override
        public String toString() {
            return folder.getParent().getFileName() + "/" + name;
        }
    }

    static Stream<Case> goldenCases() throws IOException {
        String only = System.getProperty("mapping", "");
        List<Case> cases = new ArrayList<>();
        try (Stream<Path> instances = Files.list(MAPPINGS)) {
            for (Path instance : instances.sorted().toList()) {
                Path tests = instance.resolve("tests");
                if (!Files.isRegularFile(tests.resolve("format.properties"))
                        || (!only.isEmpty() && !only.equals(instance.getFileName().toString()))) {
                    continue;
                }
                try (Stream<Path> files = Files.list(tests)) {
                    files.filter(f -> f.getFileName().toString().contains(".input.")).sorted().forEach(f -> {
                        String file = f.getFileName().toString();
                        cases.add(new Case(tests, file.substring(0, file.indexOf(".input.")), f));
                    });
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenCases")
    void shouldMapEveryGoldenInputToItsExpectedOutput(Case golden) throws IOException {
        Properties format = new Properties();
        try (Reader reader = Files.newBufferedReader(golden.folder().resolve("format.properties"))) {
            format.load(reader);
        }
        Properties caseSettings = new Properties(format);
        Path caseProperties = golden.folder().resolve(golden.name() + ".properties");
        if (Files.exists(caseProperties)) {
            try (Reader reader = Files.newBufferedReader(caseProperties)) {
                caseSettings.load(reader);
            }
        }
        if ("xml".equals(caseSettings.getProperty("format"))) {
            shouldMapXmlDocument(golden, caseSettings);
            return;
        }
        // a case's own <case>.properties may read it with another layout or policy
        String dialect = caseSettings.getProperty("dialect", "none");
        FlatFiles.Format fileFormat = "none".equals(dialect)
                ? new FlatFiles.Format(MAPPINGS.resolve(caseSettings.getProperty("layout")),
                        caseSettings.getProperty("stream"), Charset.forName(caseSettings.getProperty("encoding")),
                        caseSettings.getProperty("groupBy"))
                : FlatFiles.Format.of(CsvDialect.load(MAPPINGS.resolve(dialect), MAPPINGS.resolve(caseSettings.getProperty("layout"))),
                        caseSettings.getProperty("stream"), caseSettings.getProperty("groupBy"));
        RecordErrorPolicy policy = RecordErrorPolicy.of(caseSettings.getProperty("recordErrorPolicy", "reject-file"));
        Supplier<InputStream> input = () -> {
            try {
                return Files.newInputStream(golden.input());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };

        FlatFiles flatFiles = new FlatFiles();
        FlatFileScan scan;
        try {
            scan = flatFiles.scan(input, fileFormat, policy);
        } catch (FileRejectedException rejection) {
            StringBuilder actual = new StringBuilder(rejection.reason()).append('\n');
            rejection.details().forEach(d -> actual.append(d).append('\n'));
            GoldenFiles.assertText(golden.folder().resolve(golden.name() + ".expected-rejection.txt"), actual.toString());
            return;
        } catch (FileIncompleteException incomplete) {
            // left in place until it is complete or its deadline has passed
            GoldenFiles.assertText(golden.folder().resolve(golden.name() + ".expected-incomplete.txt"), incomplete.reason() + "\n");
            return;
        }

        MappingRegistry mappings = ValidatedMappings.loadedFrom(MAPPINGS);
        MappedEvents events = new MappedEvents(Clock.fixed(Instant.parse("2026-11-27T07:16:30Z"), ZoneOffset.UTC),
                () -> UUID.fromString("00000000-0000-0000-0000-000000000001"));
        List<EventEnvelope<Object>> actual = new ArrayList<>();
        try (FlatFiles.CloseableIterator groups = flatFiles.groups(input, fileFormat, scan)) {
            while (groups.hasNext()) {
                Map<String, Object> mappingInput = new LinkedHashMap<>();
                mappingInput.put("instance", format.getProperty("instance", golden.folder().getParent().getFileName().toString()));
                mappingInput.put("file", golden.input().getFileName().toString());
                mappingInput.putAll(groups.next());
                actual.add(events.envelope(mappings.evaluate(format.getProperty("mapping"), mappingInput),
                        "corr-golden-1", null));
            }
        }
        for (EventEnvelope<Object> event : actual) {
            assertThat(event.businessKeys()).as("partition key").containsKey(format.getProperty("partitionKey"));
            if (CANONICAL_SCHEMA_ALIGNED.contains(event.eventType())) {
                assertThat(Schemas.violations(CanonicalType.find(event.eventType()).orElseThrow().schemaName(),
                        CanonicalJson.MAPPER.writeValueAsString(event))).as("valid canonical event").isEmpty();
            }
        }
        String actualJson = CanonicalJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(actual) + "\n";
        GoldenFiles.assertJson(golden.folder().resolve(golden.name() + ".expected.json"), actualJson);
        if (scan.invalidRecords() > 0) {
            StringBuilder report = new StringBuilder("held back: " + scan.heldBackGroups().stream().sorted().toList() + "\n");
            scan.errors().forEach(d -> report.append(d).append('\n'));
            GoldenFiles.assertText(golden.folder().resolve(golden.name() + ".expected-report.txt"), report.toString());
        }
    }

    /** XML channels: guard, XSD and XSLT mapping as the connector runs them ({@code format=xml}). */
    private static void shouldMapXmlDocument(Case golden, Properties settings) throws IOException {
        XmlDocuments.Format format = new XmlDocuments.Format(MAPPINGS.resolve(settings.getProperty("layout")),
                settings.getProperty("stream"), Long.parseLong(settings.getProperty("maxDocumentBytes")));
        Supplier<InputStream> input = () -> {
            try {
                return Files.newInputStream(golden.input());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        MappingRegistry mappings = ValidatedMappings.loadedFrom(MAPPINGS);
        List<Object> drafts;
        try {
            drafts = new XmlDocuments().read(input, format, XsltMappings.templates(mappings, settings.getProperty("mapping")),
                    Map.of("instance", settings.getProperty("instance")));
        } catch (FileRejectedException rejection) {
            StringBuilder actual = new StringBuilder(rejection.reason()).append('\n');
            rejection.details().forEach(d -> actual.append(d).append('\n'));
            GoldenFiles.assertText(golden.folder().resolve(golden.name() + ".expected-rejection.txt"), actual.toString());
            return;
        }
        MappedEvents events = new MappedEvents(Clock.fixed(Instant.parse("2026-11-27T07:16:30Z"), ZoneOffset.UTC),
                () -> UUID.fromString("00000000-0000-0000-0000-000000000001"));
        List<EventEnvelope<Object>> actual = new ArrayList<>();
        for (Object draft : drafts) {
            actual.add(events.envelope(draft, "corr-golden-1", null));
        }
        compareEvents(golden, settings, actual);
    }

    private static void compareEvents(Case golden, Properties format, List<EventEnvelope<Object>> actual) throws IOException {
        for (EventEnvelope<Object> event : actual) {
            assertThat(event.businessKeys()).as("partition key").containsKey(format.getProperty("partitionKey"));
            if (CANONICAL_SCHEMA_ALIGNED.contains(event.eventType())) {
                assertThat(Schemas.violations(CanonicalType.find(event.eventType()).orElseThrow().schemaName(),
                        CanonicalJson.MAPPER.writeValueAsString(event))).as("valid canonical event").isEmpty();
            }
        }
        String actualJson = CanonicalJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(actual) + "\n";
        GoldenFiles.assertJson(golden.folder().resolve(golden.name() + ".expected.json"), actualJson);
    }
}
