package org.mfgsync.partner;

/** A workflow data file under {@code mappings/} bound to a record: plant routing, a supplier profile, a policy. */
public interface WorkflowDataDocument {

    /** Checks the rules binding cannot express; throws IllegalArgumentException naming the offending entry. */
    void check();
}
