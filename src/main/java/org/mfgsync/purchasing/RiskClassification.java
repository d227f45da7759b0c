package org.mfgsync.purchasing;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A supplier commit's risk: its level, the policy rule that decided it, and why, in words for the trace. */
@RegisterForReflection
public record RiskClassification(Level level, String rule, String reason) {

    public enum Level {
        HIGH, LOW
    }

    public boolean high() {
        return level == Level.HIGH;
    }

    /** {@code HIGH by short-quantity: line 10 commits 300 EA of 1000 ordered (70% short, tolerance 10%)}. */
    public String detail() {
        return level + " by " + rule + ": " + reason;
    }
}
