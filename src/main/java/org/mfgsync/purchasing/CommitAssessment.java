package org.mfgsync.purchasing;

import java.util.List;

import org.mfgsync.backbone.BusinessRuleException;
import org.mfgsync.canonical.EventEnvelope;
import org.mfgsync.canonical.SupplierCommitChanged;
import org.mfgsync.purchasing.SupplierCommitChecks.CommittedLine;
import org.mfgsync.purchasing.SupplierCommitChecks.InspectionReschedule;

/**
 * What the supplier commit workflow decided for one commit: refused, with the business rule it breaks; or accepted,
 * with its plant (the event's, else the PO line's delivery plant), that plant's ERP instance, its risk by the policy
 * and the incoming inspections it moves.
 *
 * @param json    the commit as it came (the canonical envelope): what a batch carries
 * @param refusal the rule the commit breaks; null when it is accepted (then everything else is set)
 */
public record CommitAssessment(EventEnvelope<SupplierCommitChanged> event, String json, List<CommittedLine> lines,
        String plant, String erpInstance, RiskClassification risk, List<InspectionReschedule> reschedules,
        BusinessRuleException refusal) {

    static CommitAssessment refused(EventEnvelope<SupplierCommitChanged> event, String json, BusinessRuleException refusal) {
        return new CommitAssessment(event, json, List.of(), null, null, null, List.of(), refusal);
    }

    /** The risk level; null when the commit is refused. */
    public RiskClassification.Level level() {
        return refusal != null ? null : risk.level();
    }

    /** What the trace shows: the risk and why, or the rule the commit breaks. */
    public String detail() {
        return refusal != null ? refusal.errorClass() + ": " + refusal.getMessage() : risk.detail();
    }

    /** The commit's own idempotency key. */
    public String key() {
        return event.idempotencyKey();
    }
}
