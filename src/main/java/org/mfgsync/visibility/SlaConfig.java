package org.mfgsync.visibility;

import java.time.Duration;
import java.util.Map;

import io.smallrye.config.ConfigMapping;

/** {@code mfgsync.workflows.*}: settings of the business workflows that are operations policy, not partner data. */
@ConfigMapping(prefix = "mfgsync.workflows")
public interface SlaConfig {

    /**
     * SLA per workflow and step: the longest time from the workflow's triggering event to the step's outcome, e.g.
     * {@code mfgsync.workflows.sla.quality-containment.erp-blocked=60s}. A slower step is recorded as a breach,
     * counted in {@code mfgsync_sla_breaches_total} and logged; steps without an entry have no SLA.
     */
    Map<String, Map<String, Duration>> sla();
}
