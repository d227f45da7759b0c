package org.mfgsync.connectors.flatfile;

/**
 * Bounds on one inbound file of a connector instance ({@code mfgsync.connectors.endpoints.<id>.intake.max-file-size},
 * {@code max-line-length}, {@code max-records}), so that one huge file or one endless line cannot exhaust the heap or
 * the work folder and crash-loop the pod: a file beyond a bound is rejected with the bound named in its reason.
 */
public record FileLimits(long maxFileBytes, int maxLineLength, long maxRecords) {

    /** No bounds: for reading a file outside a connector instance (golden tests, benchmarks). */
    public static final FileLimits NONE = new FileLimits(Long.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE);

    public FileLimits {
        if (maxFileBytes <= 0 || maxLineLength <= 0 || maxRecords <= 0) {
            throw new IllegalArgumentException("File limits must be positive: max-file-size " + maxFileBytes
                    + ", max-line-length " + maxLineLength + ", max-records " + maxRecords);
        }
    }

    /** The reason of a file over {@link #maxFileBytes}. */
    public String fileTooLarge(long size) {
        return "The file is " + size + " bytes, over the limit max-file-size of " + maxFileBytes + " bytes";
    }

    String tooManyRecords() {
        return "The file holds more than " + maxRecords + " records, over the limit max-records of " + maxRecords;
    }

    static String lineTooLong(long line, int maxLineLength) {
        return "Line " + line + " is longer than the limit max-line-length of " + maxLineLength + " characters";
    }
}
