package org.mfgsync.governance.reload;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Why a change was refused: the file (relative to its folder, prefixed {@code routes/} or {@code mappings/}),
 * the line when known (1-based), and the reason in words an integration engineer can act on.
 */
@RegisterForReflection
public record Rejection(String file, Integer line, String reason) {

    @Override
    public String toString() {
        return file + (line != null ? ":" + line : "") + ": " + reason;
    }
}
