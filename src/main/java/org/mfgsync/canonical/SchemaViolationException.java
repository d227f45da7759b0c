package org.mfgsync.canonical;

import java.util.List;

/** A document does not match its schema; carries every violation, not only the first. */
public class SchemaViolationException extends RuntimeException {

    private final String schema;
    private final transient List<SchemaViolation> violations;

    public SchemaViolationException(String schema, List<SchemaViolation> violations) {
        super(violations.size() + " violation(s) of " + schema + "; first: " + violations.get(0));
        this.schema = schema;
        this.violations = List.copyOf(violations);
    }

    public String schema() {
        return schema;
    }

    public List<SchemaViolation> violations() {
        return violations;
    }
}
