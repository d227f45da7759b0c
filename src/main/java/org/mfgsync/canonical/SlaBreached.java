package org.mfgsync.canonical;

import java.time.OffsetDateTime;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Payload of the canonical {@code SlaBreached} event (schemas/json/v1/sla-breached.schema.json): an expected next event
 * did not happen by its due time. Raised once per breach (kind + subject) by the SLA watchdog.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SlaBreached(
        String breachId,
        String kind,
        String workflow,
        String expectedStep,
        String subject,
        OffsetDateTime dueAt,
        String detail) {
}
