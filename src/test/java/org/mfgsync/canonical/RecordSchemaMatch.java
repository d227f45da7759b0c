package org.mfgsync.canonical;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Compares a Java record with the JSON Schema object it stands for, field for field: the same names, and types that
 * correspond (string/String, string date-time/OffsetDateTime, date/LocalDate, uuid/UUID, number/BigDecimal,
 * integer/Integer, boolean/Boolean, enum/Java enum with the same constants, array/List, object/record or
 * Map&lt;String, String&gt;). Lists every mismatch with its path.
 */
final class RecordSchemaMatch {

    private final JsonNode common;
    private final List<String> mismatches = new ArrayList<>();

    private RecordSchemaMatch(JsonNode common) {
        this.common = common;
    }

    static List<String> mismatches(Type javaType, JsonNode schemaNode, JsonNode commonSchema, String path) {
        RecordSchemaMatch match = new RecordSchemaMatch(commonSchema);
        match.compare(javaType, schemaNode, path);
        return match.mismatches;
    }

    private void compare(Type javaType, JsonNode node, String path) {
        node = resolve(node);
        String type = typeOf(node);
        Class<?> raw = raw(javaType);
        if (javaType instanceof TypeVariable<?>) {
            expect("object".equals(type), path, "a type parameter stands for an object, schema has " + type);
        } else if (raw.isRecord()) {
            compareRecord(raw, node, type, path);
        } else if (Map.class.isAssignableFrom(raw)) {
            expect("object".equals(type), path, "Map needs an object, schema has " + type);
            node.path("properties").forEach(p -> expect("string".equals(typeOf(resolve(p))), path,
                    "Map<String, String> needs string properties"));
        } else if (List.class.isAssignableFrom(raw)) {
            expect("array".equals(type), path, "List needs an array, schema has " + type);
            compare(((ParameterizedType) javaType).getActualTypeArguments()[0], node.path("items"), path + "[]");
        } else if (raw.isEnum()) {
            Set<String> constants = new TreeSet<>();
            Arrays.stream(raw.getEnumConstants()).forEach(c -> constants.add(((Enum<?>) c).name()));
            Set<String> values = new TreeSet<>();
            node.path("enum").forEach(v -> values.add(v.asText()));
            expect(constants.equals(values), path, "enum " + raw.getSimpleName() + constants + " vs schema " + values);
        } else if (raw == String.class) {
            expect(node.has("const") || ("string".equals(type) && !Set.of("date", "date-time", "uuid")
                    .contains(node.path("format").asText())), path, "String needs a plain string, schema has " + type
                            + " " + node.path("format").asText());
        } else if (raw == OffsetDateTime.class) {
            expect("date-time".equals(node.path("format").asText()), path, "OffsetDateTime needs format date-time");
        } else if (raw == LocalDate.class) {
            expect("date".equals(node.path("format").asText()), path, "LocalDate needs format date");
        } else if (raw == UUID.class) {
            expect("uuid".equals(node.path("format").asText()), path, "UUID needs format uuid");
        } else if (raw == BigDecimal.class) {
            expect("number".equals(type), path, "BigDecimal needs a number, schema has " + type);
        } else if (raw == Integer.class || raw == int.class || raw == Long.class || raw == long.class) {
            expect("integer".equals(type), path, raw.getSimpleName() + " needs an integer, schema has " + type);
        } else if (raw == Boolean.class || raw == boolean.class) {
            expect("boolean".equals(type), path, "Boolean needs a boolean, schema has " + type);
        } else {
            mismatches.add(path + ": no schema counterpart for Java type " + raw.getName());
        }
    }

    private void compareRecord(Class<?> record, JsonNode node, String type, String path) {
        if (!"object".equals(type)) {
            mismatches.add(path + ": record " + record.getSimpleName() + " needs an object, schema has " + type);
            return;
        }
        Set<String> inSchema = new TreeSet<>();
        node.path("properties").fieldNames().forEachRemaining(inSchema::add);
        Set<String> inJava = new TreeSet<>();
        for (RecordComponent component : record.getRecordComponents()) {
            inJava.add(component.getName());
            if (!inSchema.contains(component.getName())) {
                mismatches.add(path + "." + component.getName() + ": in " + record.getSimpleName() + ", not in the schema");
            } else {
                compare(component.getGenericType(), node.path("properties").path(component.getName()),
                        path + "." + component.getName());
            }
        }
        inSchema.stream().filter(name -> !inJava.contains(name))
                .forEach(name -> mismatches.add(path + "." + name + ": in the schema, not in " + record.getSimpleName()));
    }

    private JsonNode resolve(JsonNode node) {
        String ref = node.path("$ref").asText(null);
        if (ref == null) {
            return node;
        }
        return resolve(common.path("$defs").path(ref.substring(ref.indexOf("#/$defs/") + "#/$defs/".length())));
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
        return node.has("const") ? "string" : type.asText(null);
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        return Object.class;
    }

    private void expect(boolean condition, String path, String message) {
        if (!condition) {
            mismatches.add(path + ": " + message);
        }
    }
}
