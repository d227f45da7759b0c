package org.mfgsync.canonical;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The system (kind) and instance an event came from, e.g. {@code qms} / {@code qms-cloud}. */
@RegisterForReflection
public record SourceSystem(String system, String instance) {
}
