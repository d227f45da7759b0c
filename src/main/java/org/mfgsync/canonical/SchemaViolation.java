package org.mfgsync.canonical;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One way a document breaks its schema.
 *
 * @param path where, as a JSON path ({@code $.payload.lines[2].quantity})
 * @param rule the schema keyword that failed ({@code exclusiveMinimum}, {@code required}, {@code pattern}, ...)
 * @param message what is wrong, for people
 */
@RegisterForReflection
public record SchemaViolation(String path, String rule, String message) {

    @Override
    public String toString() {
        return path + ": " + message + " (" + rule + ")";
    }
}
