package org.mfgsync.purchasing;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.mfgsync.backbone.BusinessRuleException;
import org.mfgsync.partner.WorkflowData;

/** Supplier profiles as they are in force now ({@code mappings/suppliers/<SUPPLIER-ID>.yaml}, hot-reloaded). */
@ApplicationScoped
@Named("supplierProfiles")
public class SupplierProfiles {

    static final String FOLDER = "suppliers/";

    private final WorkflowData data;

    @Inject
    public SupplierProfiles(WorkflowData data) {
        this.data = data;
    }

    public Optional<SupplierProfile> find(String supplier) {
        if (supplier == null || !SupplierProfile.SUPPLIER_ID.matcher(supplier).matches()) {
            return Optional.empty();
        }
        return data.document(FOLDER + supplier, SupplierProfile.class);
    }

    /** The supplier's profile; a supplier without one is refused, so a PO never goes to a guessed channel. */
    public SupplierProfile require(String supplier) {
        SupplierProfile profile = find(supplier).orElseThrow(() -> new BusinessRuleException("unknown-supplier",
                "supplier " + supplier + " has no profile (mappings/" + FOLDER + supplier + ".yaml is missing or was "
                        + "rejected), so the channel to deliver on is not known"));
        if (!profile.supplier().equals(supplier)) {
            throw new BusinessRuleException("unknown-supplier", "mappings/" + FOLDER + supplier + ".yaml describes supplier "
                    + profile.supplier() + ", not " + supplier + ": the file name must be the supplier id");
        }
        return profile;
    }
}
