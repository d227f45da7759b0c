package org.mfgsync.visibility.sla;

import java.time.OffsetDateTime;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One expected-next-event SLA breach as stored (table {@code sla_breach}) and listed by the API. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SlaBreach(String id, String kind, String subject, String workflow, String expectedStep, Status status,
        String correlationId, String plant, Map<String, String> businessKeys, String detail, OffsetDateTime dueAt,
        OffsetDateTime raisedAt, String playbookDecision, OffsetDateTime publishedAt, OffsetDateTime clearedAt,
        String clearedReason) {

    /** OPEN until the late event arrives; then CLEARED, for good. */
    public enum Status {
        OPEN, CLEARED
    }
}
