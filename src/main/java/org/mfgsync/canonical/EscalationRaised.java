package org.mfgsync.canonical;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Payload of the canonical {@code EscalationRaised} event (schemas/json/v1/escalation-raised.schema.json): a business
 * owner must act. Raised by a workflow on a business rule (a HIGH-risk supplier commit for procurement: {@code rule})
 * and by the dead-letter playbook "business escalation" ({@code exceptionId}, {@code step}, {@code errorClass}, ...).
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EscalationRaised(
        String workflow,
        String reason,
        Severity severity,
        String ownerRole,
        String ownerName,
        String ownerEmail,
        String rule,
        String exceptionId,
        String step,
        String target,
        String errorClass,
        String error,
        String failedEventId,
        String failedEventType) {

    public enum Severity {
        LOW, MEDIUM, HIGH, CRITICAL
    }
}
