package org.mfgsync.backbone;

/**
 * A workflow refuses a fact on a business rule (unknown plant, PO unknown to the ERP, supplier does not own the PO...):
 * retrying cannot help, so it goes to the exceptions at once with its reason and its error class, which exception
 * playbooks can name ({@code mfgsync.resilience.playbooks.<workflow>.errors.<errorClass>}).
 */
public class BusinessRuleException extends RuntimeException {

    private final String errorClass;

    public BusinessRuleException(String errorClass, String reason) {
        super(reason, null, false, false);
        this.errorClass = errorClass;
    }

    /** Kebab-case name of the rule, e.g. {@code unknown-plant}. */
    public String errorClass() {
        return errorClass;
    }
}
