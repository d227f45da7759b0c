package org.mfgsync.visibility;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code mfgsync.trace.*}: the limits of the trace API ({@code GET /api/v1/traces}), so no search can ask for everything. */
@ConfigMapping(prefix = "mfgsync.trace")
public interface TraceConfig extends TraceSearch.Limits {

    /** The window searched when the caller gives no {@code from} (ending at {@code to}, or now). */
    @WithDefault("7d")
    @Override
    Duration defaultWindow();

    /** The widest window a search may ask for; a wider one is refused with 400. */
    @WithDefault("31d")
    @Override
    Duration maxWindow();

    /** Flows per page when the caller gives no {@code size}. */
    @WithDefault("50")
    @Override
    int defaultPageSize();

    /** The largest {@code size} a caller may ask for; a larger one is refused with 400. */
    @WithDefault("200")
    @Override
    int maxPageSize();

    /** Steps shown per flow (a file whose rows share one correlation id can have many); the rest is marked truncated. */
    @WithDefault("1000")
    int maxStepsPerFlow();

    /** Business key values shown per flow. */
    @WithDefault("500")
    int maxKeysPerFlow();
}
