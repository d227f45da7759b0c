package org.mfgsync.visibility.sla;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.jboss.logging.Logger;
import org.mfgsync.backbone.Ids;
import org.mfgsync.backbone.LogText;
import org.mfgsync.canonical.CanonicalJson;
import org.mfgsync.canonical.EscalationRaised;
import org.mfgsync.canonical.EventEnvelope;
import org.mfgsync.canonical.EventHeaders;
import org.mfgsync.canonical.EventTypes;
import org.mfgsync.canonical.SlaBreached;
import org.mfgsync.canonical.SourceSystem;
import org.mfgsync.resilience.ClusterLeases;
import org.mfgsync.resilience.Playbooks;
import org.mfgsync.resilience.ResilienceConfig.Decision;
import org.mfgsync.resilience.StateStore;
import org.mfgsync.visibility.Correlation;
import org.mfgsync.visibility.WorkflowTrace;
import org.slf4j.MDC;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

/**
 * The SLA watchdog: a timer (routes/visibility/sla-watchdog.camel.yaml) asks it each period, on one instance at a time
 * (cluster lease {@value #LEASE}), to look at every {@link SlaWatch}'s state. It clears the open breaches whose late
 * event has arrived, raises each new overdue expectation once ({@link SlaBreaches}: unique per kind and subject),
 * and hands the raised but unpublished breaches to the route, which publishes {@code SlaBreached} and, when the
 * workflow's playbook says business escalation, {@code EscalationRaised}. It reads state only: no workflow step does any
 * work for it.
 */
@ApplicationScoped
@Startup
@Named("slaWatchdog")
public class SlaWatchdog {

    static final String LEASE = "sla-watchdog";
    static final String SCHEMA_VERSION = "1.0";
    static final String SOURCE_INSTANCE = "sla-watchdog";
    /** The trace steps a breach writes on its flow. */
    public static final String BREACHED_STEP = "sla-breached";
    public static final String CLEARED_STEP = "sla-cleared";
    /** Exchange property of the split route: the breach being published. */
    static final String BREACH = "slaBreach";
    /** The escalation's owner, as for an escalated dead letter: the business owner of the workflow. */
    static final String OWNER_ROLE = "business-owner";

    private static final Logger LOG = Logger.getLogger("org.mfgsync.sla");

    private final List<SlaWatch> watches;
    private final SlaBreaches breaches;
    private final ClusterLeases leases;
    private final Playbooks playbooks;
    private final WorkflowTrace trace;
    private final MeterRegistry meters;
    private final SlaWatchdogConfig config;
    private final Clock clock;
    private final Map<String, AtomicLong> openGauges = new ConcurrentHashMap<>();
    /** The timer's thread only: whether the last round found the state database away. */
    private boolean stateStoreAway;

    @Inject
    public SlaWatchdog(Instance<SlaWatch> watches, SlaBreaches breaches, ClusterLeases leases, Playbooks playbooks,
            WorkflowTrace trace, MeterRegistry meters, SlaWatchdogConfig config) {
        this(watches.stream().toList(), breaches, leases, playbooks, trace, meters, config, Clock.systemUTC());
    }

    SlaWatchdog(List<SlaWatch> watches, SlaBreaches breaches, ClusterLeases leases, Playbooks playbooks, WorkflowTrace trace,
            MeterRegistry meters, SlaWatchdogConfig config, Clock clock) {
        Set<String> kinds = watches.stream().map(SlaWatch::kind).collect(Collectors.toSet());
        if (kinds.size() != watches.size()) {
            throw new IllegalStateException("two SLA watches share a kind: " + watches.stream().map(SlaWatch::kind).toList());
        }
        this.watches = watches;
        this.breaches = breaches;
        this.leases = leases;
        this.playbooks = playbooks;
        this.trace = trace;
        this.meters = meters;
        this.config = config;
        this.clock = clock;
        for (SlaWatch watch : watches) {
            AtomicLong open = new AtomicLong();
            openGauges.put(watch.kind(), open);
            Gauge.builder("mfgsync.sla.breaches.open", open, AtomicLong::get).tag("kind", watch.kind())
                    .description("Expected-next-event SLA breaches open now").register(meters);
            // the counters report 0 from the start: alert rules and dashboards see every watch before its first breach
            meters.counter("mfgsync.sla.breaches", "kind", watch.kind(), "workflow", watch.workflow(), "step", watch.expectedStep());
            meters.counter("mfgsync.sla.breaches.cleared", "kind", watch.kind(), "workflow", watch.workflow(), "step",
                    watch.expectedStep());
        }
    }

    /**
     * Timer step: one round. Every instance refreshes its open-breach gauges (so each replica reports the same figure);
     * the lease holder clears, raises and answers the breaches whose events are still to be published.
     */
    public List<SlaBreach> round() {
        refreshGauges();
        try {
            // held a little longer than a period, so the holder keeps it while it runs on schedule
            if (!leases.tryHold(LEASE, config.period().plus(config.period().dividedBy(2)))) {
                return List.of();
            }
            List<SlaBreach> unpublished = watch(OffsetDateTime.now(clock));
            stateStoreAway = false;
            return unpublished;
        } catch (RuntimeException e) {
            if (!StateStore.isOutage(e)) {
                throw e;
            }
            // the next round tries again; one line per outage, not one per round
            if (!stateStoreAway) {
                LOG.warnf("SLA watchdog waits for the state database: %s", e.getMessage());
            }
            stateStoreAway = true;
            return List.of();
        }
    }

    private List<SlaBreach> watch(OffsetDateTime now) {
        for (SlaWatch watch : watches) {
            try {
                clearSettled(watch, now);
                raiseOverdue(watch, now);
            } catch (RuntimeException e) {
                if (StateStore.isOutage(e)) {
                    throw e;
                }
                // one watch's failure (a bug, a table it cannot read) does not keep the others from their round
                LOG.errorf(e, "SLA watch %s failed this round", watch.kind());
            }
        }
        refreshGauges();
        return breaches.unpublished(config.maxPerRound());
    }

    void clearSettled(SlaWatch watch, OffsetDateTime now) {
        List<SlaBreach> open = breaches.open(watch.kind(), config.maxPerRound());
        if (open.isEmpty()) {
            return;
        }
        Map<String, String> settled = watch.settled(open, now);
        for (SlaBreach breach : open) {
            String reason = settled.get(breach.id());
            if (reason != null && breaches.clear(breach.id(), reason, now)) {
                meters.counter("mfgsync.sla.breaches.cleared", "kind", breach.kind(), "workflow", breach.workflow(), "step",
                        breach.expectedStep()).increment();
                traceStep(breach, CLEARED_STEP, reason);
                MDC.put(Correlation.MDC_KEY, correlationOf(breach));
                LOG.infof("SLA breach cleared kind=%s subject=%s reason=%s plant=%s keys=%s breach=%s", breach.kind(),
                        LogText.escape(breach.subject()), LogText.escape(reason), LogText.escape(breach.plant()),
                        LogText.escape(breach.businessKeys()), breach.id());
                MDC.remove(Correlation.MDC_KEY);
            }
        }
    }

    void raiseOverdue(SlaWatch watch, OffsetDateTime now) {
        List<SlaWatch.Overdue> overdue = watch.overdue(now, now.minus(config.lookback()));
        if (overdue.isEmpty()) {
            return;
        }
        Set<String> known = breaches.known(watch.kind(), overdue.stream().map(SlaWatch.Overdue::subjectKey).toList());
        // the workflow's playbook decides, as for its dead letters: the breach's own class first, then any breach
        Decision decision = playbooks.decide(watch.workflow(), List.of("sla-" + watch.kind(), "sla-breached"));
        int raised = 0;
        for (SlaWatch.Overdue late : overdue) {
            if (known.contains(late.subjectKey()) || raised >= config.maxPerRound()) {
                continue;
            }
            SlaBreach draft = new SlaBreach(Ids.randomUuid().toString(), watch.kind(), late.subjectKey(), watch.workflow(),
                    watch.expectedStep(), SlaBreach.Status.OPEN, late.correlationId(), late.plant(), late.businessKeys(),
                    late.detail(), late.dueAt(), now, decision.name(), null, null, null);
            if (breaches.raise(draft).isPresent()) {
                raised++;
                meters.counter("mfgsync.sla.breaches", "kind", watch.kind(), "workflow", watch.workflow(), "step",
                        watch.expectedStep()).increment();
                traceStep(draft, BREACHED_STEP, late.detail());
                MDC.put(Correlation.MDC_KEY, correlationOf(draft));
                LOG.warnf("SLA breached kind=%s subject=%s due=%s plant=%s keys=%s decision=%s breach=%s detail=%s",
                        watch.kind(), LogText.escape(late.subjectKey()), late.dueAt(), LogText.escape(late.plant()),
                        LogText.escape(late.businessKeys()), decision, draft.id(), LogText.escape(late.detail()));
                MDC.remove(Correlation.MDC_KEY);
            }
        }
    }

    /** The breach on its flow's trace, when it belongs to one (a heartbeat belongs to none). */
    private void traceStep(SlaBreach breach, String step, String detail) {
        if (breach.correlationId() == null) {
            return;
        }
        trace.recordObserved(new WorkflowTrace.Instance(breach.workflow(), breach.correlationId(), null,
                EventTypes.SLA_BREACHED, null, breach.plant(), breach.businessKeys()), step, WorkflowTrace.DONE,
                breach.kind() + ": " + detail);
    }

    private void refreshGauges() {
        try {
            Map<String, Long> open = breaches.openByKind();
            openGauges.forEach((kind, gauge) -> gauge.set(open.getOrDefault(kind, 0L)));
        } catch (RuntimeException e) {
            LOG.debugf("Open SLA breaches not counted this round: %s", e.getMessage());
        }
    }

    /** Split step: the breach becomes its {@code SlaBreached} event; the property {@code escalate} says whether to escalate. */
    public void breachEvent(Exchange exchange) throws JsonProcessingException {
        SlaBreach breach = exchange.getMessage().getBody(SlaBreach.class);
        exchange.setProperty(BREACH, breach);
        exchange.setProperty("escalate", Decision.BUSINESS_ESCALATION.name().equals(breach.playbookDecision()));
        var payload = new SlaBreached(breach.id(), breach.kind(), breach.workflow(), breach.expectedStep(), breach.subject(),
                breach.dueAt(), breach.detail());
        var event = new EventEnvelope<>(Ids.randomUuid(), EventTypes.SLA_BREACHED, SCHEMA_VERSION, breach.raisedAt(),
                correlationOf(breach), null, new SourceSystem("mfgsync", SOURCE_INSTANCE), breach.plant(),
                breach.businessKeys(), "sla-breached:" + breach.id(), payload);
        write(exchange.getMessage(), event, breach.subject());
    }

    /** Split step, for a breach whose playbook decided business escalation: its {@code EscalationRaised} event. */
    public void escalationEvent(Exchange exchange) throws JsonProcessingException {
        SlaBreach breach = exchange.getProperty(BREACH, SlaBreach.class);
        String reason = "SLA breached: " + breach.detail() + "; the " + breach.workflow() + " playbook asks the business to decide";
        var payload = new EscalationRaised(breach.workflow(), reason.length() <= 2000 ? reason : reason.substring(0, 2000),
                EscalationRaised.Severity.HIGH, OWNER_ROLE, null, null, breach.kind(), null, breach.expectedStep(), null,
                "sla-breached", null, null, null);
        var event = new EventEnvelope<>(Ids.randomUuid(), EventTypes.ESCALATION_RAISED, SCHEMA_VERSION, breach.raisedAt(),
                correlationOf(breach), null, new SourceSystem("mfgsync", SOURCE_INSTANCE), breach.plant(),
                breach.businessKeys(), "escalation:sla:" + breach.id(), payload);
        write(exchange.getMessage(), event, "sla:" + breach.id());
    }

    /** Split step after the events are on Kafka: the breach is published (a round after a failure publishes it again). */
    public void published(Exchange exchange) {
        breaches.published(exchange.getProperty(BREACH, SlaBreach.class).id(), OffsetDateTime.now(clock));
    }

    /** A breach outside any flow (a heartbeat) is its own correlation. */
    static String correlationOf(SlaBreach breach) {
        return breach.correlationId() != null ? breach.correlationId() : "sla-" + breach.id();
    }

    private static void write(Message message, EventEnvelope<?> event, String key) throws JsonProcessingException {
        message.setBody(CanonicalJson.MAPPER.writeValueAsString(event));
        message.getHeaders().clear();
        message.setHeader(KafkaConstants.KEY, key);
        message.setHeader(EventHeaders.CORRELATION_ID, event.correlationId());
        message.setHeader(EventHeaders.EVENT_ID, event.eventId().toString());
        message.setHeader(EventHeaders.EVENT_TYPE, event.eventType());
        message.setHeader(EventHeaders.SCHEMA_VERSION, SCHEMA_VERSION);
        message.setHeader(EventHeaders.IDEMPOTENCY_KEY, event.idempotencyKey());
    }

    /** The watches, for the API's kind filter. */
    public Set<String> kinds() {
        return watches.stream().map(SlaWatch::kind).collect(Collectors.toSet());
    }
}
