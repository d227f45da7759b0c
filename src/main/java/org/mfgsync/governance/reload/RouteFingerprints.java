package org.mfgsync.governance.reload;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What each route's running behaviour depends on, as one hash per route id: its own item, the route
 * configurations it applies (by id, or the global ones when it names none), file-level items such as
 * {@code onException}, and for files with REST DSL the whole file (REST verbs are merged with the routes they
 * call, so they restart together). A route is restarted by a reload exactly when its fingerprint changes.
 */
public final class RouteFingerprints {

    private static final Set<String> ROUTE_KINDS = Set.of("route", "rest", "routeConfiguration", "routeTemplate",
            "templatedRoute");

    /** route id → fingerprint */
    private final Map<String, String> fingerprints = new TreeMap<>();
    /** route id → file path */
    private final Map<String, String> files = new HashMap<>();
    /** route configuration id ("" for global ones) → hash */
    private final Map<String, String> configurations = new TreeMap<>();
    private final Map<String, String> templates = new TreeMap<>();
    /** template id → the route configurations its routes apply */
    private final Map<String, List<String>> templateConfigurations = new HashMap<>();

    public RouteFingerprints(Map<String, RouteFile> routeFiles) {
        List<String> globals = new ArrayList<>();
        for (RouteFile file : routeFiles.values()) {
            for (RouteFile.Item item : file.items()) {
                if (item.kind().equals("routeConfiguration")) {
                    if (item.id() == null) {
                        globals.add(item.hash());
                    } else {
                        configurations.put(item.id(), item.hash());
                    }
                } else if (item.kind().equals("routeTemplate") && item.id() != null) {
                    templates.put(item.id(), item.hash());
                    templateConfigurations.put(item.id(), templateConfigurationRefs(item));
                }
            }
        }
        globals.sort(null);
        configurations.put("", RouteFile.hash(globals));
        for (RouteFile file : routeFiles.values()) {
            String path = file.source().path();
            List<String> fileLevel = file.items().stream().filter(i -> !ROUTE_KINDS.contains(i.kind()))
                    .map(RouteFile.Item::hash).toList();
            List<String> restGroup = new ArrayList<>();
            if (file.hasRest()) {
                restGroup.add(file.items().stream().map(RouteFile.Item::hash).toList().toString());
                file.items().stream().filter(i -> i.kind().equals("route")).forEach(r -> restGroup.add(configsOf(r)));
            }
            for (RouteFile.Item item : file.items()) {
                List<String> parts = new ArrayList<>(fileLevel);
                parts.addAll(restGroup);
                switch (item.kind()) {
                    case "route" -> {
                        parts.add(item.hash());
                        parts.add(configsOf(item));
                        put(item.id(), path, parts);
                    }
                    case "templatedRoute" -> {
                        String template = String.valueOf(item.body().get("routeTemplateRef"));
                        parts.add(item.hash());
                        parts.add(String.valueOf(templates.get(template)));
                        // a route made from a template applies the template's route configurations: it restarts with them
                        parts.add(configsOf(templateConfigurations.getOrDefault(template, List.of())));
                        put(item.id(), path, parts);
                    }
                    case "rest" -> {
                        parts.add(item.hash());
                        RouteFile.verbIds(item.body()).forEach(id -> put(id, path, parts));
                    }
                    default -> {
                    }
                }
            }
        }
    }

    private String configsOf(RouteFile.Item route) {
        return configsOf(RouteFile.configurationRefs(route));
    }

    /** routeConfigurationId of the route a template makes. */
    private static List<String> templateConfigurationRefs(RouteFile.Item template) {
        Object route = template.body().get("route");
        Object ids = route instanceof Map<?, ?> r ? r.get("routeConfigurationId") : null;
        if (ids == null) {
            return List.of();
        }
        return List.of(String.valueOf(ids).split(",")).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private String configsOf(List<String> refs) {
        if (refs.isEmpty()) {
            return configurations.get("");
        }
        List<String> hashes = new ArrayList<>();
        for (String ref : refs) {
            hashes.add(ref + "=" + configurations.get(ref));
        }
        return hashes.toString();
    }

    private void put(String id, String path, List<String> parts) {
        fingerprints.put(id, RouteFile.hash(parts));
        files.put(id, path);
    }

    public Map<String, String> fingerprints() {
        return fingerprints;
    }

    public String fileOf(String routeId) {
        return files.get(routeId);
    }

    public Map<String, String> configurations() {
        return configurations;
    }

    public Map<String, String> templates() {
        return templates;
    }
}
