package org.mfgsync.canonical;

/** No schema of that name (or type) exists in that major version. */
public class UnknownSchemaException extends RuntimeException {

    public UnknownSchemaException(String name, String version) {
        super("No schema " + name + " in version " + version);
    }
}
