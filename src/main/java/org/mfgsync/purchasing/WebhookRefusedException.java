package org.mfgsync.purchasing;

/** A webhook call refused before anything was accepted: answered with its HTTP status and a problem+json body. */
public class WebhookRefusedException extends RuntimeException {

    private final int status;
    private final String problem;

    public WebhookRefusedException(int status, String problem, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.problem = problem;
    }

    public int status() {
        return status;
    }

    /** Kebab-case problem type, e.g. {@code invalid-signature}. */
    public String problem() {
        return problem;
    }
}
