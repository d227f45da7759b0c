package org.mfgsync.governance.reload;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedCamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.RouteConfigurationsBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.BeanRepository;
import org.apache.camel.spi.FactoryFinderResolver;
import org.apache.camel.spi.PropertiesSource;
import org.apache.camel.spi.Resource;
import org.apache.camel.spi.RestConfiguration;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.support.DefaultRegistry;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.support.RoutePolicySupport;
import org.apache.camel.support.SimpleRegistry;
import org.mfgsync.resilience.LeaderOnlyRoutes;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

/**
 * Validates a complete routes folder (as it would be after a change) without touching the running application:
 * the YAML is parsed, the house rules checked (explicit, unique ids), and then Camel builds every route in a
 * throwaway CamelContext that is never started — endpoints are resolved (an unknown component fails here),
 * beans looked up in the application's registry, property placeholders resolved, route configurations applied.
 * Nothing is consumed, nothing is sent.
 */
public final class RouteValidator {

    static final String LABEL_PREFIX = "routes/";
    private static final Pattern LINE = Pattern.compile("line (\\d+)");

    private final BeanRepository beans;
    private final PropertiesSource properties;
    private final RestConfiguration restConfiguration;
    private final ExtendedCamelContext factories;
    /** Files parsed by an earlier validation, by path and content hash: a reload re-reads only what changed. */
    private final Map<String, RouteFile> parsed = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param beans             where {@code bean:}/{@code ref} names are looked up (the application's registry)
     * @param properties        where {@code {{placeholders}}} are resolved
     * @param restConfiguration the application's REST DSL settings (null for Camel's defaults)
     * @param factories         the application's context, whose factory finders the throwaway contexts share (null:
     *                          Camel's own): a fresh context's finders start with empty caches, and in the packaged app
     *                          each of their look-ups opens jar files again, which cost most of a reload's time
     */
    public RouteValidator(BeanRepository beans, PropertiesSource properties, RestConfiguration restConfiguration,
            ExtendedCamelContext factories) {
        this.beans = beans;
        this.properties = properties;
        this.restConfiguration = restConfiguration;
        this.factories = factories;
    }

    /** Result: the parsed files when valid, otherwise every reason the folder cannot be used. */
    public record Result(Map<String, RouteFile> files, List<Rejection> rejections) {
        public boolean valid() {
            return rejections.isEmpty();
        }
    }

    /**
     * @param folder          every route file, path → content
     * @param reservedRouteIds ids of routes the application defines itself (admin API, ...): a file may not take them
     * @param changed         paths that changed: a clash between an unchanged and a changed file is reported on the
     *                        changed one (empty: report on the later file in path order)
     */
    public Result validate(Map<String, SourceFile> folder, Set<String> reservedRouteIds, Set<String> changed) {
        return validate(folder, reservedRouteIds, changed, null);
    }

    /**
     * As {@link #validate(Map, Set, Set)}, but Camel builds only the routes whose definition differs from the
     * running version's (by {@link RouteFingerprints}): the others were built when they started and nothing they
     * depend on changed. Building every route of the folder on each reload cost most of a reload's time.
     *
     * @param running the parsed files of the running version, or null to build every route
     */
    Result validate(Map<String, SourceFile> folder, Set<String> reservedRouteIds, Set<String> changed,
            Map<String, RouteFile> running) {
        List<Rejection> rejections = new ArrayList<>();
        Map<String, RouteFile> files = new LinkedHashMap<>();
        List<SourceFile> ordered = new ArrayList<>(folder.values());
        ordered.sort(Comparator.comparing((SourceFile f) -> changed.contains(f.path())).thenComparing(SourceFile::path));
        for (SourceFile source : ordered) {
            RouteFile known = parsed.get(source.path() + "@" + source.sha256());
            if (known != null && known.source().file().equals(source.file())) {
                files.put(source.path(), known);
                continue;
            }
            RouteFile.parse(source, LABEL_PREFIX + source.path(), rejections).ifPresent(f -> {
                files.put(source.path(), f);
                parsed.put(source.path() + "@" + source.sha256(), f);
            });
        }
        parsed.keySet().retainAll(folder.values().stream().map(f -> f.path() + "@" + f.sha256()).toList());
        checkIds(files, reservedRouteIds, rejections);
        if (rejections.isEmpty()) {
            Set<String> build = running == null ? null : new RouteChanges(running, files).restart;
            buildWithCamel(files, rejections, build, changed);
        }
        return new Result(files, relabel(rejections, files));
    }

    private static void checkIds(Map<String, RouteFile> files, Set<String> reserved, List<Rejection> rejections) {
        Map<String, String> seen = new HashMap<>();
        Set<String> configurations = new HashSet<>();
        files.values().forEach(f -> f.items().stream().filter(i -> i.kind().equals("routeConfiguration") && i.id() != null)
                .forEach(i -> configurations.add(i.id())));
        for (RouteFile file : files.values()) {
            String label = LABEL_PREFIX + file.source().path();
            for (RouteFile.Item item : file.items()) {
                List<String> ids = switch (item.kind()) {
                    case "route", "templatedRoute" -> List.of(item.id());
                    case "rest" -> RouteFile.verbIds(item.body());
                    default -> List.of();
                };
                for (String id : ids) {
                    String where = label + ":" + item.line();
                    String earlier = seen.putIfAbsent(id, where);
                    if (earlier != null) {
                        rejections.add(new Rejection(label, item.line(), "duplicate route id '" + id + "' (also at " + earlier + ")"));
                    } else if (reserved.contains(id)) {
                        rejections.add(new Rejection(label, item.line(), "route id '" + id + "' belongs to a route of the application itself"));
                    }
                }
                if (item.kind().equals("route")) {
                    for (String ref : RouteFile.configurationRefs(item)) {
                        if (!ref.contains("*") && !configurations.contains(ref)) {
                            rejections.add(new Rejection(label, item.line(), "route '" + item.id()
                                    + "' applies route configuration '" + ref + "', which no route file defines"));
                        }
                    }
                }
            }
        }
    }

    /**
     * @param build   ids of the routes to build (null: all); their files, the changed files and every file with route
     *                configurations or templates are loaded
     * @param changed paths of the changed files
     */
    private void buildWithCamel(Map<String, RouteFile> files, List<Rejection> rejections, Set<String> build,
            Set<String> changed) {
        CamelContext camel = throwawayContext();
        Map<String, RoutesBuilder> builders = new LinkedHashMap<>();
        Map<String, String> labelByLocation = new HashMap<>();
        Set<String> buildLocations = new HashSet<>(); // files with REST DSL are built whole: verbs merge into routes
        for (RouteFile file : files.values()) {
            boolean builds = build == null || file.routeIds().stream().anyMatch(build::contains)
                    || changed.contains(file.source().path());
            boolean defines = file.items().stream()
                    .anyMatch(i -> i.kind().equals("routeConfiguration") || i.kind().equals("routeTemplate"));
            if (!builds && !defines) {
                continue;
            }
            if (builds && file.hasRest()) {
                buildLocations.add(resourceOf(file.source()).getLocation());
            }
            String label = LABEL_PREFIX + file.source().path();
            Resource resource = resourceOf(file.source());
            labelByLocation.put(resource.getLocation(), label);
            try {
                Collection<RoutesBuilder> found = PluginHelper.getRoutesLoader(camel).findRoutesBuilders(List.of(resource));
                found.forEach(b -> builders.put(label, b));
            } catch (Exception e) {
                rejections.add(rejectionOf(label, null, e));
            }
        }
        // route configurations first: routes in any file may apply them
        for (Map.Entry<String, RoutesBuilder> entry : builders.entrySet()) {
            if (entry.getValue() instanceof RouteConfigurationsBuilder configurations) {
                try {
                    configurations.addRouteConfigurationsToCamelContext(camel);
                } catch (Exception e) {
                    rejections.add(rejectionOf(entry.getKey(), null, e));
                }
            }
        }
        for (Map.Entry<String, RoutesBuilder> entry : builders.entrySet()) {
            try {
                entry.getValue().addRoutesToCamelContext(camel);
            } catch (Exception e) {
                rejections.add(rejectionOf(entry.getKey(), null, e));
            }
        }
        // routes from templates last: their templates may come from any file
        for (Map.Entry<String, RoutesBuilder> entry : builders.entrySet()) {
            try {
                entry.getValue().addTemplatedRoutesToCamelContext(camel);
            } catch (Exception e) {
                rejections.add(rejectionOf(entry.getKey(), null, e));
            }
        }
        if (!rejections.isEmpty()) {
            return;
        }
        Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
        for (RouteDefinition route : List.copyOf(model.getRouteDefinitions())) {
            String location = route.getResource() != null ? route.getResource().getLocation() : null;
            if (build != null && !build.contains(route.getRouteId()) && !buildLocations.contains(location)) {
                continue;
            }
            String label = labelByLocation.getOrDefault(location, LABEL_PREFIX + "?");
            Integer line = route.getInput() != null && route.getInput().getLineNumber() > 0
                    ? route.getInput().getLineNumber() : null;
            try {
                if (Boolean.TRUE.equals(route.isTemplate()) && route.getTemplateParameters() != null) {
                    // a route made from a template resolves {{parameters}} from its template parameters
                    java.util.Properties parameters = new java.util.Properties();
                    route.getTemplateParameters().forEach((k, v) -> parameters.put(k, String.valueOf(v)));
                    camel.getPropertiesComponent().setLocalProperties(parameters);
                }
                model.getModelReifierFactory().createRoute(camel, route);
            } catch (Exception e) {
                rejections.add(rejectionOf(label, line, e));
            } finally {
                camel.getPropertiesComponent().setLocalProperties(null);
            }
        }
    }

    /** Names files as the engineer knows them (routes/x.camel.yaml) instead of their absolute resource location. */
    private static List<Rejection> relabel(List<Rejection> rejections, Map<String, RouteFile> files) {
        List<Rejection> relabelled = new ArrayList<>();
        for (Rejection r : rejections) {
            String reason = r.reason();
            for (RouteFile f : files.values()) {
                reason = reason.replace(resourceOf(f.source()).getLocation(), LABEL_PREFIX + f.source().path());
            }
            relabelled.add(new Rejection(r.file(), r.line(), reason));
        }
        return relabelled;
    }

    private CamelContext throwawayContext() {
        DefaultCamelContext camel = new DefaultCamelContext(false);
        camel.getCamelContextExtension().setName("mfgsync-route-validation");
        if (factories != null) {
            FactoryFinderResolver resolver = factories.getContextPlugin(FactoryFinderResolver.class);
            if (resolver != null) {
                camel.getCamelContextExtension().addContextPlugin(FactoryFinderResolver.class, resolver);
            }
            camel.getCamelContextExtension().setBootstrapFactoryFinder(factories.getBootstrapFactoryFinder());
            camel.getCamelContextExtension().setDefaultFactoryFinder(factories.getDefaultFactoryFinder());
        }
        // a route is built here, never run: the leader-only policy (bound to the running context and its leadership)
        // is looked up as a policy that does nothing, also where no application is running (make validate)
        SimpleRegistry standIns = new SimpleRegistry();
        standIns.bind(LeaderOnlyRoutes.POLICY, RoutePolicy.class, new RoutePolicySupport() {
        });
        camel.getCamelContextExtension().setRegistry(beans == null ? new DefaultRegistry(standIns)
                : new DefaultRegistry(List.of(standIns, beans)));
        // only the application's own settings: no discovery of other property sources (MicroProfile Config, ...)
        var placeholders = new org.apache.camel.component.properties.PropertiesComponent();
        placeholders.setAutoDiscoverPropertiesSources(false);
        placeholders.addPropertiesSource(properties);
        camel.setPropertiesComponent(placeholders);
        if (restConfiguration != null) {
            camel.setRestConfiguration(restConfiguration);
        }
        camel.build();
        return camel;
    }

    static Resource resourceOf(SourceFile source) {
        return ResourceHelper.fromString("file:" + source.file().toAbsolutePath(), source.content());
    }

    /** The most specific message in the cause chain, with the YAML line when Camel's parser knows it. */
    static Rejection rejectionOf(String label, Integer line, Throwable error) {
        Integer found = line;
        String reason = null;
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof MarkedYamlEngineException marked && found == null) {
                found = marked.getProblemMark().or(marked::getContextMark).map(m -> m.getLine() + 1).orElse(null);
            }
            if (t.getMessage() != null) {
                reason = RouteFile.firstLine(t.getMessage());
            }
            if (t.getCause() == t) {
                break;
            }
        }
        if (found == null && reason != null) {
            Matcher m = LINE.matcher(reason);
            if (m.find()) {
                found = Integer.valueOf(m.group(1));
            }
        }
        String summary = RouteFile.firstLine(error.getMessage());
        String text = reason == null ? error.getClass().getSimpleName()
                : summary.isEmpty() ? reason : summary.contains(reason) ? summary : summary + " — caused by: " + reason;
        return new Rejection(label, found, text);
    }
}
