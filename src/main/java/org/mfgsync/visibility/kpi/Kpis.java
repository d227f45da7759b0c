package org.mfgsync.visibility.kpi;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The KPIs of one period (and plant), as {@code GET /api/v1/kpis} answers them. A figure that the period gives no basis
 * for (no containment, no delivered PO revision, ...) is null, and {@link #unavailable} says why: never a 0 that
 * stands for "nothing to measure". Durations are in milliseconds; percentiles by nearest rank ({@link Percentiles}).
 *
 * @param flows                  flows (correlation ids) with a trace step of an event in the period, and those completed with no
 *                               manual action: no exception record a person replayed or discarded, none still open
 * @param qualityContainmentTime rejected inspection (its occurrence) → the ERP block confirmed, per block in the period
 * @param supplierResponseTime   PO revision delivered to the supplier → first commit received for that PO afterwards
 * @param targets                per target: trace steps done at it, exception records first seen for it, their rate
 * @param manualInterventions    replays and discards by a person (and automatic replays, for comparison)
 * @param duplicatesSuppressed   claims found already done, per idempotent step (channel); counted per hour, all plants
 * @param reportingLatency       event occurred → its first trace step (visible in the trace, the dashboard, these APIs)
 * @param unavailable            figure → why it is null
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Kpis(Instant from, Instant to, String plant, Flows flows, Distribution qualityContainmentTime,
        SupplierResponse supplierResponseTime, List<TargetFailures> targets, ManualInterventions manualInterventions,
        Duplicates duplicatesSuppressed, Distribution reportingLatency, Map<String, String> unavailable) {

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Flows(long total, long automated, Double automationRate) {
    }

    /** How many measurements, and their p50 and p95 (null when there are none). */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Distribution(int count, Long p50Millis, Long p95Millis) {
        static Distribution of(long[] millis) {
            return new Distribution(millis.length, Percentiles.nearestRank(millis, 0.50), Percentiles.nearestRank(millis, 0.95));
        }
    }

    /** Deliveries answered by a commit (measured), and those still awaiting one. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record SupplierResponse(int answered, int awaiting, Long p50Millis, Long p95Millis) {
    }

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record TargetFailures(String target, long done, long failed, Double failureRate) {
    }

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ManualInterventions(long total, long replays, long discards, long automaticReplays) {
    }

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Duplicates(long total, Map<String, Long> byChannel) {
    }

    /** What the state database holds for a period: the raw measurements, before any figure is made of them. */
    public record Facts(long flows, long flowsWithManualAction, long[] containmentMillis, long[] responseMillis,
            int awaitingResponse, Map<String, Long> doneByTarget, Map<String, Long> failedByTarget, long replays,
            long discards, long automaticReplays, Map<String, Long> duplicatesByStep, long[] reportingLatencyMillis) {
    }

    /** The figures of a period from its facts. */
    public static Kpis of(KpiPeriod period, Facts facts) {
        Map<String, String> unavailable = new LinkedHashMap<>();
        Flows flows = new Flows(facts.flows(), facts.flows() - facts.flowsWithManualAction(),
                Percentiles.rate(facts.flows() - facts.flowsWithManualAction(), facts.flows()));
        if (flows.automationRate() == null) {
            unavailable.put("flows.automationRate", "no flow has a trace step in the period");
        }
        Distribution containment = Distribution.of(facts.containmentMillis());
        if (containment.count() == 0) {
            unavailable.put("qualityContainmentTime", "no rejected inspection's lot was blocked in its ERP in the period");
        }
        SupplierResponse response = new SupplierResponse(facts.responseMillis().length, facts.awaitingResponse(),
                Percentiles.nearestRank(facts.responseMillis(), 0.50), Percentiles.nearestRank(facts.responseMillis(), 0.95));
        if (response.answered() == 0) {
            unavailable.put("supplierResponseTime", facts.awaitingResponse() == 0
                    ? "no PO revision was delivered to a supplier in the period"
                    : "no supplier has committed yet to the PO revisions delivered in the period");
        }
        Map<String, Long> targetNames = new TreeMap<>(facts.doneByTarget());
        facts.failedByTarget().keySet().forEach(t -> targetNames.putIfAbsent(t, 0L));
        List<TargetFailures> targets = new ArrayList<>();
        for (String target : targetNames.keySet()) {
            long done = facts.doneByTarget().getOrDefault(target, 0L);
            long failed = facts.failedByTarget().getOrDefault(target, 0L);
            targets.add(new TargetFailures(target, done, failed, Percentiles.rate(failed, done + failed)));
        }
        if (targets.isEmpty()) {
            unavailable.put("targets", "no step was done at a target and none failed in the period");
        }
        ManualInterventions manual = new ManualInterventions(facts.replays() + facts.discards(), facts.replays(),
                facts.discards(), facts.automaticReplays());
        Map<String, Long> byChannel = new TreeMap<>(facts.duplicatesByStep());
        Duplicates duplicates = new Duplicates(byChannel.values().stream().mapToLong(Long::longValue).sum(), byChannel);
        if (period.plant() != null) {
            unavailable.put("duplicatesSuppressed.plant", "duplicates are counted per channel for all plants: a duplicate is "
                    + "dropped before its event is read");
        }
        Distribution latency = Distribution.of(facts.reportingLatencyMillis());
        if (latency.count() == 0) {
            unavailable.put("reportingLatency", "no event reached the trace in the period");
        }
        return new Kpis(period.from(), period.to(), period.plant(), flows, containment, response, targets, manual,
                duplicates, latency, unavailable);
    }
}
