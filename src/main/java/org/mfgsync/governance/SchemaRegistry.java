package org.mfgsync.governance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.mfgsync.MfgsyncConfig;
import org.mfgsync.canonical.CanonicalType;
import org.mfgsync.canonical.EventHeaders;
import org.mfgsync.canonical.SchemaValidation;
import org.mfgsync.canonical.SchemaViolation;
import org.mfgsync.canonical.SchemaViolationException;
import org.mfgsync.canonical.StrictJson;
import org.mfgsync.canonical.UnknownSchemaException;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The schema registry behind {@code /api/v1/schemas}: which canonical types exist in which major versions, their JSON
 * Schema or XSD as stored under the schemas folder, and validation of a document against them.
 * A type is named by its type name ({@code InspectionCompleted}) or schema name ({@code inspection-completed});
 * {@code common} holds the shared types every schema refers to. A version is the major ({@code 1} or {@code v1}).
 */
@ApplicationScoped
@Named("schemaRegistry")
public class SchemaRegistry {

    static final String BASE_PATH = "/api/v1/schemas";
    static final String COMMON = "common";
    private static final Pattern VERSION = Pattern.compile("v?([1-9][0-9]{0,2})(\\.[0-9]+)?");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path schemasDir;
    private final SchemaValidation validation;

    @Inject
    public SchemaRegistry(MfgsyncConfig config, SchemaValidation validation) {
        this(Path.of(config.schemasDir()), validation);
    }

    SchemaRegistry(Path schemasDir, SchemaValidation validation) {
        this.schemasDir = schemasDir;
        this.validation = validation;
    }

    @RegisterForReflection
    public record Entry(String type, String kind, String schemaName, List<String> versions, String topic,
            Map<String, String> links) {
    }

    @RegisterForReflection
    public record Catalogue(List<Entry> schemas) {
    }

    @RegisterForReflection
    public record ValidationResult(String type, String version, String format, boolean valid,
            List<SchemaViolation> violations) {
    }

    /** {@code GET /api/v1/schemas}. */
    public void list(Exchange exchange) throws JsonProcessingException {
        List<Entry> entries = new ArrayList<>();
        for (CanonicalType type : CanonicalType.values()) {
            entries.add(entry(type.typeName(), type.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                    type.schemaName(), type.topic(1).orElse(null)));
        }
        entries.add(entry("Common", "shared-types", COMMON, null));
        respond(exchange, 200, "application/json", JSON.writeValueAsString(new Catalogue(entries)));
    }

    /** {@code GET /api/v1/schemas/{type}/{version}[?format=xsd]}: the stored schema text, unchanged. */
    public void describe(Exchange exchange) {
        Message in = exchange.getMessage();
        String schemaName = schemaName(in.getHeader("type", String.class));
        int major = major(in.getHeader("version", String.class), schemaName);
        String format = Optional.ofNullable(in.getHeader("format", String.class)).orElse("json").toLowerCase(Locale.ROOT);
        Path file = switch (format) {
            case "json" -> validation.file(schemaName, major);
            case "xsd" -> validation.xsdFile(schemaName, major);
            default -> throw new UnknownSchemaException(schemaName + " in format " + format, String.valueOf(major));
        };
        if (!Files.isRegularFile(file)) {
            throw new UnknownSchemaException(schemaName + ("xsd".equals(format) ? " (XSD)" : ""), String.valueOf(major));
        }
        respond(exchange, 200, "xsd".equals(format) ? "application/xml" : "application/schema+json", read(file));
    }

    /**
     * {@code POST /api/v1/schemas/{type}/{version}/validate}: 200 with {@code valid} and every violation; a JSON body is
     * checked against the JSON Schema, an XML body ({@code Content-Type: application/xml}) against the XSD.
     */
    public void validate(Exchange exchange) throws JsonProcessingException {
        Message in = exchange.getMessage();
        String schemaName = schemaName(in.getHeader("type", String.class));
        int major = major(in.getHeader("version", String.class), schemaName);
        String contentType = Optional.ofNullable(in.getHeader(Exchange.CONTENT_TYPE, String.class)).orElse("");
        boolean xml = contentType.contains("xml");
        List<SchemaViolation> violations;
        if (xml) {
            String body = in.getBody(String.class);
            violations = validation.validateXml(schemaName, major, body == null ? "" : body);
        } else {
            violations = jsonViolations(schemaName, major, in.getBody(byte[].class));
        }
        var result = new ValidationResult(schemaName, String.valueOf(major), xml ? "xsd" : "json", violations.isEmpty(),
                violations);
        respond(exchange, 200, "application/json", JSON.writeValueAsString(result));
    }

    /**
     * A JSON body is read as strictly as the webhooks read theirs ({@link StrictJson}): not a single well-formed UTF-8
     * document (empty, duplicate keys, trailing content, bad bytes) is a 400 problem naming where; a number no double
     * or 64-bit integer can hold is a violation of its field, listed with the schema's own.
     */
    private List<SchemaViolation> jsonViolations(String schemaName, int major, byte[] body) {
        com.fasterxml.jackson.databind.JsonNode document;
        try {
            document = StrictJson.read(body);
        } catch (SchemaViolationException outOfRange) {
            return outOfRange.violations();
        }
        return validation.validate(schemaName, major, document);
    }

    private Entry entry(String typeName, String kind, String schemaName, String topic) {
        List<String> versions = versions(schemaName);
        Map<String, String> links = new LinkedHashMap<>();
        for (String version : versions) {
            String base = BASE_PATH + "/" + typeName + "/" + version;
            links.put("v" + version + ".jsonSchema", base);
            if (Files.isRegularFile(validation.xsdFile(schemaName, Integer.parseInt(version)))) {
                links.put("v" + version + ".xsd", base + "?format=xsd");
            }
            links.put("v" + version + ".validate", base + "/validate");
        }
        return new Entry(typeName, kind, schemaName, versions, topic, links);
    }

    /** The major versions that hold a JSON Schema of that name: folders schemas/json/v1, v2, ... */
    List<String> versions(String schemaName) {
        TreeSet<Integer> majors = new TreeSet<>();
        try (Stream<Path> dirs = Files.list(schemasDir.resolve("json"))) {
            dirs.map(d -> d.getFileName().toString()).filter(d -> d.matches("v[1-9][0-9]{0,2}"))
                    .map(d -> Integer.parseInt(d.substring(1)))
                    .filter(major -> validation.exists(schemaName, major))
                    .forEach(majors::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return majors.stream().map(String::valueOf).toList();
    }

    private static String schemaName(String type) {
        if (COMMON.equalsIgnoreCase(type)) {
            return COMMON;
        }
        return CanonicalType.find(type == null ? "" : type).map(CanonicalType::schemaName)
                .orElseThrow(() -> new UnknownSchemaException(String.valueOf(type), "any"));
    }

    private int major(String version, String schemaName) {
        Matcher m = VERSION.matcher(version == null ? "" : version);
        if (!m.matches() || !validation.exists(schemaName, Integer.parseInt(m.group(1)))) {
            throw new UnknownSchemaException(schemaName, String.valueOf(version));
        }
        return Integer.parseInt(m.group(1));
    }

    private static void respond(Exchange exchange, int status, String contentType, String body) {
        Message message = exchange.getMessage();
        Object correlationId = message.getHeader(EventHeaders.CORRELATION_ID);
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, contentType);
        if (correlationId != null) {
            message.setHeader("X-Correlation-Id", correlationId);
        }
        message.setBody(body);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
