package org.mfgsync.purchasing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.mfgsync.partner.WorkflowData;

/** The supplier commit risk policy in force now ({@code mappings/policies/supplier-commit-risk.yaml}, hot-reloaded). */
@ApplicationScoped
public class RiskPolicies {

    static final String SUPPLIER_COMMIT_RISK = "policies/supplier-commit-risk";

    private final WorkflowData data;

    @Inject
    public RiskPolicies(WorkflowData data) {
        this.data = data;
    }

    public SupplierCommitRiskPolicy supplierCommitRisk() {
        return data.document(SUPPLIER_COMMIT_RISK, SupplierCommitRiskPolicy.class).orElseThrow(() -> new IllegalStateException(
                "no supplier commit risk policy is in force: mappings/" + SUPPLIER_COMMIT_RISK + ".yaml is missing or was rejected"));
    }
}
