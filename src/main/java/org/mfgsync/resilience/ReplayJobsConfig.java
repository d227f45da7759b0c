package org.mfgsync.resilience;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code mfgsync.resilience.replay-jobs.*}: bulk replay jobs (POST /api/v1/replay-jobs), one record at a time. */
@ConfigMapping(prefix = "mfgsync.resilience.replay-jobs")
public interface ReplayJobsConfig {

    /** How often the replay-job worker looks for records to replay, in milliseconds. */
    @WithDefault("500")
    long periodMillis();

    /** Pause between two records of one job unless the job names its own, in milliseconds (spares a target just back). */
    @WithDefault("100")
    long paceMillis();

    /** A record whose replay started longer ago than this (its instance died mid-record) is taken up again, in milliseconds. */
    @WithDefault("60000")
    long leaseMillis();

    /** Longest a job may ask to pause between two records, in milliseconds. */
    @WithDefault("60000")
    long maxPaceMillis();
}
