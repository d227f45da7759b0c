package org.mfgsync.resilience;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One exception record: a step that could not handle one business fact, with its business context. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExceptionRecord(
        String id,
        String workflow,
        String step,
        String target,
        String factKey,
        String correlationId,
        String eventId,
        String eventType,
        Map<String, String> businessKeys,
        String sourceTopic,
        String messageKey,
        String payload,
        String errorClass,
        String error,
        ResilienceConfig.Decision decision,
        Status status,
        String statusReason,
        int attempts,
        OffsetDateTime firstSeen,
        OffsetDateTime lastSeen,
        OffsetDateTime nextRetryAt,
        List<Attempt> history) {

    public enum Status {
        /** waiting for its playbook: a scheduled retry, an operator, or the business */
        OPEN,
        /** replayed; the outcome of the new attempt is not known yet */
        REPLAYING,
        /** a replay went through */
        RESOLVED,
        /** an operator decided it needs no further handling */
        DISCARDED
    }

    /** One entry in the record's history. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Attempt(String kind, OffsetDateTime at, String correlationId, String actor, String detail) {
    }

    /** Filter of the exception list; null fields do not filter. */
    @RegisterForReflection
    public record Filter(Status status, String workflow, String supplier, String purchaseOrder, String plant,
            String item, String lot) {
    }

    ExceptionRecord withHistory(List<Attempt> attempts) {
        return new ExceptionRecord(id, workflow, step, target, factKey, correlationId, eventId, eventType, businessKeys,
                sourceTopic, messageKey, payload, errorClass, error, decision, status, statusReason, this.attempts,
                firstSeen, lastSeen, nextRetryAt, attempts);
    }
}
