package org.mfgsync.visibility.sla;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * {@code mfgsync.sla.watchdog.*}: how the SLA watchdog runs. The SLAs themselves are configured by the capability that
 * owns each expectation ({@code mfgsync.sla.containment-blocked.*}, {@code mfgsync.sla.supplier-commit.*},
 * {@code mfgsync.sla.erp-export.*}).
 */
@ConfigMapping(prefix = "mfgsync.sla.watchdog")
public interface SlaWatchdogConfig {

    /** How often the watchdog looks for overdue expectations and settled breaches (on one instance at a time). */
    @WithDefault("30s")
    Duration period();

    /**
     * How far back the watches look at state: a containment or PO revision that has not changed for longer is out of
     * sight (keep it shorter than the trace's retention, mfgsync.retention.trace, which the watches read).
     */
    @WithDefault("7d")
    Duration lookback();

    /** Breaches raised, cleared or published per kind and round at most, so one round stays short after an outage. */
    @WithDefault("500")
    int maxPerRound();
}
