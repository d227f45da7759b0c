package org.mfgsync.quality;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code mfgsync.sla.containment-blocked.*}: the expected-next-event SLA of a lot's containment (SLA watchdog). */
@ConfigMapping(prefix = "mfgsync.sla.containment-blocked")
public interface ContainmentSlaConfig {

    /**
     * A rejected inspection's or NCR's containment must be blocked in its ERP (the ERP took the block: trace step
     * {@code erp-blocked} DONE) within this time of being opened, or a breach is raised.
     */
    @WithDefault("60s")
    Duration within();
}
