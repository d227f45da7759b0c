package org.mfgsync.governance.reload;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.RouteConfigurationsBuilder;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.TemplatedRouteDefinition;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.service.ServiceHelper;
import org.mfgsync.mapping.CompiledMapping;
import org.mfgsync.mapping.MappingRegistry;

/**
 * Applying: moves the running application from one version of the folders to another. The mapping set is swapped
 * at once; then only the routes the plan names are stopped (gracefully: in-flight exchanges finish) and removed, the
 * named resources they held are released, changed route configurations and templates are replaced, and the routes
 * are added and started from the new version's files. The change is in force only when every restarted route runs;
 * otherwise the applier moves back to the previous version.
 */
final class ChangeApplier {

    /** What applying did: nothing to report, or why it failed and whether the way back failed too. */
    record Outcome(List<Rejection> failures, String inconsistency) {
        boolean inForce() {
            return failures.isEmpty();
        }
    }

    private final CamelContext camel;
    private final MappingRegistry mappings;
    private final int stopTimeoutSeconds;

    ChangeApplier(CamelContext camel, MappingRegistry mappings, int stopTimeoutSeconds) {
        this.camel = camel;
        this.mappings = mappings;
        this.stopTimeoutSeconds = stopTimeoutSeconds;
    }

    /** Applies the plan's target over the running version {@code from}; rolls back on any failure. */
    Outcome apply(Snapshot from, ChangePlan plan) {
        Map<String, CompiledMapping> previousMappings = plan.mappings() != null ? mappings.replace(plan.mappings()) : null;
        try {
            moveRoutes(from, plan.target(), plan.routes());
            return new Outcome(List.of(), null);
        } catch (Exception e) {
            Rejection failure = RouteValidator.rejectionOf(Snapshot.ROUTES, null, e);
            HotReloader.LOG.errorf(e, "Reload failed while applying, rolling back to the previous version: %s", failure.reason());
            if (previousMappings != null) {
                mappings.replace(previousMappings);
            }
            List<Rejection> reasons = new ArrayList<>(List.of(new Rejection(Snapshot.ROUTES, null, "apply failed: " + failure.reason())));
            String inconsistency = null;
            try {
                moveRoutes(plan.target(), from, plan.routes());
            } catch (Exception rollback) {
                HotReloader.LOG.errorf(rollback, "Rollback after a failed reload failed too; affected routes: %s", plan.routes().restart);
                inconsistency = "a reload failed and could not be rolled back; affected routes: " + plan.routes().restart;
                reasons.add(new Rejection(Snapshot.ROUTES, null, "rollback failed: " + RouteFile.firstLine(rollback.getMessage())));
            }
            return new Outcome(reasons, inconsistency);
        }
    }

    private void moveRoutes(Snapshot from, Snapshot to, RouteChanges changes) throws Exception {
        if (changes.isEmpty()) {
            return;
        }
        Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
        removeRoutes(from, changes, model);
        replaceConfigurations(to, changes, model);
        addRoutes(to, changes, model);
        startAndVerify(to, changes);
    }

    private void removeRoutes(Snapshot from, RouteChanges changes, Model model) throws Exception {
        Set<String> remove = new LinkedHashSet<>(changes.restart);
        // routes made from REST verbs may carry generated ids: found by the file they came from
        for (RouteFile file : from.routeFiles().values()) {
            if (file.hasRest() && file.routeIds().stream().anyMatch(changes.restart::contains)) {
                String location = RouteValidator.resourceOf(file.source()).getLocation();
                camel.getRoutes().stream().filter(r -> r.getSourceResource() != null
                        && location.equals(r.getSourceResource().getLocation())).forEach(r -> remove.add(r.getRouteId()));
            }
        }
        List<String> breakers = new ArrayList<>();
        for (String id : remove) {
            RouteDefinition definition = model.getRouteDefinition(id);
            Route route = camel.getRoute(id);
            breakers.addAll(RouteResources.circuitBreakersOf(camel, route));
            if (route != null) {
                drain(route);
                camel.getRouteController().stopRoute(id, stopTimeoutSeconds, TimeUnit.SECONDS);
            }
            if (definition != null) {
                model.removeRouteDefinition(definition);
            } else if (route != null) {
                camel.removeRoute(id);
            }
        }
        RouteResources.releaseCircuitBreakers(breakers);
    }

    /**
     * Stops a route's consumer and lets the exchanges in flight finish, checking every 10 ms, before the route itself
     * is stopped: Camel's graceful stop checks in-flight exchanges in steps of one second, which was most of a Kafka
     * route's reload time. A Kafka consumer stops between records; the records of its last poll that it did not
     * start are not committed, and the route's new version consumes them.
     */
    private void drain(Route route) throws Exception {
        ServiceHelper.stopService(route.getConsumer());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(stopTimeoutSeconds);
        while (camel.getInflightRepository().size(route.getRouteId()) > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    private void replaceConfigurations(Snapshot to, RouteChanges changes, Model model) throws Exception {
        if (changes.configurations.isEmpty()) {
            return;
        }
        for (RouteConfigurationDefinition existing : List.copyOf(model.getRouteConfigurationDefinitions())) {
            if (existing.getId() != null && changes.configurations.contains(existing.getId())) {
                model.removeRouteConfiguration(existing);
            }
        }
        for (RouteFile file : filesDefining(to, "routeConfiguration", changes.configurations)) {
            for (RoutesBuilder builder : load(file)) {
                if (builder instanceof RouteConfigurationsBuilder configurations) {
                    configurations.updateRouteConfigurationsToCamelContext(camel);
                }
            }
        }
    }

    private void addRoutes(Snapshot to, RouteChanges changes, Model model) throws Exception {
        // files with route templates first: routes made from a template in another file need the new template
        List<RouteFile> files = new ArrayList<>(to.routeFiles().values());
        files.sort((a, b) -> Boolean.compare(!hasTemplates(a), !hasTemplates(b)));
        for (RouteFile file : files) {
            Set<String> ids = new HashSet<>(file.routeIds());
            ids.retainAll(changes.restart);
            boolean templatesChanged = file.items().stream()
                    .anyMatch(i -> i.kind().equals("routeTemplate") && changes.templates.contains(i.id()));
            if (ids.isEmpty() && !templatesChanged) {
                continue;
            }
            for (RoutesBuilder builder : load(file)) {
                if (!(builder instanceof RouteBuilder routes)) {
                    continue;
                }
                Set<String> templateIds = new HashSet<>();
                file.items().stream().filter(i -> i.kind().equals("routeTemplate")).forEach(i -> templateIds.add(i.id()));
                model.removeRouteTemplateDefinitions(
                        model.getRouteTemplateDefinitions().stream().filter(t -> templateIds.contains(t.getId())).toList());
                model.getRestDefinitions().removeIf(rest -> rest.getVerbs().stream().anyMatch(v -> ids.contains(v.getId())));
                routes.prepareModel(camel);
                // a file with REST DSL restarts as a whole: its verbs' routes are merged with the routes they call
                List<RouteDefinition> selected = routes.getRouteCollection().getRoutes().stream()
                        .filter(r -> file.hasRest() || ids.contains(r.getRouteId())).toList();
                model.addRouteDefinitions(selected);
                for (TemplatedRouteDefinition templated : routes.getTemplatedRouteCollection().getTemplatedRoutes()) {
                    if (ids.contains(templated.getRouteId())) {
                        model.addRouteFromTemplatedRoute(templated);
                    }
                }
            }
        }
    }

    /** Starts what did not start by itself, then checks that every route of the new version really runs. */
    private void startAndVerify(Snapshot to, RouteChanges changes) throws Exception {
        Set<String> defined = new HashSet<>();
        to.routeFiles().values().forEach(f -> defined.addAll(f.routeIds()));
        // a REST verb's route is merged into the route it calls (camel.rest.inline-routes): that one is checked
        to.routeFiles().values().forEach(f -> f.items().stream().filter(i -> i.kind().equals("rest"))
                .forEach(rest -> RouteFile.verbIds(rest.body()).forEach(defined::remove)));
        List<String> notRunning = new ArrayList<>();
        for (String id : changes.restart) {
            if (!defined.contains(id)) {
                continue;
            }
            ServiceStatus status = camel.getRouteController().getRouteStatus(id);
            if (status != null && !status.isStarted() && status.isStartable()) {
                camel.getRouteController().startRoute(id);
                status = camel.getRouteController().getRouteStatus(id);
            }
            if (status == null || !status.isStarted()) {
                notRunning.add(id + " (" + (status == null ? "not created" : status) + ")");
            }
        }
        if (!notRunning.isEmpty()) {
            throw new IllegalStateException("routes not running after the reload: " + notRunning);
        }
    }

    private static boolean hasTemplates(RouteFile file) {
        return file.items().stream().anyMatch(i -> i.kind().equals("routeTemplate"));
    }

    private static Collection<RouteFile> filesDefining(Snapshot snapshot, String kind, Set<String> ids) {
        return snapshot.routeFiles().values().stream()
                .filter(f -> f.items().stream().anyMatch(i -> i.kind().equals(kind) && ids.contains(i.id()))).toList();
    }

    private Collection<RoutesBuilder> load(RouteFile file) throws Exception {
        return PluginHelper.getRoutesLoader(camel).findRoutesBuilders(List.of(RouteValidator.resourceOf(file.source())));
    }
}
