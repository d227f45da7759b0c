package org.mfgsync.visibility.kpi;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code mfgsync.kpi.*}: the periods the KPI and scorecard APIs answer, and the KPI gauges on {@code /q/metrics}. */
@ConfigMapping(prefix = "mfgsync.kpi")
public interface KpiConfig extends KpiPeriod.Limits {

    /** The period answered when the caller gives no {@code from} (ending at {@code to}, or now). */
    @WithDefault("7d")
    @Override
    Duration defaultWindow();

    /** The longest period a caller may ask for; a longer one is refused with 400 (each answer reads the whole period). */
    @WithDefault("92d")
    @Override
    Duration maxRange();

    /** The trailing period the KPI gauges ({@code mfgsync_kpi_*}) are computed over. */
    @WithDefault("24h")
    Duration metricsWindow();

    /** How often the KPI gauges are computed again (each instance computes them from the shared state database). */
    @WithDefault("5m")
    Duration metricsInterval();

    /** Which workflow steps and events each KPI counts (the workflows' names, given in application.properties). */
    Flows flows();

    interface Flows {
        String containmentWorkflow();

        String blockStep();

        String decidedStep();

        String inspectionEvent();

        String nonconformanceEvent();

        String poWorkflow();

        String deliveredStep();
    }
}
