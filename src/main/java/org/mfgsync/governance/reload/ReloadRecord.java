package org.mfgsync.governance.reload;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The outcome of one reload: when, why (trigger and actor), which files with which content hashes, the result
 * ({@code applied}, {@code rejected}, {@code failed} — applied, then rolled back —, {@code unchanged}, or
 * {@code loaded} at start), the routes restarted, and every reason for a rejection.
 */
@RegisterForReflection
public record ReloadRecord(long sequence, String at, String trigger, String actor, String result,
        List<FileChange> files, List<String> restartedRoutes, List<Rejection> rejections, long durationMillis) {

    /** One file of a change set: {@code routes/...} or {@code mappings/...}, added/modified/removed, hashes. */
    @RegisterForReflection
    public record FileChange(String file, String change, String sha256, String previousSha256) {
    }

    public static final String APPLIED = "applied";
    public static final String REJECTED = "rejected";
    public static final String FAILED = "failed";
    public static final String UNCHANGED = "unchanged";
    public static final String LOADED = "loaded";
}
