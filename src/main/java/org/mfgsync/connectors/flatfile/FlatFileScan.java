package org.mfgsync.connectors.flatfile;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What a first, validating pass over a file found: how many business records, which are invalid (with line
 * numbers, the first {@value #MAX_LISTED} listed) and the groups (e.g. purchase orders) they belong to, which are
 * held back as a whole so that no partial group is published.
 */
@RegisterForReflection
public final class FlatFileScan {

    static final int MAX_LISTED = 1000;

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
}
