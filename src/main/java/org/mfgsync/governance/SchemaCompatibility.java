package org.mfgsync.governance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Schema governance within a major version: compares every JSON Schema of a folder with its recorded baseline and
 * names each backward-incompatible change - a document valid under the baseline that the current schema would refuse:
 * a schema or field removed (or renamed), a new required field, a type narrowed (including null no longer allowed),
 * an enum value removed, a pattern added or changed, a length, range or item-count bound tightened, a format added,
 * a closed object. Adding an optional field is compatible.
 * <p>
 * {@code $ref}s are followed into the schema files of the same folder (common.schema.json), so a change to a shared
 * type is reported at every field that uses it.
 */
public final class SchemaCompatibility {

    /** One backward-incompatible change: in which schema, at which field, what changed. */
    public record Change(String schema, String path, String change) {
        @Override
        public String toString() {
            return schema + " " + path + ": " + change;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUFFIX = ".schema.json";

    private final Folder baseline;
    private final Folder current;
    private final List<Change> changes = new ArrayList<>();
    private String schema;

    private SchemaCompatibility(Path baselineDir, Path currentDir) {
        this.baseline = new Folder(baselineDir);
        this.current = new Folder(currentDir);
    }

    /** {@code make schemas-check}: fails, naming every breaking change, when a schema broke its baseline. */
    public static void main(String[] args) {
        Path baselineDir = Path.of(args.length > 0 ? args[0] : "schemas/baseline/json/v1");
        Path currentDir = Path.of(args.length > 1 ? args[1] : "schemas/json/v1");
        List<Change> changes = breakingChanges(baselineDir, currentDir);
        if (!changes.isEmpty()) {
            StringBuilder report = new StringBuilder(changes.size() + " backward-incompatible change(s) against "
                    + baselineDir + ":");
            changes.forEach(c -> report.append("\n  ").append(c));
            report.append("\nMake the change compatible (optional field, new enum value, wider type) or publish it as a"
                    + " new major version (schemas/json/v2).");
            throw new IllegalStateException(report.toString());
        }
        System.out.println("Schemas compatible with " + baselineDir + " (" + baselineDir.toAbsolutePath() + ")");
    }

    /** Every backward-incompatible change of the schemas in {@code currentDir} against those in {@code baselineDir}. */
    public static List<Change> breakingChanges(Path baselineDir, Path currentDir) {
        SchemaCompatibility check = new SchemaCompatibility(baselineDir, currentDir);
        for (String name : check.baseline.names()) {
            check.schema = name;
            if (!check.current.names().contains(name)) {
                check.changes.add(new Change(name, "$", "schema removed"));
                continue;
            }
            check.compare("$", check.baseline.read(name), name, check.current.read(name), name);
        }
        return check.changes;
    }

    private void compare(String path, JsonNode base, String baseFile, JsonNode cur, String curFile) {
        Resolved b = resolve(baseline, base, baseFile);
        Resolved c = resolve(current, cur, curFile);
        base = b.node;
        cur = c.node;

        Set<String> baseTypes = types(base);
        Set<String> curTypes = types(cur);
        if (!curTypes.isEmpty()) {
            Set<String> lost = new TreeSet<>(baseTypes.isEmpty() ? Set.of("any") : baseTypes);
            lost.removeAll(curTypes);
            if (curTypes.contains("number")) {
                lost.remove("integer");
            }
            if (!lost.isEmpty()) {
                add(path, "type narrowed from " + describe(baseTypes) + " to " + describe(curTypes));
            }
        }
        if (cur.has("const") && !cur.get("const").equals(base.get("const"))) {
            add(path, "const " + cur.get("const") + " added or changed (was " + base.path("const") + ")");
        }
        if (cur.has("enum")) {
            Set<String> curValues = texts(cur.get("enum"));
            if (!base.has("enum")) {
                add(path, "enum " + curValues + " added to a field that took any value");
            } else {
                for (String value : texts(base.get("enum"))) {
                    if (!curValues.contains(value)) {
                        add(path, "enum value " + value + " removed");
                    }
                }
            }
        }
        if (cur.has("pattern") && !cur.get("pattern").equals(base.get("pattern"))) {
            add(path, base.has("pattern")
                    ? "pattern tightened or changed from " + base.get("pattern").asText() + " to " + cur.get("pattern").asText()
                    : "pattern " + cur.get("pattern").asText() + " added");
        }
        if (cur.has("format") && !cur.get("format").equals(base.get("format"))) {
            add(path, "format " + cur.get("format").asText() + " added or changed (was " + base.path("format").asText("none") + ")");
        }
        lowerBound(path, base, cur, "minLength");
        lowerBound(path, base, cur, "minimum");
        lowerBound(path, base, cur, "exclusiveMinimum");
        lowerBound(path, base, cur, "minItems");
        upperBound(path, base, cur, "maxLength");
        upperBound(path, base, cur, "maximum");
        upperBound(path, base, cur, "exclusiveMaximum");
        upperBound(path, base, cur, "maxItems");

        if (base.has("properties") || cur.has("properties")) {
            compareObject(path, base, b.file, cur, c.file);
        }
        if (base.has("items") && cur.has("items")) {
            compare(path + "[]", base.get("items"), b.file, cur.get("items"), c.file);
        } else if (cur.has("items") && !base.has("items")) {
            add(path + "[]", "items constrained");
        }
    }

    private void compareObject(String path, JsonNode base, String baseFile, JsonNode cur, String curFile) {
        JsonNode baseProps = base.path("properties");
        JsonNode curProps = cur.path("properties");
        Set<String> added = new TreeSet<>();
        curProps.fieldNames().forEachRemaining(name -> {
            if (!baseProps.has(name)) {
                added.add(name);
            }
        });
        baseProps.fieldNames().forEachRemaining(name -> {
            if (!curProps.has(name)) {
                add(path + "." + name, added.isEmpty() ? "field removed"
                        : "field removed or renamed (new field(s) here: " + String.join(", ", added) + ")");
            } else {
                compare(path + "." + name, baseProps.get(name), baseFile, curProps.get(name), curFile);
            }
        });
        Set<String> baseRequired = texts(base.path("required"));
        for (String name : texts(cur.path("required"))) {
            if (!baseRequired.contains(name)) {
                add(path + "." + name, baseProps.has(name) ? "field made required" : "new required field");
            }
        }
        boolean baseOpen = !base.path("additionalProperties").isBoolean() || base.path("additionalProperties").asBoolean();
        boolean curOpen = !cur.path("additionalProperties").isBoolean() || cur.path("additionalProperties").asBoolean();
        if (baseOpen && !curOpen) {
            add(path, "closed to additional properties");
        }
    }

    private void lowerBound(String path, JsonNode base, JsonNode cur, String keyword) {
        // "minimum: 0" where there was "exclusiveMinimum: 0" admits more (0 itself), it does not tighten
        if ("minimum".equals(keyword) && !base.has(keyword) && base.has("exclusiveMinimum") && cur.has(keyword)
                && number(cur, keyword).compareTo(number(base, "exclusiveMinimum")) <= 0) {
            return;
        }
        if (cur.has(keyword) && (!base.has(keyword) || number(cur, keyword).compareTo(number(base, keyword)) > 0)) {
            add(path, keyword + " raised from " + base.path(keyword).asText("none") + " to " + cur.get(keyword).asText());
        }
    }

    private void upperBound(String path, JsonNode base, JsonNode cur, String keyword) {
        if ("maximum".equals(keyword) && !base.has(keyword) && base.has("exclusiveMaximum") && cur.has(keyword)
                && number(cur, keyword).compareTo(number(base, "exclusiveMaximum")) >= 0) {
            return;
        }
        if (cur.has(keyword) && (!base.has(keyword) || number(cur, keyword).compareTo(number(base, keyword)) < 0)) {
            add(path, keyword + " lowered from " + base.path(keyword).asText("none") + " to " + cur.get(keyword).asText());
        }
    }

    private record Resolved(JsonNode node, String file) {
    }

    /** Follows $ref (into the same folder); siblings of $ref such as an extra required apply on top. */
    private static Resolved resolve(Folder folder, JsonNode node, String file) {
        String ref = node.path("$ref").asText(null);
        if (ref == null) {
            return new Resolved(node, file);
        }
        int hash = ref.indexOf('#');
        String target = hash == 0 ? file : (hash < 0 ? ref : ref.substring(0, hash)).replace(SUFFIX, "");
        JsonNode resolved = folder.read(target);
        if (hash >= 0) {
            resolved = resolved.at(ref.substring(hash + 1));
        }
        Resolved inner = resolve(folder, resolved, target);
        if (!node.has("required")) {
            return inner;
        }
        ObjectNode merged = inner.node.deepCopy();
        Set<String> required = new LinkedHashSet<>(texts(inner.node.path("required")));
        required.addAll(texts(node.get("required")));
        merged.putArray("required").addAll(required.stream().map(JSON.getNodeFactory()::textNode).toList());
        return new Resolved(merged, inner.file);
    }

    private static Set<String> types(JsonNode node) {
        Set<String> types = new TreeSet<>();
        if (node.path("type").isArray()) {
            node.get("type").forEach(t -> types.add(t.asText()));
        } else if (node.path("type").isTextual()) {
            types.add(node.get("type").asText());
        }
        return types;
    }

    private static String describe(Set<String> types) {
        return types.isEmpty() ? "any" : String.join("|", types);
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> texts = new LinkedHashSet<>();
        array.forEach(v -> texts.add(v.asText()));
        return texts;
    }

    private static BigDecimal number(JsonNode node, String keyword) {
        return new BigDecimal(node.get(keyword).asText());
    }

    private void add(String path, String change) {
        changes.add(new Change(schema, path, change));
    }

    /** The schema files of one folder, read once. */
    private static final class Folder {
        private final Path dir;
        private final Map<String, JsonNode> cache = new HashMap<>();

        Folder(Path dir) {
            this.dir = dir;
        }

        Set<String> names() {
            try (Stream<Path> files = Files.list(dir)) {
                Set<String> names = new TreeSet<>();
                files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(SUFFIX))
                        .forEach(n -> names.add(n.substring(0, n.length() - SUFFIX.length())));
                return names;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        JsonNode read(String name) {
            return cache.computeIfAbsent(name, n -> {
                try {
                    return JSON.readTree(dir.resolve(n + SUFFIX).toFile());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
