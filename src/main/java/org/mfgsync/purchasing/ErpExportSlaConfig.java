package org.mfgsync.purchasing;

import java.time.Duration;
import java.util.Map;

import io.smallrye.config.ConfigMapping;

/** {@code mfgsync.sla.erp-export.*}: the heartbeat of the ERP instances that export to us (SLA watchdog). */
@ConfigMapping(prefix = "mfgsync.sla.erp-export")
public interface ErpExportSlaConfig {

    /**
     * Per ERP instance, the longest time between two of its exports, e.g.
     * {@code mfgsync.sla.erp-export.within.erp-legacy-a=26h}; an instance not named here has no heartbeat.
     */
    Map<String, Duration> within();
}
