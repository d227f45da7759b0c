package org.mfgsync.resilience;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.jboss.logging.Logger;
import org.mfgsync.backbone.LogText;
import org.mfgsync.visibility.WorkflowTrace;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

/**
 * The alert side of the durable hold: when a target stays unavailable for a whole hold round, its work is kept (not
 * lost, not dropped) and operations are told — a warning naming the target and the business keys held, the
 * {@code mfgsync_target_hold_rounds_total{target}} counter, the {@code mfgsync_target_held_seconds{target}} gauge (how
 * long the target has been holding work; 0 once it takes work again) and, for handed-over work, a {@code HELD} step
 * in the workflow's trace.
 */
@ApplicationScoped
@Startup
@Named("targetHolds")
public class TargetHolds {

    private static final Logger LOG = Logger.getLogger("org.mfgsync.resilience");

    private final MeterRegistry meters;
    private final WorkflowTrace trace;
    private final Map<String, Instant> heldSince = new ConcurrentHashMap<>();

    @Inject
    public TargetHolds(MeterRegistry meters, WorkflowTrace trace, ResilienceConfig config) {
        this.meters = meters;
        this.trace = trace;
        // every configured target reports from the start (0 held seconds, 0 rounds): an alert on a series that does
        // not exist yet never fires, and a dashboard shows the targets that never failed too
        config.targets().keySet().forEach(this::registerMeters);
    }

    private void registerMeters(String target) {
        Gauge.builder("mfgsync.target.held.seconds", () -> {
            Instant since = heldSince.get(target);
            return since == null ? 0 : (System.currentTimeMillis() - since.toEpochMilli()) / 1000.0;
        }).description("How long the target has been holding work because it is unavailable; 0 when it is not")
                .tag("target", target).register(meters);
        meters.counter("mfgsync.target.hold.rounds", "target", target);
    }

    /** A transient failure outlasted the target's hold round: the work goes back to be taken again. */
    void roundEnded(Exchange exchange, Throwable failure, long heldMillis) {
        String target = exchange.getProperty(OutboundPolicy.TARGET, OutboundPolicy.UNKNOWN_TARGET, String.class);
        if (heldSince.putIfAbsent(target, Instant.now().minusMillis(heldMillis)) == null) {
            registerMeters(target);
        }
        meters.counter("mfgsync.target.hold.rounds", "target", target).increment();
        String error = failure == null ? "unknown" : failure.getClass().getSimpleName() + ": " + failure.getMessage();
        WorkflowTrace.Instance instance = exchange.getProperty(WorkflowTrace.INSTANCE, WorkflowTrace.Instance.class);
        LOG.warnf("Target unavailable, work held target=%s heldMs=%d workflow=%s plant=%s keys=%s idempotencyKey=%s error=%s",
                target, heldMillis, instance == null ? null : instance.workflow(), instance == null ? null : instance.plant(),
                LogText.escape(instance == null ? null : instance.businessKeys()),
                LogText.escape(exchange.getProperty("idempotencyKey")), LogText.escape(error));
        String step = exchange.getProperty(TargetDeliveries.DELIVERY_STEP, String.class);
        if (instance != null && step != null) {
            trace.record(exchange, step, WorkflowTrace.HELD, target + " unavailable: " + error);
        }
    }

    /** Route step when an exchange that called a target is done: the target takes work again. */
    public void released(Exchange exchange) {
        String target = exchange.getProperty(OutboundPolicy.TARGET, String.class);
        if (target != null && heldSince.remove(target) != null) {
            LOG.infof("Target available again, held work drained target=%s", target);
        }
    }

    /** Targets holding work now, with the time they started to. */
    public Map<String, Instant> held() {
        return Map.copyOf(heldSince);
    }
}
