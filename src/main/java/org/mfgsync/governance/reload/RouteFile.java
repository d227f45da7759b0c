package org.mfgsync.governance.reload;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * A route file as YAML, before Camel sees it: its top-level items (route, rest, routeConfiguration, ...), their
 * ids and line numbers, and a hash of each item's content that ignores comments and formatting. This is what
 * decides which routes a change touches, and it enforces the house rules Camel does not: every route and every
 * REST verb has an explicit id (generated ids change between loads, so a reload could not tell routes apart).
 */
public final class RouteFile {

    static final Set<String> VERBS = Set.of("get", "post", "put", "delete", "patch", "head");
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    /** One top-level item: its kind ({@code route}, {@code rest}, ...), id, first line and content hash. */
    public record Item(String kind, String id, int line, String hash, Map<?, ?> body) {
    }

    private final SourceFile source;
    private final List<Item> items;

    private RouteFile(SourceFile source, List<Item> items) {
        this.source = source;
        this.items = items;
    }

    public SourceFile source() {
        return source;
    }

    public List<Item> items() {
        return items;
    }

    public boolean hasRest() {
        return items.stream().anyMatch(i -> i.kind().equals("rest"));
    }

    /** Ids of the routes this file defines: route ids, REST verb ids, templated route ids. */
    public Set<String> routeIds() {
        Set<String> ids = new LinkedHashSet<>();
        for (Item item : items) {
            switch (item.kind()) {
                case "route", "templatedRoute" -> ids.add(item.id());
                case "rest" -> ids.addAll(verbIds(item.body()));
                default -> {
                }
            }
        }
        return ids;
    }

    /**
     * Parses the file, or adds to {@code rejections} why it cannot be used and returns empty.
     *
     * @param label how the file is named in a rejection (e.g. {@code routes/workflows/x.camel.yaml})
     */
    public static Optional<RouteFile> parse(SourceFile source, String label, List<Rejection> rejections) {
        LoadSettings settings = LoadSettings.builder().setLabel(label).setAllowDuplicateKeys(false).build();
        Object document;
        Optional<Node> root;
        try {
            document = new Load(settings).loadFromString(source.content());
            root = new Compose(settings).composeString(source.content());
        } catch (MarkedYamlEngineException e) {
            rejections.add(new Rejection(label, e.getProblemMark().map(m -> m.getLine() + 1).orElse(null),
                    "not valid YAML: " + firstLine(e.getMessage())));
            return Optional.empty();
        } catch (RuntimeException e) {
            rejections.add(new Rejection(label, null, "not valid YAML: " + firstLine(e.getMessage())));
            return Optional.empty();
        }
        if (document == null) {
            return Optional.of(new RouteFile(source, List.of()));
        }
        if (!(document instanceof List<?> list) || !(root.orElse(null) instanceof SequenceNode sequence)) {
            rejections.add(new Rejection(label, 1,
                    "a route file is a YAML list of items (- route:, - rest:, - routeConfiguration:, ...)"));
            return Optional.empty();
        }
        List<Item> items = new ArrayList<>();
        int before = rejections.size();
        for (int i = 0; i < list.size(); i++) {
            int line = sequence.getValue().get(i).getStartMark().map(Mark::getLine).orElse(-1) + 1;
            if (!(list.get(i) instanceof Map<?, ?> entry) || entry.size() != 1) {
                rejections.add(new Rejection(label, line, "each item of a route file has exactly one key (route, rest, ...)"));
                continue;
            }
            String kind = String.valueOf(entry.keySet().iterator().next());
            Object value = entry.values().iterator().next();
            Map<?, ?> body = value instanceof Map<?, ?> m ? m : Map.of();
            String id = idOf(kind, body);
            if (Set.of("route", "templatedRoute").contains(kind) && id == null) {
                rejections.add(new Rejection(label, line, kind + " has no id: give every route an id such as"
                        + " <capability>.<step>, so a reload can tell which route changed"));
            }
            if (kind.equals("rest")) {
                for (Object verbs : verbLists(body)) {
                    for (Object verb : (List<?>) verbs) {
                        if (!(verb instanceof Map<?, ?> v) || v.get("id") == null) {
                            rejections.add(new Rejection(label, line, "every REST verb needs an id"));
                        }
                    }
                }
            }
            items.add(new Item(kind, id, line, hash(entry), body));
        }
        return rejections.size() > before ? Optional.empty() : Optional.of(new RouteFile(source, items));
    }

    /** Ids of the route configurations a route applies, from its {@code routeConfigurationId} (comma-separated). */
    static List<String> configurationRefs(Item route) {
        Object ids = route.body().get("routeConfigurationId");
        if (ids == null) {
            return List.of();
        }
        return List.of(String.valueOf(ids).split(",")).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    static List<String> verbIds(Map<?, ?> rest) {
        List<String> ids = new ArrayList<>();
        for (Object verbs : verbLists(rest)) {
            for (Object verb : (List<?>) verbs) {
                if (verb instanceof Map<?, ?> v && v.get("id") != null) {
                    ids.add(String.valueOf(v.get("id")));
                }
            }
        }
        return ids;
    }

    private static List<Object> verbLists(Map<?, ?> rest) {
        List<Object> lists = new ArrayList<>();
        for (String verb : VERBS) {
            if (rest.get(verb) instanceof List<?> l) {
                lists.add(l);
            }
        }
        return lists;
    }

    private static String idOf(String kind, Map<?, ?> body) {
        Object id = kind.equals("templatedRoute") ? body.get("routeId") : body.get("id");
        return id == null ? null : String.valueOf(id);
    }

    static String hash(Object value) {
        try {
            return SourceFile.sha256(CANONICAL.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            return SourceFile.sha256(String.valueOf(value));
        }
    }

    static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
    }

}
