package org.mfgsync.governance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.mfgsync.canonical.CanonicalType;
import org.mfgsync.canonical.SchemaValidation;
import org.mfgsync.canonical.SchemaViolation;
import org.mfgsync.canonical.XmlForm;
import org.xml.sax.SAXException;

/**
 * Checks that the two forms of every canonical schema say the same thing: each XSD is what {@link XsdGenerator}
 * derives from its JSON Schema, and every sample under schemas/samples/{schema}/ gets the same verdict from the JSON
 * Schema and, through its XML form, from the XSD. A valid sample ({@code valid-*.json}) is the document itself; an
 * invalid one ({@code invalid-*.json}) is {@code {"because", "violates": [{path, rule}], "document"}} and must break
 * exactly the rules it names.
 */
public final class SchemaForms {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SchemaForms() {
    }

    /** Every disagreement found under the schemas folder, each naming the file; empty when both forms agree. */
    public static List<String> problems(Path schemasDir) {
        List<String> problems = new ArrayList<>();
        Path jsonDir = schemasDir.resolve("json/v1");
        Path xsdDir = schemasDir.resolve("xsd/v1");
        XsdGenerator generator = new XsdGenerator(jsonDir);
        for (String name : generator.schemaNames()) {
            Path xsd = xsdDir.resolve(name + ".xsd");
            if (!Files.isRegularFile(xsd)) {
                problems.add("xsd/v1/" + name + ".xsd is missing");
                continue;
            }
            String expected = generator.generate(name);
            String actual = read(xsd);
            if (!expected.equals(actual)) {
                problems.add("xsd/v1/" + name + ".xsd is out of step with json/v1/" + name + ".schema.json: "
                        + firstDifference(expected, actual));
            }
        }
        SchemaValidation validation = new SchemaValidation(schemasDir);
        for (CanonicalType type : CanonicalType.values()) {
            problems.addAll(checkSamples(type, validation, schemasDir.resolve("samples").resolve(type.schemaName()),
                    xsdDir.resolve(type.schemaName() + ".xsd")));
        }
        return problems;
    }

    private static List<String> checkSamples(CanonicalType type, SchemaValidation validation, Path sampleDir, Path xsd) {
        List<String> problems = new ArrayList<>();
        List<Path> samples = list(sampleDir);
        String schema = type.schemaName();
        if (samples.stream().noneMatch(p -> p.getFileName().toString().startsWith("valid-"))
                || samples.stream().noneMatch(p -> p.getFileName().toString().startsWith("invalid-"))) {
            problems.add("samples/" + schema + " needs at least one valid-*.json and one invalid-*.json");
        }
        javax.xml.validation.Schema compiledXsd;
        try {
            compiledXsd = XmlForm.compile(xsd);
        } catch (SAXException e) {
            problems.add("xsd/v1/" + schema + ".xsd does not compile: " + e.getMessage());
            return problems;
        }
        for (Path sample : samples) {
            String where = "samples/" + schema + "/" + sample.getFileName();
            JsonNode file = readJson(sample);
            boolean valid = sample.getFileName().toString().startsWith("valid-");
            JsonNode document = valid ? file : file.path("document");
            List<SchemaViolation> json = validation.validate(schema, 1, document);
            List<String> xml = XmlForm.violations(compiledXsd, XmlForm.toXml(type.typeName(), document));
            if (valid) {
                if (!json.isEmpty()) {
                    problems.add(where + ": the JSON Schema rejects a valid sample: " + json);
                }
                if (!xml.isEmpty()) {
                    problems.add(where + ": drift - the XSD rejects a sample the JSON Schema accepts: " + xml);
                }
            } else {
                Set<String> declared = new LinkedHashSet<>();
                file.path("violates").forEach(v -> declared.add(v.path("path").asText() + " " + v.path("rule").asText()));
                Set<String> found = new LinkedHashSet<>();
                json.forEach(v -> found.add(v.path() + " " + v.rule()));
                if (declared.isEmpty() || !file.path("because").isTextual()) {
                    problems.add(where + ": an invalid sample says what it violates (violates, because)");
                }
                if (!declared.equals(found)) {
                    problems.add(where + ": declares " + declared + " but the JSON Schema reports " + found);
                }
                if (xml.isEmpty()) {
                    problems.add(where + ": drift - the XSD accepts a sample the JSON Schema rejects (" + found + ")");
                }
            }
        }
        return problems;
    }

    private static String firstDifference(String expected, String actual) {
        String[] e = expected.split("\n", -1);
        String[] a = actual.split("\n", -1);
        for (int i = 0; i < Math.max(e.length, a.length); i++) {
            String el = i < e.length ? e[i].strip() : "<end>";
            String al = i < a.length ? a[i].strip() : "<end>";
            if (!el.equals(al)) {
                return "line " + (i + 1) + " is '" + al + "', the JSON Schema gives '" + el + "'";
            }
        }
        return "whitespace differs";
    }

    private static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
