package org.mfgsync.connectors.flatfile;

import java.util.Locale;

/** What a connector does with a file in which some records are invalid (set per connector instance). */
public enum RecordErrorPolicy {
    /** Nothing of the file is published; it goes to {@code .error/} with every invalid record listed. */
    REJECT_FILE,
    /** The valid groups are published; the invalid records, and the groups they belong to, are reported. */
    PASS_GOOD_RECORDS;

    /** {@code reject-file} / {@code pass-good-records}, as written in route files. */
    public static RecordErrorPolicy of(String name) {
        return valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
