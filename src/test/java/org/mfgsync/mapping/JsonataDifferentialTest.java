package org.mfgsync.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mfgsync.mapping.jsonata.JsonataValues.assertSame;
import static org.mfgsync.mapping.jsonata.JsonataValues.copy;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mfgsync.canonical.CanonicalJson;
import org.mfgsync.connectors.flatfile.CsvDialect;
import org.mfgsync.connectors.flatfile.FileIncompleteException;
import org.mfgsync.connectors.flatfile.FileRejectedException;
import org.mfgsync.connectors.flatfile.FlatFileScan;
import org.mfgsync.connectors.flatfile.FlatFiles;
import org.mfgsync.connectors.flatfile.RecordErrorPolicy;
import org.mfgsync.connectors.staging.StagedDocument;
import org.mfgsync.connectors.staging.StagingOutbound;
import org.mfgsync.mapping.jsonata.CompiledJsonata;
import org.mfgsync.testing.ValidatedMappings;

/**
 * Every shipped JSONata mapping, on every golden input of {@code mappings/*}{@code /tests} in the shape its connector
 * gives it (a flat file's groups of records, a canonical event or batch for a file or staging table, a staged
 * document, a webhook document), evaluated by dashjoin's interpreter and by the compiled expression: the compiled
 * evaluation must give the same result — the same map keys in the same order, the same Java number types — without
 * falling back on the interpreter, must leave its input as it was, and where the interpreter raises an error the
 * mapping as the registry applies it must raise that very error.
 */
class JsonataDifferentialTest {

    static final Path MAPPINGS = Path.of("mappings");
    static final ObjectMapper VALIDATOR_JSON = new ObjectMapper();

    /** Mappings left to the interpreter, and why (see JsonataCompiler). */
    static final Map<String, String> INTERPRETED = Map.of(
            // its functions are arguments of $reduce and $map
            "erp-legacy-b/supplier-commits-out", "a function definition is used as a value");

    record Sample(String mapping, String source, Object input) {
        @Override
        public String toString() {
            return mapping + " <- " + source;
        }
    }

    static final MappingRegistry REGISTRY = ValidatedMappings.loadedFrom(MAPPINGS);

    static Stream<Sample> goldenInputs() throws IOException {
        List<Sample> samples = new ArrayList<>();
        try (Stream<Path> instances = Files.list(MAPPINGS)) {
            for (Path instance : instances.sorted().toList()) {
                Path tests = instance.resolve("tests");
                if (!Files.isDirectory(tests)) {
                    continue;
                }
                flatFileGroups(tests, samples);
                outboundDocuments(tests, samples);
                stagingDocuments(tests, samples);
                validatorGoldenInputs(instance, samples);
            }
        }
        return samples.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenInputs")
    void shouldGiveTheInterpretersResultForEveryGoldenInput(Sample sample) {
        CompiledJsonata program = program(sample.mapping());
        Object interpreted;
        try {
            interpreted = program.interpret(copy(sample.input()));
        } catch (RuntimeException interpreterError) {
            // the mapping refuses this input: compiled or not, the registry raises the interpreter's own error
            RuntimeException applied = null;
            try {
                program.evaluate(copy(sample.input()));
            } catch (RuntimeException e) {
                applied = e;
            }
            assertThat(applied).as("the mapping as applied fails too").isNotNull();
            assertThat(applied.getClass()).isEqualTo(interpreterError.getClass());
            assertThat(applied.getMessage()).isEqualTo(interpreterError.getMessage());
            return;
        }
        if (!program.compiled()) {
            assertThat(INTERPRETED).as("mappings left to the interpreter").containsKey(sample.mapping());
            assertSame(program.evaluate(copy(sample.input())), interpreted, "$");
            return;
        }
        Object input = copy(sample.input());
        Object compiled = program.evaluateCompiled(input);
        assertSame(compiled, interpreted, "$");
        assertSame(input, sample.input(), "input after the evaluation");
    }

    @Test
    void shouldCompileEveryShippedMappingButThoseLeftToTheInterpreter() throws IOException {
        Set<String> shipped = shippedJsonataMappings();
        for (String mapping : shipped) {
            CompiledJsonata program = program(mapping);
            if (INTERPRETED.containsKey(mapping)) {
                assertThat(program.compiled()).as(mapping).isFalse();
                assertThat(program.notCompiledBecause()).as(mapping).contains(INTERPRETED.get(mapping));
            } else {
                assertThat(program.compiled()).as(mapping + ": " + program.notCompiledBecause()).isTrue();
            }
        }
    }

    @Test
    void shouldHaveGoldenInputsForEveryShippedMapping() throws IOException {
        Set<String> covered = new TreeSet<>();
        goldenInputs().forEach(s -> covered.add(s.mapping()));
        assertThat(covered).containsAll(shippedJsonataMappings());
    }

    private static Set<String> shippedJsonataMappings() throws IOException {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.walk(MAPPINGS)) {
            files.filter(f -> f.toString().endsWith(".jsonata")).forEach(f -> {
                String relative = MAPPINGS.relativize(f).toString().replace('\\', '/');
                names.add(relative.substring(0, relative.length() - ".jsonata".length()));
            });
        }
        return names;
    }

    static CompiledJsonata program(String mapping) {
        String name = mapping.endsWith(".jsonata") ? mapping.substring(0, mapping.length() - ".jsonata".length()) : mapping;
        CompiledMapping compiled = REGISTRY.get(name).orElseThrow(() -> new AssertionError("no mapping " + name));
        return ((MappingKinds.JsonataKind.Parsed) compiled.compiled()).program();
    }

    // ---- the inputs, as each connector makes them from its golden files

    /** Flat files: each group of records of every golden file the connector accepts ({@code tests/format.properties}). */
    private static void flatFileGroups(Path tests, List<Sample> samples) throws IOException {
        Path formatFile = tests.resolve("format.properties");
        if (!Files.isRegularFile(formatFile)) {
            return;
        }
        Properties format = load(formatFile, null);
        if ("xml".equals(format.getProperty("format")) || format.getProperty("mapping") == null) {
            return;
        }
        List<Path> inputs;
        try (Stream<Path> files = Files.list(tests)) {
            inputs = files.filter(f -> f.getFileName().toString().contains(".input.")
                    && !f.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        for (Path file : inputs) {
            String caseName = file.getFileName().toString().substring(0, file.getFileName().toString().indexOf(".input."));
            Path caseFile = tests.resolve(caseName + ".properties");
            Properties settings = Files.exists(caseFile) ? load(caseFile, format) : format;
            String dialect = settings.getProperty("dialect", "none");
            Path layout = MAPPINGS.resolve(settings.getProperty("layout"));
            FlatFiles.Format fileFormat = "none".equals(dialect)
                    ? new FlatFiles.Format(layout, settings.getProperty("stream"),
                            Charset.forName(settings.getProperty("encoding")), settings.getProperty("groupBy"))
                    : FlatFiles.Format.of(CsvDialect.load(MAPPINGS.resolve(dialect), layout), settings.getProperty("stream"),
                            settings.getProperty("groupBy"));
            Supplier<InputStream> input = () -> {
                try {
                    return Files.newInputStream(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            };
            FlatFiles flatFiles = new FlatFiles();
            FlatFileScan scan;
            try {
                scan = flatFiles.scan(input, fileFormat,
                        RecordErrorPolicy.of(settings.getProperty("recordErrorPolicy", "reject-file")));
            } catch (FileRejectedException | FileIncompleteException refused) {
                continue;
            }
            int group = 0;
            try (FlatFiles.CloseableIterator groups = flatFiles.groups(input, fileFormat, scan)) {
                while (groups.hasNext()) {
                    Map<String, Object> mappingInput = new LinkedHashMap<>();
                    mappingInput.put("instance", settings.getProperty("instance", tests.getParent().getFileName().toString()));
                    mappingInput.put("file", file.getFileName().toString());
                    mappingInput.putAll(groups.next());
                    samples.add(new Sample(name(settings.getProperty("mapping")), tests.relativize(file) + " group " + ++group,
                            mappingInput));
                }
            }
        }
    }

    /** Files written from canonical events ({@code <flow>.outbound.properties}, {@code <flow>-*.canonical.json}). */
    private static void outboundDocuments(Path tests, List<Sample> samples) throws IOException {
        try (Stream<Path> files = Files.list(tests)) {
            for (Path settingsFile : files.filter(f -> f.getFileName().toString().endsWith(".outbound.properties")).sorted().toList()) {
                String flow = settingsFile.getFileName().toString().replace(".outbound.properties", "");
                String mapping = name(load(settingsFile, null).getProperty("mapping"));
                try (Stream<Path> inputs = Files.list(tests)) {
                    for (Path input : inputs.filter(f -> f.getFileName().toString().startsWith(flow + "-")
                            && f.getFileName().toString().endsWith(".canonical.json")).sorted().toList()) {
                        samples.add(new Sample(mapping, tests.relativize(input).toString(),
                                CanonicalJson.MAPPER.readValue(Files.readString(input), Object.class)));
                    }
                }
            }
        }
    }

    /** Staging tables ({@code staging.properties}): claimed documents in, canonical messages out. */
    @SuppressWarnings("unchecked")
    private static void stagingDocuments(Path tests, List<Sample> samples) throws IOException {
        Path settingsFile = tests.resolve("staging.properties");
        if (!Files.isRegularFile(settingsFile)) {
            return;
        }
        Properties settings = load(settingsFile, null);
        String instance = settings.getProperty("instance");
        List<Path> files;
        try (Stream<Path> list = Files.list(tests)) {
            files = list.sorted().toList();
        }
        for (Path file : files) {
            String fileName = file.getFileName().toString();
            if (fileName.endsWith(".input.json")) {
                JsonNode input = CanonicalJson.MAPPER.readTree(file.toFile());
                StagedDocument document = new StagedDocument(input.path("header").path("EXPNR").asText("?"),
                        CanonicalJson.MAPPER.convertValue(input.path("header"), Map.class),
                        CanonicalJson.MAPPER.convertValue(input.path("items"), List.class));
                samples.add(new Sample(name(settings.getProperty("inbound.mapping")), tests.relativize(file).toString(),
                        document.mappingInput(instance)));
                continue;
            }
            for (String key : settings.stringPropertyNames()) {
                if (key.startsWith("outbound.") && key.endsWith(".mapping")) {
                    String operation = key.substring("outbound.".length(), key.length() - ".mapping".length());
                    if (fileName.endsWith("." + operation + ".json")) {
                        String body = Files.readString(file);
                        JsonNode message = CanonicalJson.MAPPER.readTree(body);
                        String callKey = message.hasNonNull("batchId") ? message.path("batchId").asText()
                                : message.path("idempotencyKey").asText();
                        samples.add(new Sample(name(settings.getProperty(key)), tests.relativize(file).toString(),
                                StagingOutbound.mappingInput(instance, callKey, message.path("correlationId").asText(null), body)));
                    }
                }
            }
        }
    }

    /**
     * The validator's own golden tests of a mapping ({@code tests/<name>[-.]<case>.input.json}), read as
     * {@code JsonataKind.apply} reads them.
     */
    private static void validatorGoldenInputs(Path instance, List<Sample> samples) throws IOException {
        List<Path> mappings;
        try (Stream<Path> files = Files.list(instance)) {
            mappings = files.filter(f -> f.getFileName().toString().endsWith(".jsonata")).sorted().toList();
        }
        for (Path mapping : mappings) {
            String base = mapping.getFileName().toString().replace(".jsonata", "");
            try (Stream<Path> files = Files.list(instance.resolve("tests"))) {
                for (Path input : files.filter(f -> {
                    String file = f.getFileName().toString();
                    return file.endsWith(".input.json") && (file.startsWith(base + ".") || file.startsWith(base + "-"));
                }).sorted().toList()) {
                    samples.add(new Sample(name(MAPPINGS.relativize(mapping).toString()), MAPPINGS.relativize(input).toString(),
                            VALIDATOR_JSON.readValue(Files.readString(input), Object.class)));
                }
            }
        }
    }

    private static String name(String mapping) {
        String normalised = mapping.replace('\\', '/');
        return normalised.endsWith(".jsonata") ? normalised.substring(0, normalised.length() - ".jsonata".length()) : normalised;
    }

    private static Properties load(Path file, Properties defaults) throws IOException {
        Properties properties = defaults == null ? new Properties() : new Properties(defaults);
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        return properties;
    }
}
