package org.mfgsync.connectors.flatfile;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One faulty record: the line it starts on (1 = first line of the file) and what is wrong with it. */
@RegisterForReflection
public record RecordError(long line, String message) {

    @Override
    public String toString() {
        return "line " + line + ": " + message;
    }
}
