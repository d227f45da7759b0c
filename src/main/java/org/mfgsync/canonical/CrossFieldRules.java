package org.mfgsync.canonical;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Rules between fields of one document that JSON Schema cannot state, checked with the schema by
 * {@link SchemaValidation} and reported like its violations (path of the offending field, rule naming both fields).
 * Inspection quantities: accepted and rejected quantities are each at most the sampled quantity, and the sampled
 * quantity is at most the lot quantity.
 */
final class CrossFieldRules {

    /** Schema name → where in its documents the inspection quantities are. */
    private static final Map<String, String> INSPECTION_QUANTITIES = Map.of(
            "qms-inspection-result", "",
            "inspection-completed", "/payload");

    private CrossFieldRules() {
    }

    static List<SchemaViolation> violations(String schemaName, JsonNode document) {
        return violations(schemaName, document, Set.of());
    }

    /** As above, leaving out a pair whose field already broke its own rule (its one violation names it). */
    static List<SchemaViolation> violations(String schemaName, JsonNode document, Set<String> invalidPaths) {
        String at = INSPECTION_QUANTITIES.get(schemaName);
        if (at == null) {
            return List.of();
        }
        JsonNode quantities = document.at(at.isEmpty() ? "" : at);
        if (!quantities.isObject()) {
            return List.of();
        }
        String path = "$" + at.replace('/', '.');
        List<SchemaViolation> found = new ArrayList<>();
        notAbove(quantities, path, "rejectedQuantity", "sampledQuantity", invalidPaths, found);
        notAbove(quantities, path, "acceptedQuantity", "sampledQuantity", invalidPaths, found);
        notAbove(quantities, path, "sampledQuantity", "lotQuantity", invalidPaths, found);
        return found;
    }

    private static void notAbove(JsonNode object, String path, String field, String limit, Set<String> invalidPaths,
            List<SchemaViolation> found) {
        if (invalidPaths.contains(path + "." + field) || invalidPaths.contains(path + "." + limit)) {
            return;
        }
        JsonNode value = object.get(field);
        JsonNode max = object.get(limit);
        if (value == null || max == null || !value.isNumber() || !max.isNumber()) {
            return;
        }
        BigDecimal v = value.decimalValue();
        BigDecimal m = max.decimalValue();
        if (v.compareTo(m) > 0) {
            found.add(new SchemaViolation(path + "." + field, field + "<=" + limit,
                    field + " " + v.toPlainString() + " is larger than " + limit + " " + m.toPlainString()));
        }
    }
}
