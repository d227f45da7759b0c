package org.mfgsync.canonical;

import java.time.LocalDate;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Payload of the canonical {@code CorrectiveActionUpdated} event (schemas/json/v1/corrective-action-updated.schema.json). */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CorrectiveActionUpdated(
        String correctiveAction,
        String supplier,
        Status status,
        Status previousStatus,
        String containmentAction,
        String rootCause,
        String actionTaken,
        LocalDate dueDate,
        String comment,
        String updatedBy) {

    public enum Status {
        OPEN, ACKNOWLEDGED, CONTAINED, ROOT_CAUSE_IDENTIFIED, ACTION_IMPLEMENTED, VERIFIED, CLOSED, REJECTED
    }
}
