package org.mfgsync.visibility.sla;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * One kind of expected-next-event SLA, watched by {@link SlaWatchdog}: it reads the state tables of its capability and
 * says which expectations are overdue now and which open breaches are settled. Implementations live in the capability
 * that owns the state (quality, purchasing); this package names no business step.
 */
public interface SlaWatch {

    /** The breach kind, unique among watches, e.g. {@code containment-not-blocked}: a metric tag and an API filter. */
    String kind();

    /** The workflow the late event belongs to: its playbook decides escalation, its trace gets the breach. */
    String workflow();

    /** The step that is late, e.g. {@code erp-blocked}. */
    String expectedStep();

    /**
     * Expectations whose due time has passed without the expected event, among state that changed since
     * {@code horizon} (older state is out of the watch's sight). A subject already breached may be answered again; the
     * watchdog raises each subject once.
     */
    List<Overdue> overdue(OffsetDateTime now, OffsetDateTime horizon);

    /**
     * Of these open breaches of this kind, the ones whose expected event has happened since (or is no longer expected),
     * by breach id, with the reason in words.
     */
    Map<String, String> settled(List<SlaBreach> open, OffsetDateTime now);

    /**
     * An expectation that is late.
     *
     * @param subjectKey what is late, unique within the kind and stable across rounds (e.g. {@code PO:revision})
     * @param correlationId the flow the expectation belongs to, or null when it belongs to none (a heartbeat)
     * @param businessKeys canonical business keys (purchaseOrder, supplier, item, lot, ...), without the plant
     */
    record Overdue(String subjectKey, OffsetDateTime dueAt, String correlationId, String plant,
            Map<String, String> businessKeys, String detail) {
    }
}
