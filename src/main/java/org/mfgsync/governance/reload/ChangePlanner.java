package org.mfgsync.governance.reload;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.mfgsync.mapping.CompiledMapping;
import org.mfgsync.mapping.MappingKinds;

/**
 * Planning: decides which changes of a change set go in and which are held back, without touching anything that
 * runs. A change is held back when its file fails validation (YAML, house rules, a Camel build of the whole routes
 * folder in a throwaway context, mapping compile and golden tests), or when it depends on a change that is held back:
 * <ul>
 * <li>a route file depends on the route files that define the route configurations it applies and the route
 * templates it instantiates;</li>
 * <li>a route file depends on every mapping whose name ({@code qms/inspection-result}) it mentions;</li>
 * <li>a mapping goes in only with golden tests that pass, so a failing golden test holds back the mapping and the
 * changed golden files of that test.</li>
 * </ul>
 * Everything else goes in: a broken file left on disk never blocks an unrelated edit. When a validation error
 * cannot be traced to a changed file, the whole change set is held back, as the safe choice.
 */
final class ChangePlanner {

    private final RouteValidator validator;
    private final Set<String> reservedRouteIds;

    /**
     * @param validator        validates a whole routes folder against the application's beans and settings
     * @param reservedRouteIds ids of the application's own routes, which no file may take
     */
    ChangePlanner(RouteValidator validator, Set<String> reservedRouteIds) {
        this.validator = validator;
        this.reservedRouteIds = reservedRouteIds;
    }

    ChangePlan plan(Snapshot running, Snapshot disk) {
        String diskDigest = disk.digest();
        Map<String, ReloadRecord.FileChange> changes = new LinkedHashMap<>();
        diff(Snapshot.ROUTES, running.routes(), disk.routes(), changes);
        diff(Snapshot.MAPPINGS, running.mappings(), disk.mappings(), changes);
        List<ReloadRecord.FileChange> files = List.copyOf(changes.values());
        if (changes.isEmpty()) {
            return new ChangePlan(files, List.of(), List.of(), running, null,
                    new RouteChanges(running.routeFiles(), running.routeFiles()), diskDigest);
        }
        Map<String, String> held = new LinkedHashMap<>(); // file label → reason
        List<Rejection> rejections = new ArrayList<>();
        Dependencies dependencies = new Dependencies(running, disk);
        // every round holds back at least one more change, so this ends
        for (int round = 0; round <= changes.size(); round++) {
            holdDependents(changes.keySet(), held, dependencies);
            Set<String> accepted = new LinkedHashSet<>(changes.keySet());
            accepted.removeAll(held.keySet());
            Map<String, SourceFile> routes = compose(running.routes(), disk.routes(), accepted, Snapshot.ROUTES);
            Map<String, SourceFile> mappings = compose(running.mappings(), disk.mappings(), accepted, Snapshot.MAPPINGS);

            List<Rejection> found = new ArrayList<>();
            Map<String, RouteFile> routeFiles = running.routeFiles();
            if (!routes.equals(running.routes())) {
                RouteValidator.Result result = validator.validate(routes, reservedRouteIds, paths(accepted, Snapshot.ROUTES),
                        running.routeFiles());
                found.addAll(result.rejections());
                routeFiles = result.files();
            }
            Map<String, CompiledMapping> compiled = null;
            if (!mappings.equals(running.mappings())) {
                MappingValidator.Result result = new MappingValidator().validate(mappings, paths(accepted, Snapshot.MAPPINGS));
                found.addAll(result.rejections());
                compiled = result.mappings();
            }
            if (found.isEmpty()) {
                List<ReloadRecord.HeldBack> heldBack = held.entrySet().stream()
                        .map(h -> new ReloadRecord.HeldBack(h.getKey(), changes.get(h.getKey()).change(), h.getValue())).toList();
                return new ChangePlan(files, heldBack, List.copyOf(rejections), new Snapshot(routes, routeFiles, mappings),
                        compiled, new RouteChanges(running.routeFiles(), routeFiles), diskDigest);
            }
            rejections.addAll(found);
            int before = held.size();
            for (Rejection rejection : found) {
                for (String culprit : culprits(rejection, accepted, mappings, dependencies)) {
                    held.putIfAbsent(culprit, rejection.toString());
                }
            }
            if (held.size() == before) {
                // not traceable to one change: nothing of this change set goes in
                accepted.forEach(file -> held.put(file, "held back with its change set, which does not validate: " + found.get(0)));
            }
        }
        throw new IllegalStateException("planning did not settle on a valid version"); // unreachable: see the loop
    }

    /** Holds back every changed route file that depends on a held-back change, until nothing more is held. */
    private static void holdDependents(Set<String> changed, Map<String, String> held, Dependencies dependencies) {
        boolean grew = true;
        while (grew) {
            grew = false;
            for (String file : changed) {
                if (held.containsKey(file) || !file.startsWith(Snapshot.ROUTES)) {
                    continue;
                }
                for (String dependency : dependencies.of(file)) {
                    if (held.containsKey(dependency)) {
                        held.put(file, "depends on " + dependency + ", whose change is held back");
                        grew = true;
                        break;
                    }
                }
            }
        }
    }

    /** The accepted changes a validation error is traced to. */
    private static Set<String> culprits(Rejection rejection, Set<String> accepted, Map<String, SourceFile> mappings,
            Dependencies dependencies) {
        String file = rejection.file();
        Set<String> culprits = new LinkedHashSet<>();
        if (accepted.contains(file)) {
            culprits.add(file);
        }
        if (file.startsWith(Snapshot.MAPPINGS)) {
            // a golden test that fails holds back the changed mapping it tests and the changed files of that test
            String path = file.substring(Snapshot.MAPPINGS.length());
            for (String change : accepted) {
                if (!change.startsWith(Snapshot.MAPPINGS)) {
                    continue;
                }
                String mapping = change.substring(Snapshot.MAPPINGS.length());
                MappingKinds.forFile(mapping).ifPresent(kind -> {
                    for (String[] test : MappingValidator.goldenTests(mappings, MappingKinds.nameOf(mapping, kind), kind)) {
                        if (test[0].equals(path) || test[1].equals(path)) {
                            culprits.add(change);
                            for (String golden : test) {
                                if (accepted.contains(Snapshot.MAPPINGS + golden)) {
                                    culprits.add(Snapshot.MAPPINGS + golden);
                                }
                            }
                        }
                    }
                });
            }
        } else if (file.startsWith(Snapshot.ROUTES) && culprits.isEmpty()) {
            // an unchanged route file broken by a changed file it depends on (a configuration or template it uses)
            dependencies.of(file).stream().filter(accepted::contains).forEach(culprits::add);
        }
        return culprits;
    }

    /** The running files with the accepted changes of one folder applied. */
    private static Map<String, SourceFile> compose(Map<String, SourceFile> running, Map<String, SourceFile> disk,
            Set<String> accepted, String prefix) {
        Map<String, SourceFile> files = new TreeMap<>(running);
        for (String label : accepted) {
            if (!label.startsWith(prefix)) {
                continue;
            }
            String path = label.substring(prefix.length());
            SourceFile onDisk = disk.get(path);
            if (onDisk == null) {
                files.remove(path);
            } else {
                files.put(path, onDisk);
            }
        }
        return files;
    }

    private static Set<String> paths(Set<String> labels, String prefix) {
        Set<String> paths = new TreeSet<>();
        labels.stream().filter(l -> l.startsWith(prefix)).forEach(l -> paths.add(l.substring(prefix.length())));
        return paths;
    }

    private static void diff(String prefix, Map<String, SourceFile> before, Map<String, SourceFile> after,
            Map<String, ReloadRecord.FileChange> into) {
        Set<String> paths = new TreeSet<>(before.keySet());
        paths.addAll(after.keySet());
        for (String path : paths) {
            SourceFile a = before.get(path);
            SourceFile b = after.get(path);
            String change = a == null ? "added" : b == null ? "removed" : a.sha256().equals(b.sha256()) ? null : "modified";
            if (change != null) {
                into.put(prefix + path, new ReloadRecord.FileChange(prefix + path, change, b == null ? null : b.sha256(),
                        a == null ? null : a.sha256()));
            }
        }
    }

    /**
     * What each route file depends on, across the running and the disk version of both folders: the route files
     * defining the route configurations and templates it uses, and the mappings it names.
     */
    static final class Dependencies {

        private final Map<String, RouteFile> parsed = new HashMap<>();
        private final Map<String, Set<String>> definedBy = new HashMap<>(); // "routeConfiguration:id" → file labels
        private final Map<String, String> mappingNames = new HashMap<>(); // mapping name → file label
        private final Map<String, Set<String>> cache = new HashMap<>();
        private final Snapshot running;
        private final Snapshot disk;

        Dependencies(Snapshot running, Snapshot disk) {
            this.running = running;
            this.disk = disk;
            running.routeFiles().forEach((path, file) -> parsed.put(Snapshot.ROUTES + path, file));
            for (SourceFile source : disk.routes().values()) {
                SourceFile before = running.routes().get(source.path());
                if (before == null || !before.sha256().equals(source.sha256())) {
                    RouteFile.parse(source, Snapshot.ROUTES + source.path(), new ArrayList<>())
                            .ifPresent(f -> parsed.put(Snapshot.ROUTES + source.path() + "@disk", f));
                }
            }
            parsed.forEach((key, file) -> {
                String label = key.endsWith("@disk") ? key.substring(0, key.length() - "@disk".length()) : key;
                for (RouteFile.Item item : file.items()) {
                    if ((item.kind().equals("routeConfiguration") || item.kind().equals("routeTemplate")) && item.id() != null) {
                        definedBy.computeIfAbsent(item.kind() + ":" + item.id(), k -> new LinkedHashSet<>()).add(label);
                    }
                }
            });
            Set<String> mappingPaths = new TreeSet<>(running.mappings().keySet());
            mappingPaths.addAll(disk.mappings().keySet());
            for (String path : mappingPaths) {
                MappingKinds.forFile(path).ifPresent(kind -> mappingNames.put(MappingKinds.nameOf(path, kind),
                        Snapshot.MAPPINGS + path));
            }
        }

        /** File labels the route file {@code label} depends on (never itself). */
        Set<String> of(String label) {
            return cache.computeIfAbsent(label, this::compute);
        }

        private Set<String> compute(String label) {
            Set<String> dependencies = new LinkedHashSet<>();
            String path = label.substring(Snapshot.ROUTES.length());
            for (RouteFile file : versionsOf(label)) {
                for (RouteFile.Item item : file.items()) {
                    if (item.kind().equals("route")) {
                        RouteFile.configurationRefs(item).forEach(ref -> dependencies.addAll(
                                definedBy.getOrDefault("routeConfiguration:" + ref, Set.of())));
                    } else if (item.kind().equals("templatedRoute")) {
                        dependencies.addAll(definedBy.getOrDefault(
                                "routeTemplate:" + item.body().get("routeTemplateRef"), Set.of()));
                    }
                }
            }
            for (SourceFile source : Stream.of(running.routes().get(path), disk.routes().get(path))
                    .filter(Objects::nonNull).toList()) {
                mappingNames.forEach((name, mapping) -> {
                    if (source.content().contains(name)) {
                        dependencies.add(mapping);
                    }
                });
            }
            dependencies.remove(label);
            return dependencies;
        }

        private List<RouteFile> versionsOf(String label) {
            return Stream.of(parsed.get(label), parsed.get(label + "@disk")).filter(Objects::nonNull).toList();
        }
    }
}
