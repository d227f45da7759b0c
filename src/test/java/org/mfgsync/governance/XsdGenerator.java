package org.mfgsync.governance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

import org.mfgsync.canonical.XmlForm;

/**
 * Derives the XSD of a canonical JSON Schema, following the XML form of {@link XmlForm}. The XSDs under
 * schemas/xsd/v1 are its output, committed; {@code SchemaFormsTest} fails when they are out of step.
 * <p>
 * Understands the JSON Schema subset the canonical schemas use (and fails on anything else, so a schema cannot
 * silently lose a rule in its XML form): object (properties, required, additionalProperties false), string
 * (pattern, minLength, maxLength, enum, const, format date-time/date), number, integer (minimum, exclusiveMinimum,
 * maximum), boolean, array (items, minItems, maxItems), {@code [type, "null"]} for optional fields, and
 * {@code $ref} to {@code common.schema.json#/$defs/...} (with an extra {@code required}).
 * Objects become {@code xs:all}, so element order is free as in JSON.
 */
public final class XsdGenerator {

    static final String COMMON = "common";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KNOWN = Set.of("$schema", "$id", "$defs", "$ref", "title", "description", "type",
            "additionalProperties", "required", "properties", "items", "minItems", "maxItems", "pattern", "minLength",
            "maxLength", "enum", "const", "format", "minimum", "exclusiveMinimum", "maximum");

    private final Path jsonDir;
    private final JsonNode common;
    private StringBuilder out;

    public XsdGenerator(Path jsonDir) {
        this.jsonDir = jsonDir;
        this.common = read(COMMON);
    }

    /** Regenerates every XSD of the folder's JSON Schemas into {@code xsdDir}. */
    public static void main(String[] args) throws IOException {
        Path jsonDir = Path.of(args.length > 0 ? args[0] : "schemas/json/v1");
        Path xsdDir = Path.of(args.length > 1 ? args[1] : "schemas/xsd/v1");
        Files.createDirectories(xsdDir);
        XsdGenerator generator = new XsdGenerator(jsonDir);
        for (String name : generator.schemaNames()) {
            Files.writeString(xsdDir.resolve(name + ".xsd"), generator.generate(name));
        }
    }

    /** The canonical schemas of the folder that have an XML form (all but partner schemas, which have no XSD). */
    public Set<String> schemaNames() {
        Set<String> names = new LinkedHashSet<>();
        names.add(COMMON);
        for (var type : org.mfgsync.canonical.CanonicalType.values()) {
            names.add(type.schemaName());
        }
        return names;
    }

    public String generate(String schemaName) {
        JsonNode schema = read(schemaName);
        out = new StringBuilder();
        line(0, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        line(0, "<!-- Generated from schemas/json/v1/" + schemaName + ".schema.json; do not edit (see README, Schemas). -->");
        line(0, "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" xmlns=\"" + XmlForm.NAMESPACE + "\"");
        line(0, "           targetNamespace=\"" + XmlForm.NAMESPACE + "\" elementFormDefault=\"qualified\">");
        if (schemaName.equals(COMMON)) {
            for (Map.Entry<String, JsonNode> def : schema.path("$defs").properties()) {
                namedType(def.getKey(), def.getValue());
            }
        } else {
            line(1, "<xs:include schemaLocation=\"common.xsd\"/>");
            line(1, "<xs:element name=\"" + schema.path("title").asText() + "\">");
            documentation(2, schema);
            anonymousType(2, schema, schemaName);
            line(1, "</xs:element>");
        }
        line(0, "</xs:schema>");
        return out.toString();
    }

    private void namedType(String name, JsonNode def) {
        checkKnown(def, "common#" + name);
        if (isObject(def)) {
            line(1, "<xs:complexType name=\"" + name + "\">");
            documentation(2, def);
            allOf(2, def, "common#" + name);
            line(1, "</xs:complexType>");
        } else {
            line(1, "<xs:simpleType name=\"" + name + "\">");
            documentation(2, def);
            restriction(2, def, "common#" + name);
            line(1, "</xs:simpleType>");
        }
    }

    private void anonymousType(int depth, JsonNode node, String where) {
        if (isObject(node)) {
            if (!node.has("properties")) {
                return; // set by the caller as xs:anyType
            }
            line(depth, "<xs:complexType>");
            allOf(depth + 1, node, where);
            line(depth, "</xs:complexType>");
        } else {
            line(depth, "<xs:simpleType>");
            restriction(depth + 1, node, where);
            line(depth, "</xs:simpleType>");
        }
    }

    private void allOf(int depth, JsonNode object, String where) {
        if (!object.path("additionalProperties").isBoolean() || object.path("additionalProperties").asBoolean()) {
            throw new IllegalArgumentException(where + ": objects must say additionalProperties: false");
        }
        Set<String> required = new LinkedHashSet<>();
        object.path("required").forEach(r -> required.add(r.asText()));
        line(depth, "<xs:all>");
        for (Map.Entry<String, JsonNode> property : object.path("properties").properties()) {
            element(depth + 1, property.getKey(), property.getValue(), required.contains(property.getKey()),
                    where + "." + property.getKey());
        }
        line(depth, "</xs:all>");
    }

    private void element(int depth, String name, JsonNode node, boolean required, String where) {
        checkKnown(node, where);
        boolean nullable = node.path("type").isArray();
        if (required && nullable) {
            throw new IllegalArgumentException(where + ": a required field cannot be null in the XML form");
        }
        String occurs = required ? "" : " minOccurs=\"0\"";
        String ref = node.path("$ref").asText(null);
        if (ref != null && !node.has("required")) {
            line(depth, "<xs:element name=\"" + name + "\" type=\"" + refName(ref, where) + "\"" + occurs + "/>");
            return;
        }
        JsonNode resolved = ref != null ? withRequired(resolve(ref, where), node.path("required")) : node;
        if ("array".equals(typeOf(resolved))) {
            line(depth, "<xs:element name=\"" + name + "\"" + occurs + ">");
            line(depth + 1, "<xs:complexType>");
            line(depth + 2, "<xs:sequence>");
            JsonNode items = resolved.path("items");
            String min = " minOccurs=\"" + resolved.path("minItems").asInt(0) + "\"";
            String max = " maxOccurs=\"" + (resolved.has("maxItems") ? resolved.get("maxItems").asText() : "unbounded") + "\"";
            String itemName = XmlForm.itemName(name);
            if (items.has("$ref")) {
                checkKnown(items, where + "[]");
                line(depth + 3, "<xs:element name=\"" + itemName + "\" type=\"" + refName(items.get("$ref").asText(), where)
                        + "\"" + min + max + "/>");
            } else if (isSimple(items)) {
                line(depth + 3, "<xs:element name=\"" + itemName + "\"" + min + max + ">");
                anonymousType(depth + 4, items, where + "[]");
                line(depth + 3, "</xs:element>");
            } else {
                line(depth + 3, "<xs:element name=\"" + itemName + "\"" + min + max + ">");
                anonymousType(depth + 4, items, where + "[]");
                line(depth + 3, "</xs:element>");
            }
            line(depth + 2, "</xs:sequence>");
            line(depth + 1, "</xs:complexType>");
            line(depth, "</xs:element>");
        } else if (isObject(resolved) && !resolved.has("properties")) {
            line(depth, "<xs:element name=\"" + name + "\" type=\"xs:anyType\"" + occurs + "/>");
        } else {
            line(depth, "<xs:element name=\"" + name + "\"" + occurs + ">");
            anonymousType(depth + 1, resolved, where);
            line(depth, "</xs:element>");
        }
    }

    private void restriction(int depth, JsonNode node, String where) {
        String type = typeOf(node);
        String base;
        if (node.has("const") || "string".equals(type)) {
            base = switch (node.path("format").asText("")) {
                case "date-time" -> "xs:dateTime";
                case "date" -> "xs:date";
                default -> "xs:string";
            };
        } else if ("number".equals(type)) {
            base = "xs:decimal";
        } else if ("integer".equals(type)) {
            base = "xs:integer";
        } else if ("boolean".equals(type)) {
            base = "xs:boolean";
        } else {
            throw new IllegalArgumentException(where + ": no XML form for type " + type);
        }
        line(depth, "<xs:restriction base=\"" + base + "\">");
        if (node.has("const")) {
            line(depth + 1, "<xs:enumeration value=\"" + escape(node.get("const").asText()) + "\"/>");
        }
        node.path("enum").forEach(v -> line(depth + 1, "<xs:enumeration value=\"" + escape(v.asText()) + "\"/>"));
        if (node.has("pattern")) {
            line(depth + 1, "<xs:pattern value=\"" + escape(xsdPattern(node.get("pattern").asText())) + "\"/>");
        }
        facet(depth + 1, node, "minLength", "xs:minLength");
        facet(depth + 1, node, "maxLength", "xs:maxLength");
        facet(depth + 1, node, "minimum", "xs:minInclusive");
        facet(depth + 1, node, "exclusiveMinimum", "xs:minExclusive");
        facet(depth + 1, node, "maximum", "xs:maxInclusive");
        line(depth, "</xs:restriction>");
    }

    private void facet(int depth, JsonNode node, String keyword, String xsdFacet) {
        if (node.has(keyword)) {
            String value = node.get(keyword).isNumber() ? new BigDecimal(node.get(keyword).asText()).toPlainString()
                    : node.get(keyword).asText();
            line(depth, "<" + xsdFacet + " value=\"" + value + "\"/>");
        }
    }

    /** JSON Schema patterns are unanchored ECMA-262; XSD patterns are anchored: make both mean the same. */
    static String xsdPattern(String pattern) {
        String p = pattern.startsWith("^") ? pattern.substring(1) : ".*" + pattern;
        return p.endsWith("$") ? p.substring(0, p.length() - 1) : p + ".*";
    }

    private void documentation(int depth, JsonNode node) {
        if (node.hasNonNull("description")) {
            line(depth, "<xs:annotation><xs:documentation>" + escape(node.get("description").asText())
                    + "</xs:documentation></xs:annotation>");
        }
    }

    private String refName(String ref, String where) {
        int hash = ref.indexOf("#/$defs/");
        if (hash < 0 || !(ref.startsWith("common.schema.json#") || ref.startsWith("#"))) {
            throw new IllegalArgumentException(where + ": $ref must point into common.schema.json#/$defs: " + ref);
        }
        return ref.substring(hash + "#/$defs/".length());
    }

    private JsonNode resolve(String ref, String where) {
        JsonNode def = common.path("$defs").path(refName(ref, where));
        if (def.isMissingNode()) {
            throw new IllegalArgumentException(where + ": unresolved $ref " + ref);
        }
        return def;
    }

    private static JsonNode withRequired(JsonNode object, JsonNode extraRequired) {
        var copy = object.deepCopy();
        ArrayNode required = ((com.fasterxml.jackson.databind.node.ObjectNode) copy).putArray("required");
        Set<String> names = new LinkedHashSet<>();
        object.path("required").forEach(r -> names.add(r.asText()));
        extraRequired.forEach(r -> names.add(r.asText()));
        names.forEach(required::add);
        return copy;
    }

    private static String typeOf(JsonNode node) {
        JsonNode type = node.path("type");
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (!"null".equals(t.asText())) {
                    return t.asText();
                }
            }
        }
        return type.asText(null);
    }

    private static boolean isObject(JsonNode node) {
        return "object".equals(typeOf(node));
    }

    private static boolean isSimple(JsonNode node) {
        return !isObject(node) && !"array".equals(typeOf(node));
    }

    private static void checkKnown(JsonNode node, String where) {
        node.fieldNames().forEachRemaining(keyword -> {
            if (!KNOWN.contains(keyword)) {
                throw new IllegalArgumentException(where + ": keyword " + keyword + " has no XML form here");
            }
        });
    }

    private JsonNode read(String schemaName) {
        try {
            return JSON.readTree(jsonDir.resolve(schemaName + ".schema.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private void line(int depth, String text) {
        out.append("  ".repeat(depth)).append(text).append('\n');
    }
}
