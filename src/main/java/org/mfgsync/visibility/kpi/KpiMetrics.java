package org.mfgsync.visibility.kpi;

import java.time.Clock;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.jboss.logging.Logger;
import org.mfgsync.resilience.StateStore;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.Startup;

/**
 * The KPIs of the trailing {@code mfgsync.kpi.metrics-window} (24 h) as Prometheus gauges, computed again every
 * {@code mfgsync.kpi.metrics-interval} by each instance from the shared state database (so every replica reports the
 * same figures), by the timer in routes/visibility/kpi-metrics.camel.yaml:
 * {@code mfgsync_kpi_automation_ratio}, {@code mfgsync_kpi_quality_containment_seconds{quantile}},
 * {@code mfgsync_kpi_supplier_response_seconds{quantile}}, {@code mfgsync_kpi_target_failure_ratio{target}},
 * {@code mfgsync_kpi_manual_interventions{kind}}, {@code mfgsync_kpi_duplicates_suppressed{step}},
 * {@code mfgsync_kpi_reporting_latency_seconds{quantile}}. A figure the window has no basis for is NaN. The running
 * count of suppressed duplicates is the counter {@code mfgsync_duplicates_suppressed_total{step}} (resilience).
 */
@ApplicationScoped
@Startup
@Named("kpiMetrics")
public class KpiMetrics {

    private static final Logger LOG = Logger.getLogger("org.mfgsync.visibility");

    private final KpiStore store;
    private final KpiConfig config;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Map<String, AtomicReference<Double>> gauges = new ConcurrentHashMap<>();
    private volatile boolean outage;

    @Inject
    public KpiMetrics(KpiStore store, KpiConfig config, MeterRegistry meters) {
        this.store = store;
        this.config = config;
        this.meters = meters;
        this.clock = Clock.systemUTC();
        // the fixed gauges exist from the start (NaN until the first round), so dashboards and alerts find them
        set("mfgsync.kpi.automation.ratio", Tags.empty(), null);
        for (String quantile : new String[] { "0.5", "0.95" }) {
            set("mfgsync.kpi.quality.containment.seconds", Tags.of("quantile", quantile), null);
            set("mfgsync.kpi.supplier.response.seconds", Tags.of("quantile", quantile), null);
            set("mfgsync.kpi.reporting.latency.seconds", Tags.of("quantile", quantile), null);
        }
        for (String kind : new String[] { "replay", "discard" }) {
            set("mfgsync.kpi.manual.interventions", Tags.of("kind", kind), null);
        }
    }

    /** Timer step: computes the trailing window's KPIs and sets the gauges. A state-database outage skips the round. */
    public Kpis refresh() {
        Kpis kpis;
        try {
            KpiPeriod window = KpiStore.trailing(config.metricsWindow(), clock.instant());
            kpis = Kpis.of(window, store.kpiFacts(window));
        } catch (RuntimeException e) {
            if (!StateStore.isOutage(e)) {
                throw e;
            }
            if (!outage) {
                LOG.warnf("KPI gauges not computed while the state database is unavailable: %s", e.getMessage());
            }
            outage = true;
            return null;
        }
        outage = false;
        set("mfgsync.kpi.automation.ratio", Tags.empty(), kpis.flows().automationRate());
        quantiles("mfgsync.kpi.quality.containment.seconds", kpis.qualityContainmentTime().p50Millis(),
                kpis.qualityContainmentTime().p95Millis());
        quantiles("mfgsync.kpi.supplier.response.seconds", kpis.supplierResponseTime().p50Millis(),
                kpis.supplierResponseTime().p95Millis());
        quantiles("mfgsync.kpi.reporting.latency.seconds", kpis.reportingLatency().p50Millis(),
                kpis.reportingLatency().p95Millis());
        set("mfgsync.kpi.manual.interventions", Tags.of("kind", "replay"), (double) kpis.manualInterventions().replays());
        set("mfgsync.kpi.manual.interventions", Tags.of("kind", "discard"), (double) kpis.manualInterventions().discards());
        Set<String> seen = new HashSet<>();
        for (Kpis.TargetFailures target : kpis.targets()) {
            seen.add(key("mfgsync.kpi.target.failure.ratio", Tags.of("target", target.target())));
            set("mfgsync.kpi.target.failure.ratio", Tags.of("target", target.target()), target.failureRate());
        }
        kpis.duplicatesSuppressed().byChannel().forEach((step, count) -> {
            seen.add(key("mfgsync.kpi.duplicates.suppressed", Tags.of("step", step)));
            set("mfgsync.kpi.duplicates.suppressed", Tags.of("step", step), (double) count);
        });
        // a target or step with nothing in the window any more: NaN for the failure ratio, 0 duplicates
        gauges.forEach((key, value) -> {
            if (!seen.contains(key)) {
                if (key.startsWith("mfgsync.kpi.target.failure.ratio|")) {
                    value.set(Double.NaN);
                } else if (key.startsWith("mfgsync.kpi.duplicates.suppressed|")) {
                    value.set(0.0);
                }
            }
        });
        return kpis;
    }

    private void quantiles(String name, Long p50Millis, Long p95Millis) {
        set(name, Tags.of("quantile", "0.5"), p50Millis == null ? null : p50Millis / 1000.0);
        set(name, Tags.of("quantile", "0.95"), p95Millis == null ? null : p95Millis / 1000.0);
    }

    private void set(String name, Tags tags, Double value) {
        AtomicReference<Double> holder = gauges.computeIfAbsent(key(name, tags), k -> {
            AtomicReference<Double> created = new AtomicReference<>(Double.NaN);
            Gauge.builder(name, created, held -> held.get()).tags(tags).register(meters);
            return created;
        });
        holder.set(value == null ? Double.NaN : value);
    }

    private static String key(String name, Tags tags) {
        StringBuilder key = new StringBuilder(name).append('|');
        tags.forEach(tag -> key.append(tag.getKey()).append('=').append(tag.getValue()).append(','));
        return key.toString();
    }
}
