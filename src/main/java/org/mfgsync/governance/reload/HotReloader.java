package org.mfgsync.governance.reload;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Named;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.spi.BeanRepository;
import org.apache.camel.spi.PropertiesSource;
import org.apache.camel.support.PluginHelper;
import org.jboss.logging.Logger;
import org.mfgsync.MfgsyncConfig;
import org.mfgsync.governance.audit.AuditLog;
import org.mfgsync.mapping.MappingRegistry;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Safe hot reload of the routes and mappings folders in production, in three parts that each read alone:
 * {@link FolderWatcher} turns edits into settled change sets (everything that changed on disk since the running
 * version, across both folders); {@link ChangePlanner} decides which changes go in and which are held back and why —
 * a broken file holds back only itself and what depends on it —; {@link ChangeApplier} swaps the mappings and
 * replaces only the routes whose definition changed, and rolls back unless every restarted route runs. This class
 * runs them one reload at a time and keeps the outcome: logged in one line, counted, kept for the admin API and
 * written to the audit log.
 */
@ApplicationScoped
@Named("hotReloader")
public class HotReloader {

    static final Logger LOG = Logger.getLogger("org.mfgsync.governance");
    static final String AUDIT_ACTION = "routes-mappings.reload";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CamelContext camel;
    private final MfgsyncConfig config;
    private final AuditLog audit;
    private final MeterRegistry meters;
    private final MappingRegistry mappings;
    private final ChangeApplier applier;
    private final Path routesDir;
    private final Path mappingsDir;
    private final Deque<ReloadRecord> history = new ArrayDeque<>();
    private final AtomicLong sequence = new AtomicLong();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> daemon(r, "mfgsync-reload"));
    private volatile Snapshot running;
    /** Digest of the folders as the last reload found them: the watcher does not reload the same content again. */
    private volatile String lastHandledDigest;
    private volatile FolderWatcher watcher;
    private volatile ReloadRecord pendingStartRecord;
    private volatile String inconsistent;
    private volatile RouteValidator validator;
    private final List<Consumer<ReloadRecord>> reloadListeners = new CopyOnWriteArrayList<>();

    public HotReloader(CamelContext camel, MfgsyncConfig config, AuditLog audit, MeterRegistry meters,
            MappingRegistry mappings) {
        this.camel = camel;
        this.config = config;
        this.audit = audit;
        this.meters = meters;
        this.mappings = mappings;
        this.applier = new ChangeApplier(camel, mappings, config.reload().stopTimeoutSeconds());
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
        routeSources.values().forEach(f -> files.add(new ReloadRecord.FileChange(Snapshot.ROUTES + f.path(), "added", f.sha256(), null)));
        mappingSources.values().forEach(f -> files.add(new ReloadRecord.FileChange(Snapshot.MAPPINGS + f.path(), "added", f.sha256(), null)));
        pendingStartRecord = new ReloadRecord(sequence.incrementAndGet(), Instant.now().toString(), "startup", "application",
                ReloadRecord.LOADED, files, List.of(), List.of(), List.of(), millisSince(started));
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
            FolderWatcher folders = new FolderWatcher(List.of(routesDir, mappingsDir), config.reload().pollMillis(),
                    config.reload().settleMillis(), () -> scan().digest(),
                    digest -> digest.equals(running.digest()) || digest.equals(lastHandledDigest),
                    this::reloadFromWatch);
            watcher = folders;
            folders.start();
            LOG.infof("Watching %s and %s for route and mapping changes", routesDir, mappingsDir);
        } else {
            LOG.info("Hot reload of routes and mappings is disabled (mfgsync.reload.enabled=false)");
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        FolderWatcher folders = watcher;
        watcher = null;
        if (folders != null) {
            folders.stop();
        }
        worker.shutdownNow();
    }

    private void reloadFromWatch() {
        try {
            worker.submit(() -> reload("watch", "file-watcher", false)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.error("Reload from the folder watcher failed unexpectedly; the previous version keeps running", e.getCause());
        }
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
        Map<String, String> byLocation = new HashMap<>();
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

    /** One hash over the running routes' and mappings' paths and contents: replicas with equal digests run the same set. */
    public String runningDigest() {
        Snapshot snapshot = running;
        return snapshot == null ? null : snapshot.digest();
    }

    /** Called with every reload's outcome once it is recorded (on the reload thread; keep it short). */
    public void onReload(Consumer<ReloadRecord> listener) {
        reloadListeners.add(listener);
    }

    /** Why the running routes may not match any version on disk (a failed rollback), or null. */
    public String inconsistency() {
        return inconsistent;
    }

    public boolean enabled() {
        return config.reload().enabled();
    }

    // ---- reload -----------------------------------------------------------------------------------

    /** Runs on the single reload thread only: plan, apply, record. */
    private ReloadRecord reload(String trigger, String actor, boolean recordUnchanged) {
        long started = System.nanoTime();
        Snapshot from = running;
        Snapshot disk = scan();
        ChangePlan plan;
        try {
            plan = new ChangePlanner(validator(), reservedRouteIds(from)).plan(from, disk);
        } catch (RuntimeException e) {
            // a defect of the planner, not of a file: recorded once for this content, nothing running is touched
            LOG.error("Reload could not be planned; the previous version keeps running", e);
            lastHandledDigest = disk.digest();
            return finish(new ReloadRecord(sequence.incrementAndGet(), Instant.now().toString(), trigger, actor,
                    ReloadRecord.FAILED, List.of(), List.of(), List.of(), List.of(new Rejection(Snapshot.ROUTES, null,
                            "planning failed: " + e)), millisSince(started)));
        }
        lastHandledDigest = plan.diskDigest();
        if (plan.unchanged()) {
            ReloadRecord unchanged = record(trigger, actor, ReloadRecord.UNCHANGED, plan, List.of(), List.of(), started);
            return recordUnchanged ? finish(unchanged) : unchanged;
        }
        if (!plan.accepted()) {
            return finish(record(trigger, actor, ReloadRecord.REJECTED, plan, List.of(), plan.rejections(), started));
        }
        ChangeApplier.Outcome outcome = applier.apply(from, plan);
        List<String> restarted = List.copyOf(plan.routes().restart);
        if (!outcome.inForce()) {
            if (outcome.inconsistency() != null) {
                inconsistent = "reload #" + (sequence.get() + 1) + ": " + outcome.inconsistency();
            }
            List<Rejection> reasons = new ArrayList<>(plan.rejections());
            reasons.addAll(0, outcome.failures());
            return finish(record(trigger, actor, ReloadRecord.FAILED, plan, restarted, reasons, started));
        }
        running = plan.target();
        inconsistent = null;
        return finish(record(trigger, actor, plan.result(), plan, restarted, plan.rejections(), started));
    }

    private ReloadRecord record(String trigger, String actor, String result, ChangePlan plan, List<String> restarted,
            List<Rejection> rejections, long started) {
        return new ReloadRecord(sequence.incrementAndGet(), Instant.now().toString(), trigger, actor, result, plan.files(),
                restarted, plan.heldBack(), rejections, millisSince(started));
    }

    /** The one line every reload logs: the outcome and every file, with the reason of each held-back change. */
    private static void log(ReloadRecord record) {
        String by = record.actor() == null ? record.trigger() : record.trigger() + " by " + record.actor();
        if (record.result().equals(ReloadRecord.UNCHANGED)) {
            LOG.infof("Reload #%d (%s): unchanged, nothing to apply", record.sequence(), by);
            return;
        }
        List<String> held = record.heldBack().stream().map(ReloadRecord.HeldBack::file).toList();
        List<String> applied = record.files().stream().filter(f -> !held.contains(f.file()))
                .map(f -> f.file() + " (" + f.change() + ")").toList();
        String what = switch (record.result()) {
            case ReloadRecord.FAILED -> "failed and rolled back, previous version keeps running; not applied " + applied
                    + "; " + record.rejections().stream().limit(2).map(Rejection::toString).toList();
            case ReloadRecord.REJECTED -> "rejected, previous version keeps running";
            default -> record.result() + ": " + applied + ", routes restarted " + record.restartedRoutes();
        };
        LOG.infof("Reload #%d (%s) %s%s in %d ms", record.sequence(), by, what,
                held.isEmpty() ? "" : "; held back " + record.heldBack(), record.durationMillis());
    }

    private RouteValidator validator() {
        RouteValidator current = validator;
        if (current == null) {
            current = new RouteValidator(registryView(camel), mainProperties(camel), camel.getRestConfiguration(),
                    camel.getCamelContextExtension());
            validator = current;
        }
        return current;
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

    /**
     * The application's settings for placeholders in the throwaway validation context, each looked up once: they
     * do not change while the application runs, and each lookup through MicroProfile Config reloaded every property
     * (most of a reload's time went there).
     */
    static PropertiesSource mainProperties(CamelContext camel) {
        Map<String, Optional<String>> resolved = new ConcurrentHashMap<>();
        return new PropertiesSource() {
            @Override
            public String getName() {
                return "mfgsync-application";
            }

            @Override
            public String getProperty(String name) {
                return resolved.computeIfAbsent(name, n -> camel.getPropertiesComponent().resolveProperty(n)).orElse(null);
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
        log(record);
        synchronized (history) {
            history.addFirst(record);
            while (history.size() > config.reload().historySize()) {
                history.removeLast();
            }
        }
        meters.counter("mfgsync.reloads", "result", record.result()).increment();
        reloadListeners.forEach(listener -> listener.accept(record));
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
