package org.mfgsync.connectors.staging;

/**
 * A claimed document cannot become a canonical event (a value that does not parse, a missing mandatory column, an
 * unknown unit, a schema violation): expected bad input, marked as failed with this reason in the staging table.
 */
public class StagedDocumentRejectedException extends RuntimeException {

    private final String documentKey;

    public StagedDocumentRejectedException(String documentKey, String reason, Throwable cause) {
        super(reason, cause);
        this.documentKey = documentKey;
    }

    public String documentKey() {
        return documentKey;
    }

    public String reason() {
        return getMessage();
    }
}
