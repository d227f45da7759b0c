package org.mfgsync.purchasing;

import java.util.List;
import java.util.regex.Pattern;

import io.quarkus.runtime.annotations.RegisterForReflection;

import org.mfgsync.partner.WorkflowDataDocument;

/**
 * {@code mappings/suppliers/<SUPPLIER-ID>.yaml}: who a supplier is for the purchasing workflows — the channel its
 * purchase orders are delivered on ({@code direct:supplier.<channel>.purchase-orders}), the format it speaks, its
 * contacts, and the buyer who owns it (the owner of its escalations). The file name is the supplier id.
 * {@code commitExpectedWithinHours} (optional): the supplier's commit to a delivered PO revision is expected within this
 * many hours (SLA watchdog); without it {@code mfgsync.sla.supplier-commit.within} applies.
 */
@RegisterForReflection
public record SupplierProfile(String supplier, String name, String channel, String format, List<Contact> contacts,
        Contact procurementOwner, Integer commitExpectedWithinHours) implements WorkflowDataDocument {

    /** A year: a longer expectation is a typo, not an SLA. */
    static final int MAX_COMMIT_EXPECTED_WITHIN_HOURS = 8760;

    /** The canonical schemas' supplier id (common.schema.json#/$defs/supplierId). */
    static final Pattern SUPPLIER_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$");
    private static final Pattern INSTANCE_ID = Pattern.compile("^[a-z][a-z0-9-]{1,62}$");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    @RegisterForReflection
    public record Contact(String role, String name, String email) {
    }

    @Override
    public void check() {
        if (supplier == null || !SUPPLIER_ID.matcher(supplier).matches()) {
            throw new IllegalArgumentException("supplier: the supplier id is required, 1 to 20 letters, digits, '.', '_' or '-' "
                    + "(the id the ERPs use, e.g. SUP-ACME)");
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name: the supplier's name is required");
        }
        if (channel == null || !INSTANCE_ID.matcher(channel).matches()) {
            throw new IllegalArgumentException("channel: the supplier channel instance is required (lower case, digits and "
                    + "dashes, e.g. supplier-acme: purchase orders go to direct:supplier.<channel>.purchase-orders)");
        }
        if (format == null || format.isBlank()) {
            throw new IllegalArgumentException("format: the format the supplier exchanges documents in is required "
                    + "(e.g. supplier-standard-csv)");
        }
        if (procurementOwner == null) {
            throw new IllegalArgumentException("procurementOwner: the buyer who owns this supplier is required "
                    + "(escalations go to them)");
        }
        checkContact("procurementOwner", procurementOwner);
        if (commitExpectedWithinHours != null
                && (commitExpectedWithinHours < 1 || commitExpectedWithinHours > MAX_COMMIT_EXPECTED_WITHIN_HOURS)) {
            throw new IllegalArgumentException("commitExpectedWithinHours: hours from 1 to " + MAX_COMMIT_EXPECTED_WITHIN_HOURS
                    + " within which the supplier commits to a delivered PO revision (omit it for the default, "
                    + "mfgsync.sla.supplier-commit.within)");
        }
        if (contacts != null) {
            for (int i = 0; i < contacts.size(); i++) {
                checkContact("contacts[" + i + "]", contacts.get(i));
            }
        }
    }

    private static void checkContact(String at, Contact contact) {
        if (contact == null || contact.name() == null || contact.name().isBlank()) {
            throw new IllegalArgumentException(at + ".name: a contact needs a name");
        }
        if (contact.email() != null && !EMAIL.matcher(contact.email()).matches()) {
            throw new IllegalArgumentException(at + ".email: '" + contact.email() + "' is not an e-mail address");
        }
    }
}
