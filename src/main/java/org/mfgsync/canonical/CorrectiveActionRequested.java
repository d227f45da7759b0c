package org.mfgsync.canonical;

import java.time.LocalDate;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Payload of the canonical {@code CorrectiveActionRequested} event, a SCAR (schemas/json/v1/corrective-action-requested.schema.json). */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CorrectiveActionRequested(
        String correctiveAction,
        String supplier,
        List<String> nonconformances,
        String item,
        Priority priority,
        Method method,
        String problemDescription,
        LocalDate containmentDueDate,
        LocalDate responseDueDate,
        String requestedBy) {

    public enum Priority {
        HIGH, MEDIUM, LOW
    }

    public enum Method {
        EIGHT_D, FIVE_WHY, A3, OTHER
    }
}
