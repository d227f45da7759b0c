package org.mfgsync.governance.reload;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Named;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.RouteConfigurationsBuilder;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.TemplatedRouteDefinition;
import org.apache.camel.spi.BeanRepository;
import org.apache.camel.spi.PropertiesSource;
import org.apache.camel.support.PluginHelper;
import org.jboss.logging.Logger;
import org.mfgsync.MfgsyncConfig;
import org.mfgsync.governance.audit.AuditLog;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Safe hot reload of the routes and mappings folders in production. A change set (everything that changed on disk
 * since the running version, across both folders, once the writes have settled) is validated as a whole —
 * YAML, Camel model build in a throwaway context, mapping compile and golden tests — and then applied as a whole:
 * only the routes whose definition changed are stopped (gracefully) and started again, the mapping set is swapped
 * at once. An invalid change set is rejected and nothing running is touched; a change set that fails while being
 * applied is rolled back to the running version. Every outcome is logged, counted, kept for the admin API and
 * written to the audit log.
 */
@ApplicationScoped
@Named("hotReloader")
public class HotReloader {

    static final Logger LOG = Logger.getLogger("org.mfgsync.governance");
    static final String AUDIT_ACTION = "routes-mappings.reload";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The running version: the files, their parsed routes, and the mappings compiled from them. */
    record Snapshot(Map<String, SourceFile> routes, Map<String, RouteFile> routeFiles, Map<String, SourceFile> mappings) {
        String digest() {
            StringBuilder all = new StringBuilder();
            routes.values().forEach(f -> all.append("r:").append(f.path()).append('=').append(f.sha256()).append('\n'));
            mappings.values().forEach(f -> all.append("m:").append(f.path()).append('=').append(f.sha256()).append('\n'));
            return SourceFile.sha256(all.toString());
        }
    }

    private final CamelContext camel;
    private final MfgsyncConfig config;
    private final AuditLog audit;
    private final MeterRegistry meters;
    private final MappingRegistry mappings;
    private final Path routesDir;
    private final Path mappingsDir;
    private final Deque<ReloadRecord> history = new ArrayDeque<>();
    private final AtomicLong sequence = new AtomicLong();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> daemon(r, "mfgsync-reload"));
    private volatile Snapshot running;
    private volatile String lastRefusedDigest;
    private volatile Thread watcher;
    private volatile ReloadRecord pendingStartRecord;
    private volatile String inconsistent;

    public HotReloader(CamelContext camel, MfgsyncConfig config, AuditLog audit, MeterRegistry meters,
            MappingRegistry mappings) {
        this.camel = camel;
        this.config = config;
        this.audit = audit;
        this.meters = meters;
        this.mappings = mappings;
        this.routesDir = Path.of(config.routesDir()).toAbsolutePath();
        this.mappingsDir = Path.of(config.mappingsDir()).toAbsolutePath();
    }

    // ---- lifecycle --------------------------------------------------------------------------------

    /**
     * Loads the routes folder into Camel and compiles the mappings; called once while Camel is configured (by
     * {@link RoutesFolder}). A broken file fails the start, as a broken route always has.
     */
    synchronized void loadAtStart() throws Exception {
        if (running != null) {
            return;
        }
        long started = System.nanoTime();
        Map<String, SourceFile> routeSources = scanRoutes();
        Map<String, SourceFile> mappingSources = scanMappings();
        List<Rejection> rejections = new ArrayList<>();
        Map<String, RouteFile> routeFiles = new LinkedHashMap<>();
        routeSources.values().forEach(s -> RouteFile.parse(s, RouteValidator.LABEL_PREFIX + s.path(), rejections)
                .ifPresent(f -> routeFiles.put(s.path(), f)));
        MappingValidator.Result compiled = new MappingValidator().validate(mappingSources, null);
        rejections.addAll(compiled.rejections());
        if (!rejections.isEmpty()) {
            rejections.forEach(r -> LOG.errorf("Cannot start with %s", r));
            throw new IllegalStateException("Routes or mappings folder is invalid: " + rejections);
        }
        PluginHelper.getRoutesLoader(camel).loadRoutes(
                routeSources.values().stream().map(RouteValidator::resourceOf).toList());
        mappings.replace(compiled.mappings());
        running = new Snapshot(routeSources, routeFiles, mappingSources);
        List<ReloadRecord.FileChange> files = new ArrayList<>();
        routeSources.values().forEach(f -> files.add(new ReloadRecord.FileChange("routes/" + f.path(), "added", f.sha256(), null)));
        mappingSources.values().forEach(f -> files.add(new ReloadRecord.FileChange("mappings/" + f.path(), "added", f.sha256(), null)));
        pendingStartRecord = new ReloadRecord(sequence.incrementAndGet(), Instant.now().toString(), "startup", "application",
                ReloadRecord.LOADED, files, List.of(), List.of(), millisSince(started));
        LOG.infof("Loaded %d route file(s) from %s and %d mapping file(s) from %s", routeSources.size(), routesDir,
                mappingSources.size(), mappingsDir);
    }

    /** Records the start in the audit log (the database is ready now) and starts watching. */
    void onStart(@Observes StartupEvent event) throws Exception {
        if (running == null) {
            loadAtStart();
        }
        if (pendingStartRecord != null) {
            finish(pendingStartRecord);
            pendingStartRecord = null;
        }
        if (config.reload().enabled()) {
            watcher = daemon(this::watch, "mfgsync-reload-watch");
            watcher.start();
            LOG.infof("Watching %s and %s for route and mapping changes", routesDir, mappingsDir);
        } else {
            LOG.info("Hot reload of routes and mappings is disabled (mfgsync.reload.enabled=false)");
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        Thread w = watcher;
        watcher = null;
        if (w != null) {
            w.interrupt();
        }
        worker.shutdownNow();
    }

    // ---- public API -------------------------------------------------------------------------------

    /** Reloads now (what {@code POST /api/v1/admin/reloads} does); waits for the outcome. */
    public ReloadRecord reloadNow(String trigger, String actor) throws Exception {
        if (!config.reload().enabled()) {
            throw new IllegalStateException("Hot reload is disabled (mfgsync.reload.enabled=false)");
        }
        Future<ReloadRecord> outcome = worker.submit(() -> reload(trigger, actor, true));
        return outcome.get(config.reload().stopTimeoutSeconds() * 4L + 60, TimeUnit.SECONDS);
    }

    /** Newest first. */
    public List<ReloadRecord> history() {
        synchronized (history) {
            return List.copyOf(history);
        }
    }

    /** Every route running in Camel, with the file it came from (or {@code application}), its hash and state. */
    public List<Map<String, Object>> routes() {
        Snapshot snapshot = running;
        RouteFingerprints fingerprints = new RouteFingerprints(snapshot.routeFiles());
        List<Map<String, Object>> routes = new ArrayList<>();
        Map<String, String> byLocation = new java.util.HashMap<>();
        snapshot.routes().values().forEach(f -> byLocation.put(RouteValidator.resourceOf(f).getLocation(), f.path()));
        for (Route route : camel.getRoutes()) {
            String file = route.getSourceResource() != null ? byLocation.get(route.getSourceResource().getLocation()) : null;
            if (file == null) {
                file = fingerprints.fileOf(route.getRouteId());
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", route.getRouteId());
            row.put("source", file == null ? "application" : "routes/" + file);
            row.put("sha256", file == null ? null : snapshot.routes().get(file).sha256());
            row.put("state", String.valueOf(camel.getRouteController().getRouteStatus(route.getRouteId())));
            row.put("uptimeMillis", route.getUptimeMillis());
            routes.add(row);
        }
        routes.sort((a, b) -> String.valueOf(a.get("id")).compareTo(String.valueOf(b.get("id"))));
        return routes;
    }

    /** Why the running routes may not match any version on disk (a failed rollback), or null. */
    public String inconsistency() {
        return inconsistent;
    }

    public boolean enabled() {
        return config.reload().enabled();
    }

    // ---- watching ---------------------------------------------------------------------------------

    /**
     * File-system events only wake the loop; what counts is a rescan of both folders compared by content hash.
     * That also sees a Kubernetes ConfigMap update, which swaps the {@code ..data} symlink instead of writing the
     * files, and filesystems that send no events at all (the loop rescans every poll interval).
     */
    private void watch() {
        try (WatchService events = FileSystems.getDefault().newWatchService()) {
            while (watcher == Thread.currentThread()) {
                register(events, routesDir);
                register(events, mappingsDir);
                drain(events, config.reload().pollMillis());
                Snapshot disk = scan();
                String digest = disk.digest();
                if (digest.equals(running.digest()) || digest.equals(lastRefusedDigest)) {
                    continue;
                }
                // let the writes settle: no file-system event for a whole settle interval, and the same content
                // before and after it (several files saved together become one change set)
                String settled;
                do {
                    settled = digest;
                    quiet(events, config.reload().settleMillis());
                    digest = scan().digest();
                } while (!digest.equals(settled) && watcher == Thread.currentThread());
                worker.submit(() -> reload("watch", "file-watcher", false)).get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.error("Route and mapping watcher stopped; reload is still possible through the admin API", e);
        }
    }

    /** Returns once no event has arrived for {@code millis} (at most ten intervals, so constant writes still load). */
    private static void quiet(WatchService events, long millis) throws InterruptedException {
        long limit = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis * 10);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < deadline) {
            var key = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (key != null) {
                key.pollEvents();
                key.reset();
                deadline = Math.min(limit, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis));
            }
        }
    }

    private static void drain(WatchService events, long millis) throws InterruptedException {
        var key = events.poll(millis, TimeUnit.MILLISECONDS);
        while (key != null) {
            key.pollEvents();
            key.reset();
            key = events.poll();
        }
    }

    private static void register(WatchService events, Path root) {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> dirs = Files.walk(root, 16, FileVisitOption.FOLLOW_LINKS)) {
            dirs.filter(Files::isDirectory)
                    .filter(d -> d.equals(root) || !root.relativize(d).toString().startsWith("."))
                    .forEach(d -> {
                        try {
                            d.register(events, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                                    StandardWatchEventKinds.ENTRY_DELETE);
                        } catch (IOException e) {
                            // vanished while listing (a ConfigMap swap); the next round registers what is there
                        }
                    });
        } catch (IOException | java.io.UncheckedIOException e) {
            // same: the next round sees the folder as it is then
        }
    }

    // ---- reload -----------------------------------------------------------------------------------

    /** Runs on the single reload thread only. */
    private ReloadRecord reload(String trigger, String actor, boolean recordUnchanged) {
        long started = System.nanoTime();
        Snapshot from = running;
        Snapshot disk = scan();
        List<ReloadRecord.FileChange> files = new ArrayList<>();
        Set<String> changedMappings = new HashSet<>();
        Set<String> changedRoutes = new HashSet<>();
        diff("routes/", from.routes(), disk.routes(), files, changedRoutes);
        diff("mappings/", from.mappings(), disk.mappings(), files, changedMappings);
        if (files.isEmpty()) {
            ReloadRecord unchanged = new ReloadRecord(sequence.incrementAndGet(), Instant.now().toString(), trigger, actor,
                    ReloadRecord.UNCHANGED, files, List.of(), List.of(), millisSince(started));
            return recordUnchanged ? finish(unchanged) : unchanged;
        }
        boolean routesChanged = files.stream().anyMatch(f -> f.file().startsWith("routes/"));

        // 1. validate the whole change set; nothing running is touched
        List<Rejection> rejections = new ArrayList<>();
        Map<String, RouteFile> routeFiles = from.routeFiles();
        if (routesChanged) {
            RouteValidator.Result routes = validator().validate(disk.routes(), reservedRouteIds(from), changedRoutes);
            rejections.addAll(routes.rejections());
            routeFiles = routes.files();
        }
        MappingValidator.Result compiled = null;
        if (!changedMappings.isEmpty()) {
            compiled = new MappingValidator().validate(disk.mappings(), changedMappings);
            rejections.addAll(compiled.rejections());
        }
        if (!rejections.isEmpty()) {
            lastRefusedDigest = disk.digest();
            rejections.forEach(r -> LOG.warnf("Reload rejected, previous version keeps running: %s", r));
            return finish(new ReloadRecord(sequence.incrementAndGet(), Instant.now().toString(), trigger, actor,
                    ReloadRecord.REJECTED, files, List.of(), rejections, millisSince(started)));
        }
        Snapshot to = new Snapshot(disk.routes(), routeFiles, disk.mappings());

        // 2. apply as a whole: mappings swapped at once, then only the changed routes replaced; any failure rolls back
        Map<String, MappingValidator.Compiled> previousMappings = compiled != null ? mappings.replace(compiled.mappings()) : null;
        Plan plan = new Plan(from, to);
        try {
            apply(from, to, plan);
        } catch (Exception e) {
            Rejection failure = RouteValidator.rejectionOf("routes/", null, e);
            LOG.errorf(e, "Reload failed while applying, rolling back to the previous version: %s", failure.reason());
            if (previousMappings != null) {
                mappings.replace(previousMappings);
            }
            List<Rejection> reasons = new ArrayList<>(List.of(new Rejection("routes/", null, "apply failed: " + failure.reason())));
            try {
                apply(to, from, plan);
            } catch (Exception rollback) {
                LOG.errorf(rollback, "Rollback after a failed reload failed too; affected routes: %s", plan.restart);
                inconsistent = "reload #" + sequence.get() + " failed and could not be rolled back; affected routes: " + plan.restart;
                reasons.add(new Rejection("routes/", null, "rollback failed: " + RouteFile.firstLine(rollback.getMessage())));
            }
            lastRefusedDigest = disk.digest();
            return finish(new ReloadRecord(sequence.incrementAndGet(), Instant.now().toString(), trigger, actor,
                    ReloadRecord.FAILED, files, List.copyOf(plan.restart), reasons, millisSince(started)));
        }
        running = to;
        lastRefusedDigest = null;
        inconsistent = null;
        LOG.infof("Reload applied: %d file(s) %s, routes restarted %s", files.size(),
                files.stream().map(f -> f.file() + " (" + f.change() + ")").toList(), plan.restart);
        return finish(new ReloadRecord(sequence.incrementAndGet(), Instant.now().toString(), trigger, actor,
                ReloadRecord.APPLIED, files, List.copyOf(plan.restart), List.of(), millisSince(started)));
    }

    /** Which routes, route configurations and templates a change set touches, from the fingerprints. */
    static final class Plan {
        final Set<String> restart = new TreeSet<>();
        final Set<String> configurations = new TreeSet<>();
        final Set<String> templates = new TreeSet<>();

        Plan(Snapshot from, Snapshot to) {
            RouteFingerprints before = new RouteFingerprints(from.routeFiles());
            RouteFingerprints after = new RouteFingerprints(to.routeFiles());
            changed(before.fingerprints(), after.fingerprints(), restart);
            changed(before.configurations(), after.configurations(), configurations);
            configurations.remove("");
            changed(before.templates(), after.templates(), templates);
        }

        private static void changed(Map<String, String> a, Map<String, String> b, Set<String> into) {
            Set<String> keys = new HashSet<>(a.keySet());
            keys.addAll(b.keySet());
            keys.stream().filter(k -> !Objects.equals(a.get(k), b.get(k))).forEach(into::add);
        }
    }

    /**
     * Moves the running routes from one version to the other: stops and removes the routes in the plan (each
     * gracefully, in-flight exchanges finish), replaces changed route configurations and templates, then adds the
     * plan's routes from the target version's files. Routes not in the plan keep running untouched.
     */
    private void apply(Snapshot from, Snapshot to, Plan plan) throws Exception {
        Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
        Set<String> remove = new LinkedHashSet<>(plan.restart);
        // routes made from REST verbs may carry generated ids: found by the file they came from
        for (RouteFile file : from.routeFiles().values()) {
            if (file.hasRest() && file.routeIds().stream().anyMatch(plan.restart::contains)) {
                String location = RouteValidator.resourceOf(file.source()).getLocation();
                camel.getRoutes().stream().filter(r -> r.getSourceResource() != null
                        && location.equals(r.getSourceResource().getLocation())).forEach(r -> remove.add(r.getRouteId()));
            }
        }
        for (String id : remove) {
            RouteDefinition definition = model.getRouteDefinition(id);
            if (camel.getRoute(id) != null) {
                camel.getRouteController().stopRoute(id, config.reload().stopTimeoutSeconds(), TimeUnit.SECONDS);
            }
            if (definition != null) {
                model.removeRouteDefinition(definition);
            } else if (camel.getRoute(id) != null) {
                camel.removeRoute(id);
            }
        }
        if (!plan.configurations.isEmpty()) {
            for (RouteConfigurationDefinition existing : List.copyOf(model.getRouteConfigurationDefinitions())) {
                if (existing.getId() != null && plan.configurations.contains(existing.getId())) {
                    model.removeRouteConfiguration(existing);
                }
            }
            for (RouteFile file : filesDefining(to, "routeConfiguration", plan.configurations)) {
                for (RoutesBuilder builder : load(file)) {
                    if (builder instanceof RouteConfigurationsBuilder configurations) {
                        configurations.updateRouteConfigurationsToCamelContext(camel);
                    }
                }
            }
        }
        // files with route templates first: routes made from a template in another file need the new template
        List<RouteFile> files = new ArrayList<>(to.routeFiles().values());
        files.sort((a, b) -> Boolean.compare(!hasTemplates(a), !hasTemplates(b)));
        for (RouteFile file : files) {
            Set<String> ids = new HashSet<>(file.routeIds());
            ids.retainAll(plan.restart);
            boolean templatesChanged = file.items().stream()
                    .anyMatch(i -> i.kind().equals("routeTemplate") && plan.templates.contains(i.id()));
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
        for (String id : plan.restart) {
            if (to.routeFiles().values().stream().anyMatch(f -> f.routeIds().contains(id)) && camel.getRoute(id) != null
                    && !camel.getRouteController().getRouteStatus(id).isStarted()
                    && camel.getRouteController().getRouteStatus(id).isStartable()) {
                camel.getRouteController().startRoute(id);
            }
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

    private RouteValidator validator() {
        return new RouteValidator(registryView(camel), mainProperties(camel), camel.getRestConfiguration());
    }

    /** The application's beans, read-only: the throwaway context must not stop or close anything of ours. */
    static BeanRepository registryView(CamelContext camel) {
        return new BeanRepository() {
            @Override
            public Object lookupByName(String name) {
                return camel.getRegistry().lookupByName(name);
            }

            @Override
            public <T> T lookupByNameAndType(String name, Class<T> type) {
                return camel.getRegistry().lookupByNameAndType(name, type);
            }

            @Override
            public <T> Map<String, T> findByTypeWithName(Class<T> type) {
                return camel.getRegistry().findByTypeWithName(type);
            }

            @Override
            public <T> Set<T> findByType(Class<T> type) {
                return camel.getRegistry().findByType(type);
            }
        };
    }

    static PropertiesSource mainProperties(CamelContext camel) {
        return new PropertiesSource() {
            @Override
            public String getName() {
                return "mfgsync-application";
            }

            @Override
            public String getProperty(String name) {
                return camel.getPropertiesComponent().resolveProperty(name).orElse(null);
            }
        };
    }

    /** Ids of running routes that no route file defines: the application's own (admin API); files may not take them. */
    private Set<String> reservedRouteIds(Snapshot snapshot) {
        Set<String> fromFiles = new RouteFingerprints(snapshot.routeFiles()).fingerprints().keySet();
        Set<String> reserved = new LinkedHashSet<>();
        camel.getRoutes().stream().map(Route::getRouteId).filter(id -> !fromFiles.contains(id)).forEach(reserved::add);
        return reserved;
    }

    private static void diff(String prefix, Map<String, SourceFile> before, Map<String, SourceFile> after,
            List<ReloadRecord.FileChange> into, Set<String> changedPaths) {
        Set<String> paths = new TreeSet<>(before.keySet());
        paths.addAll(after.keySet());
        for (String path : paths) {
            SourceFile a = before.get(path);
            SourceFile b = after.get(path);
            String change = a == null ? "added" : b == null ? "removed" : a.sha256().equals(b.sha256()) ? null : "modified";
            if (change != null) {
                into.add(new ReloadRecord.FileChange(prefix + path, change, b == null ? null : b.sha256(),
                        a == null ? null : a.sha256()));
                if (changedPaths != null) {
                    changedPaths.add(path);
                }
            }
        }
    }

    private Snapshot scan() {
        return new Snapshot(scanRoutes(), Map.of(), scanMappings());
    }

    private Map<String, SourceFile> scanRoutes() {
        return FolderScanner.scan(routesDir, p -> p.endsWith(".camel.yaml"));
    }

    private Map<String, SourceFile> scanMappings() {
        return FolderScanner.scan(mappingsDir, MappingValidator::watched);
    }

    private ReloadRecord finish(ReloadRecord record) {
        synchronized (history) {
            history.addFirst(record);
            while (history.size() > config.reload().historySize()) {
                history.removeLast();
            }
        }
        meters.counter("mfgsync.reloads", "result", record.result()).increment();
        if (!record.result().equals(ReloadRecord.UNCHANGED)) {
            Timer.builder("mfgsync.reload.duration").tag("result", record.result()).register(meters)
                    .record(record.durationMillis(), TimeUnit.MILLISECONDS);
        }
        try {
            String subject = String.join(",", record.files().stream().map(ReloadRecord.FileChange::file).toList());
            audit.record(new AuditLog.Entry(Instant.parse(record.at()), record.actor(), AUDIT_ACTION,
                    subject.isEmpty() ? "(no change)" : subject, record.result(), null, JSON.writeValueAsString(record)));
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.errorf(e, "Could not write reload #%d to the audit log", record.sequence());
        }
        return record;
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
