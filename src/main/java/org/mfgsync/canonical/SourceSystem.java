package org.mfgsync.canonical;

/** The system (kind) and instance an event came from, e.g. {@code qms} / {@code qms-cloud}. */
public record SourceSystem(String system, String instance) {
}
