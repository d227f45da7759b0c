package org.mfgsync.connectors.staging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mfgsync.canonical.CanonicalJson;
import org.mfgsync.canonical.CanonicalType;
import org.mfgsync.canonical.EventEnvelope;
import org.mfgsync.canonical.SchemaValidation;
import org.mfgsync.connectors.mapping.MappedEvents;
import org.mfgsync.mapping.MappingRegistry;
import org.mfgsync.testing.GoldenFiles;
import org.mfgsync.testing.Schemas;
import org.mfgsync.testing.ValidatedMappings;

/**
 * Golden files of the staging-table mappings, for every {@code mappings/<instance>/tests/staging.properties}:
 * {@code <case>.input.json} (one claimed document: header row and item rows) must give exactly
 * {@code <case>.expected.json} (the canonical event, schema-valid) or {@code <case>.expected-rejection.txt} (the
 * reason the row is marked failed with); {@code <case>.<operation>.json} (the body of an outbound call) must give
 * exactly {@code <case>.expected-rows.json}. {@code -Dmapping=erp-legacy-b} runs one instance only,
 * {@code -Dgolden.update=true} rewrites the expected files (review the diff).
 */
class StagingMappingGoldenTest {

    static final Path MAPPINGS = Path.of("mappings");
    static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    record Case(Path tests, String name, Path input, String operation) {
        @Override
        public String toString() {
            return tests.getParent().getFileName() + "/" + input.getFileName();
        }
    }

    static Stream<Case> goldenCases() throws IOException {
        String only = System.getProperty("mapping", "");
        List<Case> cases = new ArrayList<>();
        try (Stream<Path> instances = Files.list(MAPPINGS)) {
            for (Path instance : instances.sorted().toList()) {
                Path tests = instance.resolve("tests");
                if (!Files.isRegularFile(tests.resolve("staging.properties"))
                        || (!only.isEmpty() && !only.equals(instance.getFileName().toString()))) {
                    continue;
                }
                Properties settings = settings(tests);
                try (Stream<Path> files = Files.list(tests)) {
                    for (Path file : files.sorted().toList()) {
                        String name = file.getFileName().toString();
                        if (name.endsWith(".input.json")) {
                            cases.add(new Case(tests, name.substring(0, name.length() - ".input.json".length()), file, null));
                        } else if (name.endsWith(".json") && !name.contains(".expected")) {
                            String stem = name.substring(0, name.length() - ".json".length());
                            int dot = stem.lastIndexOf('.');
                            if (dot > 0 && settings.getProperty("outbound." + stem.substring(dot + 1) + ".mapping") != null) {
                                cases.add(new Case(tests, stem.substring(0, dot), file, stem.substring(dot + 1)));
                            }
                        }
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenCases")
    void shouldMapEveryGoldenCaseToItsExpectedOutput(Case golden) throws IOException {
        Properties settings = settings(golden.tests());
        MappingRegistry mappings = ValidatedMappings.loadedFrom(MAPPINGS);
        StagingMapper mapper = new StagingMapper(mappings,
                new MappedEvents(Clock.fixed(Instant.parse("2026-11-27T07:16:30Z"), ZoneOffset.UTC),
                        () -> UUID.fromString("00000000-0000-0000-0000-000000000001")),
                new SchemaValidation(Path.of("schemas")));
        String instance = settings.getProperty("instance");
        if (golden.operation() == null) {
            inbound(golden, settings, mapper, instance);
        } else {
            outbound(golden, settings, mapper, instance);
        }
    }

    private static void inbound(Case golden, Properties settings, StagingMapper mapper, String instance) throws IOException {
        JsonNode input = CanonicalJson.MAPPER.readTree(golden.input().toFile());
        @SuppressWarnings("unchecked")
        StagedDocument document = new StagedDocument(input.path("header").path("EXPNR").asText("?"),
                CanonicalJson.MAPPER.convertValue(input.path("header"), OBJECT),
                CanonicalJson.MAPPER.convertValue(input.path("items"), List.class));
        EventEnvelope<Object> event;
        try {
            event = mapper.toEvent(document, instance, settings.getProperty("inbound.mapping"), "corr-golden-1");
        } catch (StagedDocumentRejectedException rejection) {
            GoldenFiles.assertText(golden.tests().resolve(golden.name() + ".expected-rejection.txt"), rejection.reason() + "\n");
            return;
        }
        String json = CanonicalJson.MAPPER.writeValueAsString(event);
        assertThat(Schemas.violations(CanonicalType.find(event.eventType()).orElseThrow().schemaName(), json))
                .as("valid canonical event").isEmpty();
        assertThat(event.businessKeys()).as("partition key").containsKey(settings.getProperty("inbound.partitionKey"));
        GoldenFiles.assertJson(golden.tests().resolve(golden.name() + ".expected.json"),
                CanonicalJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(event) + "\n");
    }

    private static void outbound(Case golden, Properties settings, StagingMapper mapper, String instance) throws IOException {
        String body = Files.readString(golden.input());
        JsonNode message = CanonicalJson.MAPPER.readTree(body);
        // the key of the call: the event's own for a single event, the batch id for a batch
        String key = message.hasNonNull("batchId") ? message.path("batchId").asText() : message.path("idempotencyKey").asText();
        if (message.hasNonNull("eventType")) {
            assertThat(Schemas.violations(CanonicalType.find(message.path("eventType").asText()).orElseThrow().schemaName(), body))
                    .as("the golden input is a valid canonical event").isEmpty();
        } else {
            for (JsonNode commit : message.path("commits")) {
                assertThat(Schemas.violations("supplier-commit-changed", commit.toString()))
                        .as("every commit of the batch is a valid canonical event").isEmpty();
            }
        }
        List<Map<String, Object>> rows = mapper.toRows(settings.getProperty("outbound." + golden.operation() + ".mapping"),
                StagingOutbound.mappingInput(instance, key, message.path("correlationId").asText(null), body));
        GoldenFiles.assertJson(golden.tests().resolve(golden.name() + ".expected-rows.json"),
                CanonicalJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(rows) + "\n");
    }

    private static Properties settings(Path tests) throws IOException {
        Properties settings = new Properties();
        try (Reader reader = Files.newBufferedReader(tests.resolve("staging.properties"))) {
            settings.load(reader);
        }
        return settings;
    }
}
