package org.mfgsync.governance.reload;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The outcome of one reload: when, why (trigger and actor), which files with which content hashes, the result
 * ({@code applied}; {@code partially-applied} — some changes went in, others were held back —; {@code rejected} —
 * every change held back —; {@code failed} — applied, then rolled back —; {@code unchanged}; or {@code loaded} at
 * start), the routes restarted, every file whose change was held back with the reason, and every validation error.
 */
@RegisterForReflection
public record ReloadRecord(long sequence, String at, String trigger, String actor, String result,
        List<FileChange> files, List<String> restartedRoutes, List<HeldBack> heldBack, List<Rejection> rejections,
        long durationMillis) {

    /** One file of a change set: {@code routes/...} or {@code mappings/...}, added/modified/removed, hashes. */
    @RegisterForReflection
    public record FileChange(String file, String change, String sha256, String previousSha256) {
    }

    /**
     * A file whose change did not go in, and why: its own validation error, or the held-back change it depends on.
     * Its previous version (or, for a new file, nothing) keeps running.
     */
    @RegisterForReflection
    public record HeldBack(String file, String change, String reason) {

        @Override
        public String toString() {
            return file + " (" + change + "): " + reason;
        }
    }

    public static final String APPLIED = "applied";
    public static final String PARTIALLY_APPLIED = "partially-applied";
    public static final String REJECTED = "rejected";
    public static final String FAILED = "failed";
    public static final String UNCHANGED = "unchanged";
    public static final String LOADED = "loaded";
}
