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
 * quantity is at most the lot quantity. Where the QMS says every sampled unit was judged (the inspection result's
 * {@code sampleFullyJudged: true}, a count-based sample), the three quantities must be there and accepted + rejected
 * must equal sampled; without that flag they need not add up (a weighed sample, a sample partly judged).
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
        if (quantities.path(FULLY_JUDGED).isBoolean() && quantities.path(FULLY_JUDGED).booleanValue()) {
            addsUp(quantities, path, invalidPaths, found);
        }
        return found;
    }

    /** The QMS's flag that every sampled unit was judged accepted or rejected. */
    static final String FULLY_JUDGED = "sampleFullyJudged";

    private static final List<String> JUDGED = List.of("sampledQuantity", "acceptedQuantity", "rejectedQuantity");

    /** sampleFullyJudged: the three quantities are given, and accepted + rejected = sampled. */
    private static void addsUp(JsonNode object, String path, Set<String> invalidPaths, List<SchemaViolation> found) {
        boolean complete = true;
        for (String field : JUDGED) {
            if (invalidPaths.contains(path + "." + field)) {
                return;
            }
            JsonNode value = object.get(field);
            if (value == null || !value.isNumber()) {
                found.add(new SchemaViolation(path + "." + field, "required-when-" + FULLY_JUDGED,
                        field + " is required when " + FULLY_JUDGED + " is true"));
                complete = false;
            }
        }
        if (!complete) {
            return;
        }
        BigDecimal sampled = object.get("sampledQuantity").decimalValue();
        BigDecimal accepted = object.get("acceptedQuantity").decimalValue();
        BigDecimal rejected = object.get("rejectedQuantity").decimalValue();
        BigDecimal judged = accepted.add(rejected);
        if (judged.compareTo(sampled) != 0) {
            found.add(new SchemaViolation(path + ".sampledQuantity", "acceptedQuantity+rejectedQuantity=sampledQuantity",
                    "acceptedQuantity " + accepted.toPlainString() + " + rejectedQuantity " + rejected.toPlainString()
                            + " = " + judged.toPlainString() + " is not sampledQuantity " + sampled.toPlainString()
                            + ", though " + FULLY_JUDGED + " is true"));
        }
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
