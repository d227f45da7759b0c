package org.mfgsync.resilience;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * {@code mfgsync.retention.*}: how long the state database keeps what it only needs for a while. A key that can recur
 * must be kept at least as long as a partner may send it again (the claims' retention is that promise).
 */
@ConfigMapping(prefix = "mfgsync.retention")
public interface RetentionConfig {

    /** How often the purge runs (on one instance at a time). */
    @WithDefault("1h")
    Duration period();

    /** DONE claims: a redelivery older than this is no longer recognised as a duplicate. */
    @WithDefault("30d")
    Duration claims();

    /** Workflow trace rows (table workflow_step) and the business keys of traced flows (trace_key). */
    @WithDefault("90d")
    Duration trace();

    /** Exception records that are RESOLVED or DISCARDED (open ones are never purged). */
    @WithDefault("90d")
    Duration exceptions();

    /** Audit log rows; also the facts of KPIs and supplier scorecards (supplier_commit_line, duplicate_suppressed). */
    @WithDefault("365d")
    Duration audit();

    /** Rows deleted per statement, so a purge never holds a long transaction. */
    @WithDefault("10000")
    int chunk();
}
