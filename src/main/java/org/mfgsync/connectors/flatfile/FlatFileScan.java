package org.mfgsync.connectors.flatfile;

import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What a first, validating pass over a file found: how many business records, which are invalid (with line
 * numbers, the first {@value #MAX_LISTED} listed) and the groups (e.g. purchase orders) they belong to, which are
 * held back as a whole so that no partial group is published. It keeps the valid records it read ({@link RecordSpool})
 * for the second pass.
 */
@RegisterForReflection
public final class FlatFileScan {

    static final int MAX_LISTED = 1000;

    /** Frees the records of a scan that no one took, once the scan is gone (a duplicate file, a failed route). */
    private static final Cleaner SPOOLS = Cleaner.create();

    /** The valid business records as this scan read them, for the first second pass that takes them; or none. */
    private final AtomicReference<RecordSpool> spool = new AtomicReference<>();

    private long records;
    private long invalidRecords;
    private boolean invalidWithoutKey;
    private final List<RecordError> listed = new ArrayList<>();
    private final Set<String> heldBackGroups = new HashSet<>();

    void countRecord() {
        records++;
    }

    void invalid(RecordReader.Invalid invalid) {
        records++;
        invalidRecords++;
        if (listed.size() < MAX_LISTED) {
            listed.add(invalid.error());
        }
        if (invalid.groupKey() == null || invalid.groupKey().isEmpty()) {
            invalidWithoutKey = true;
        } else if (heldBackGroups.size() < MAX_LISTED) {
            heldBackGroups.add(invalid.groupKey());
        } else {
            invalidWithoutKey = true;
        }
    }

    public long records() {
        return records;
    }

    public long invalidRecords() {
        return invalidRecords;
    }

    public List<RecordError> errors() {
        return List.copyOf(listed);
    }

    public Set<String> heldBackGroups() {
        return Set.copyOf(heldBackGroups);
    }

    /** True when an invalid record could not be tied to its group: the good records cannot be told apart safely. */
    public boolean hasInvalidWithoutGroup() {
        return invalidWithoutKey;
    }

    boolean isHeldBack(String groupKey) {
        return groupKey != null && heldBackGroups.contains(groupKey);
    }

    void keep(RecordSpool records) {
        spool.set(records);
        SPOOLS.register(this, new Discard(spool));
    }

    /** The kept records, once: a second pass that finds none reads the file again. */
    RecordSpool takeSpool() {
        return spool.getAndSet(null);
    }

    /** Frees the kept records if no second pass took them (e.g. when the file's exchange is done). */
    public void discardSpool() {
        new Discard(spool).run();
    }

    /** Refers to the spool only, not to the scan, so that the scan can become unreachable. */
    private record Discard(AtomicReference<RecordSpool> spool) implements Runnable {
        @Override
        public void run() {
            RecordSpool records = spool.getAndSet(null);
            if (records != null) {
                records.close();
            }
        }
    }
}
