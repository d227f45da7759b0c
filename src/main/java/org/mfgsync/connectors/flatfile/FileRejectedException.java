package org.mfgsync.connectors.flatfile;

import java.util.List;

/**
 * An input file that is refused as a whole, with a specific reason for the operator and, where records were at
 * fault, each faulty record with its line number. Expected bad input: logged as a warning, never with a stack trace.
 */
public class FileRejectedException extends RuntimeException {

    private final List<RecordError> details;

    public FileRejectedException(String reason) {
        this(reason, List.of());
    }

    public FileRejectedException(String reason, List<RecordError> details) {
        super(reason, null, false, false);
        this.details = List.copyOf(details);
    }

    public String reason() {
        return getMessage();
    }

    public List<RecordError> details() {
        return details;
    }
}
