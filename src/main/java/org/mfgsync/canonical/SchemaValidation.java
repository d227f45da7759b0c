package org.mfgsync.canonical;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import javax.xml.validation.Schema;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.mfgsync.MfgsyncConfig;
import org.xml.sax.SAXException;

/**
 * The one validation service of every inbound path: validates a JSON document against a schema under
 * {@code schemas/json/v<major>/} (or an XML document against {@code schemas/xsd/v<major>/}) and reports every
 * violation with its path and rule, not only the first.
 * <p>
 * Schemas refer to each other by relative {@code $ref} against their {@code $id}
 * ({@code https://schemas.mfgsync.org/json/v1/...}); those are read from the schemas folder, never fetched.
 */
@ApplicationScoped
@Named("schemaValidation")
public class SchemaValidation {

    /** Every schema's {@code $id} starts with this, followed by {@code v<major>/<name>.schema.json}. */
    public static final String ID_BASE = "https://schemas.mfgsync.org/json/";

    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * {@code format} is an assertion, not an annotation: {@code 2026-02-30} is not a {@code date}, and is reported as a
     * violation at its field instead of failing later in a mapper.
     */
    private static final com.networknt.schema.SchemaValidatorsConfig ASSERT_FORMATS = com.networknt.schema.SchemaValidatorsConfig
            .builder().formatAssertionsEnabled(true).pathType(com.networknt.schema.PathType.LEGACY).build();

    private final Path schemasDir;
    private final JsonSchemaFactory factory;
    private final Map<String, JsonSchema> compiled = new ConcurrentHashMap<>();
    private final Map<String, Schema> compiledXsds = new ConcurrentHashMap<>();

    @Inject
    public SchemaValidation(MfgsyncConfig config) {
        this(Path.of(config.schemasDir()));
    }

    public SchemaValidation(Path schemasDir) {
        this.schemasDir = schemasDir;
        this.factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                builder -> builder.schemaLoaders(loaders -> loaders.schemas(this::localSchemaText)));
    }

    /** Route step: passes when the body matches the schema, else throws with every violation. */
    public void requireValid(String schemaName, String json) throws JsonProcessingException {
        List<SchemaViolation> violations = validate(schemaName, 1, json);
        if (!violations.isEmpty()) {
            throw new SchemaViolationException(schemaName, violations);
        }
    }

    /**
     * A canonical event read once: parsed as {@link CanonicalJson} reads it (strict), validated against the schema, then
     * bound to its record from the same tree (the text is not parsed a second time).
     *
     * @throws SchemaViolationException with every violation, each naming its field
     */
    public <T> T readValid(String schemaName, String json, TypeReference<T> type) throws IOException {
        JsonNode document = CanonicalJson.MAPPER.readTree(json);
        List<SchemaViolation> violations = validate(schemaName, 1, document);
        if (!violations.isEmpty()) {
            throw new SchemaViolationException(schemaName, violations);
        }
        return CanonicalJson.MAPPER.readerFor(type).readValue(document);
    }

    /**
     * Route step for a JSON body from outside (webhook, partner call): the raw bytes are read strictly
     * ({@link StrictJson}: UTF-8, no duplicate keys, nothing after the document, numbers in range), then validated
     * against the schema (formats such as dates included) and its cross-field rules. Answers the body as text, which
     * becomes the message body for the steps after it.
     *
     * @throws MalformedJsonException when the body is empty or not well-formed UTF-8 JSON, naming where
     * @throws SchemaViolationException with every violation, each naming its field
     */
    public String requireValidJson(String schemaName, byte[] body) {
        String text = StrictJson.text(body);
        JsonNode document = StrictJson.parse(text);
        List<SchemaViolation> violations = validate(schemaName, 1, document);
        if (!violations.isEmpty()) {
            throw new SchemaViolationException(schemaName, violations);
        }
        return text;
    }

    /** Route step: the body read strictly as one JSON document ({@link StrictJson}) and answered as text. */
    public String requireWellFormedJson(byte[] body) {
        String text = StrictJson.text(body);
        StrictJson.parse(text);
        return text;
    }

    /**
     * Every violation of the named schema ({@code inspection-completed}, {@code qms-inspection-result}) in that major
     * version, sorted by path; empty when the document is valid.
     *
     * @throws UnknownSchemaException when there is no such schema
     * @throws JsonProcessingException when the document is not JSON
     */
    public List<SchemaViolation> validate(String schemaName, int majorVersion, String json) throws JsonProcessingException {
        return validate(schemaName, majorVersion, JSON.readTree(json));
    }

    public List<SchemaViolation> validate(String schemaName, int majorVersion, JsonNode document) {
        List<SchemaViolation> violations = violationsOf(schema(schemaName, majorVersion).validate(document));
        List<SchemaViolation> crossField = CrossFieldRules.violations(schemaName, document,
                violations.stream().map(SchemaViolation::path).collect(Collectors.toSet()));
        if (crossField.isEmpty()) {
            return violations;
        }
        List<SchemaViolation> all = new ArrayList<>(violations);
        all.addAll(crossField);
        all.sort(Comparator.comparing(SchemaViolation::path).thenComparing(SchemaViolation::rule));
        return List.copyOf(all);
    }

    /**
     * Every violation of the named schema's XSD ({@code schemas/xsd/v<major>/<name>.xsd}) by an XML document, each at
     * its line and column; empty when valid.
     *
     * @throws UnknownSchemaException when the schema has no XSD
     */
    public List<SchemaViolation> validateXml(String schemaName, int majorVersion, String xml) {
        return XmlForm.violations(xsd(schemaName, majorVersion), xml);
    }

    /** The XSD file of that name and major version. */
    public Path xsdFile(String schemaName, int majorVersion) {
        return schemasDir.resolve("xsd").resolve("v" + majorVersion).resolve(schemaName + ".xsd");
    }

    private Schema xsd(String schemaName, int majorVersion) {
        if (!isSafeName(schemaName) || !Files.isRegularFile(xsdFile(schemaName, majorVersion))) {
            throw new UnknownSchemaException(schemaName + " (XSD)", String.valueOf(majorVersion));
        }
        return compiledXsds.computeIfAbsent(schemaName + "/" + majorVersion, key -> {
            try {
                return XmlForm.compile(xsdFile(schemaName, majorVersion));
            } catch (SAXException e) {
                throw new IllegalStateException("XSD " + key + " does not compile", e);
            }
        });
    }

    /** True when the schema file exists. */
    public boolean exists(String schemaName, int majorVersion) {
        return isSafeName(schemaName) && Files.isRegularFile(file(schemaName, majorVersion));
    }

    /** The schema file of that name and major version. */
    public Path file(String schemaName, int majorVersion) {
        return schemasDir.resolve("json").resolve("v" + majorVersion).resolve(schemaName + ".schema.json");
    }

    private JsonSchema schema(String schemaName, int majorVersion) {
        // a schema compiled before is used as it is: no file system look-up on the per-event path
        String key = schemaName + "/" + majorVersion;
        JsonSchema schema = compiled.get(key);
        if (schema != null) {
            return schema;
        }
        if (!exists(schemaName, majorVersion)) {
            throw new UnknownSchemaException(schemaName, String.valueOf(majorVersion));
        }
        return compiled.computeIfAbsent(key, k -> factory.getSchema(
                SchemaLocation.of(ID_BASE + "v" + majorVersion + "/" + schemaName + ".schema.json"), ASSERT_FORMATS));
    }

    /** Schema loader: our own ids come from the schemas folder; anything else is left to the built-in meta-schemas. */
    private String localSchemaText(String iri) {
        if (!iri.startsWith(ID_BASE)) {
            return null;
        }
        Path file = schemasDir.resolve("json").resolve(iri.substring(ID_BASE.length())).normalize();
        if (!file.startsWith(schemasDir.resolve("json").normalize()) || !Files.isRegularFile(file)) {
            return null;
        }
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isSafeName(String name) {
        return name != null && name.matches("[a-z][a-z0-9-]{0,80}");
    }

    /** networknt messages become violations; a missing or unknown property is reported at its own path. */
    public static List<SchemaViolation> violationsOf(Set<ValidationMessage> errors) {
        List<SchemaViolation> all = errors.stream()
                .map(e -> new SchemaViolation(pathOf(e), e.getType(), e.getError() != null ? e.getError() : e.getMessage()))
                .distinct()
                .sorted(Comparator.comparing(SchemaViolation::path).thenComparing(SchemaViolation::rule))
                .toList();
        // a value of the wrong shape breaks its pattern and its format alike: the format is named only for a value of the
        // right shape that is still no such thing (2026-02-30 matches the date pattern but is no date)
        Set<String> patternBroken = all.stream().filter(v -> "pattern".equals(v.rule())).map(SchemaViolation::path)
                .collect(java.util.stream.Collectors.toSet());
        return all.stream().filter(v -> !("format".equals(v.rule()) && patternBroken.contains(v.path()))).toList();
    }

    private static String pathOf(ValidationMessage error) {
        String path = error.getInstanceLocation().toString();
        boolean namesProperty = "required".equals(error.getType()) || "additionalProperties".equals(error.getType());
        return namesProperty && error.getProperty() != null ? path + "." + error.getProperty() : path;
    }
}
