package org.mfgsync.purchasing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.mfgsync.resilience.StateStore;
import org.mfgsync.visibility.sla.SlaBreach;
import org.mfgsync.visibility.sla.SlaWatch;

/**
 * SLA watch: a PO revision delivered to its supplier with no supplier commit within the supplier's expectation
 * ({@code commitExpectedWithinHours} in its profile, else {@code mfgsync.sla.supplier-commit.within}).
 * <p>
 * From the state the workflows already keep: the PO book (table {@code purchase_order_book}) names the revision last
 * delivered and the flow that delivered it; the trace has when ({@code supplier-delivered} DONE on that flow) and every
 * supplier commit flow by the PO it concerns ({@code trace_key} purchaseOrder → {@code supplier-commit} steps). A commit
 * counts whatever its validation said: the supplier answered. A cancelled PO expects no commit.
 */
@ApplicationScoped
public class SupplierCommitWatch implements SlaWatch {

    static final String KIND = "supplier-commit-missing";
    static final String WORKFLOW = "po-revision";
    static final String EXPECTED_STEP = "commit-received";
    /** A profile's commitExpectedWithinHours is at least one hour. */
    static final Duration SHORTEST_PROFILE_EXPECTATION = Duration.ofHours(1);

    /** A delivered revision as the state tables have it. */
    record Delivered(String purchaseOrder, int revision, String supplier, String plant, String correlationId,
            OffsetDateTime deliveredAt, OffsetDateTime lastCommitAt) {
    }

    private static final String DELIVERED_AT = "(SELECT MAX(d.recorded_at) FROM workflow_step d WHERE d.correlation_id = "
            + "b.correlation_id AND d.workflow = ? AND d.step = ? AND d.outcome = 'DONE')";
    private static final String LAST_COMMIT_AT = "(SELECT MAX(s.recorded_at) FROM trace_key k JOIN workflow_step s ON "
            + "s.correlation_id = k.correlation_id WHERE k.key_name = 'purchaseOrder' AND k.key_value = b.purchase_order "
            + "AND s.workflow = ?)";

    private final DataSource dataSource;
    private final SupplierCommitSlaConfig config;
    private final SupplierProfiles profiles;

    @Inject
    public SupplierCommitWatch(DataSource dataSource, SupplierCommitSlaConfig config, SupplierProfiles profiles) {
        this.dataSource = dataSource;
        this.config = config;
        this.profiles = profiles;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String workflow() {
        return WORKFLOW;
    }

    @Override
    public String expectedStep() {
        return EXPECTED_STEP;
    }

    @Override
    public List<Overdue> overdue(OffsetDateTime now, OffsetDateTime horizon) {
        List<Overdue> overdue = new ArrayList<>();
        // a revision is delivered after it was booked, and no supplier expects less than the shortest expectation: a
        // revision booked more recently cannot be late yet, so an MRP burst of fresh POs costs this round nothing
        Duration shortest = config.within().compareTo(SHORTEST_PROFILE_EXPECTATION) < 0 ? config.within()
                : SHORTEST_PROFILE_EXPECTATION;
        for (Delivered delivered : delivered("b.updated_at >= ? AND b.updated_at < ?", Timestamp.from(horizon.toInstant()),
                Timestamp.from(now.minus(shortest).toInstant()))) {
            overdue(delivered, this::expectation, now).ifPresent(overdue::add);
        }
        return overdue;
    }

    /** The supplier's expectation: its profile's hours, else the default. */
    Duration expectation(String supplier) {
        return profiles.find(supplier).map(SupplierProfile::commitExpectedWithinHours).map(Duration::ofHours)
                .orElse(config.within());
    }

    /** The decision: delivered, no commit since, and the supplier's expectation has passed. */
    static Optional<Overdue> overdue(Delivered delivered, Function<String, Duration> expectation, OffsetDateTime now) {
        if (delivered.deliveredAt() == null || committedSince(delivered)) {
            return Optional.empty();
        }
        Duration within = expectation.apply(delivered.supplier());
        OffsetDateTime due = delivered.deliveredAt().plus(within);
        if (!now.isAfter(due)) {
            return Optional.empty();
        }
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("purchaseOrder", delivered.purchaseOrder());
        keys.put("supplier", delivered.supplier());
        return Optional.of(new Overdue(subjectOf(delivered.purchaseOrder(), delivered.revision()), due,
                delivered.correlationId(), delivered.plant(), keys, "PO " + delivered.purchaseOrder() + " revision "
                        + delivered.revision() + " delivered to " + delivered.supplier() + " at " + delivered.deliveredAt()
                        + " has no supplier commit after " + within));
    }

    @Override
    public Map<String, String> settled(List<SlaBreach> open, OffsetDateTime now) {
        Map<String, String> settled = new HashMap<>();
        for (SlaBreach breach : open) {
            String purchaseOrder = breach.businessKeys().get("purchaseOrder");
            List<Delivered> current = delivered("b.purchase_order = ?", purchaseOrder);
            settledReason(breach.subject(), current.isEmpty() ? Optional.empty() : Optional.of(current.get(0)))
                    .ifPresent(reason -> settled.put(breach.id(), reason));
        }
        return settled;
    }

    /**
     * The decision on an open breach of {@code subject} (PO:revision): settled once a commit came after the delivery, or
     * once the PO moved on (a later revision delivered, cancelled, gone from the book), which expects its own commit.
     */
    static Optional<String> settledReason(String subject, Optional<Delivered> now) {
        if (now.isEmpty()) {
            return Optional.of("the PO is no longer in the PO book");
        }
        Delivered current = now.get();
        if (!subject.equals(subjectOf(current.purchaseOrder(), current.revision()))) {
            return Optional.of("superseded by revision " + current.revision());
        }
        if (committedSince(current)) {
            return Optional.of("supplier commit received at " + current.lastCommitAt());
        }
        return Optional.empty();
    }

    private static boolean committedSince(Delivered delivered) {
        return delivered.lastCommitAt() != null && delivered.deliveredAt() != null
                && !delivered.lastCommitAt().isBefore(delivered.deliveredAt());
    }

    /** Delivered, not cancelled revisions that are the PO's latest, matching {@code condition}. */
    List<Delivered> delivered(String condition, Object... values) {
        List<Delivered> found = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT b.purchase_order, b.revision, b.supplier, b.plant, "
                        + "b.correlation_id, " + DELIVERED_AT + " AS delivered_at, " + LAST_COMMIT_AT + " AS last_commit_at "
                        + "FROM purchase_order_book b WHERE b.delivered_revision = b.revision AND b.change_type <> 'CANCELLED' "
                        + "AND " + condition)) {
            select.setString(1, WORKFLOW);
            select.setString(2, "supplier-delivered");
            select.setString(3, SupplierCommits.WORKFLOW);
            for (int i = 0; i < values.length; i++) {
                select.setObject(4 + i, values[i]);
            }
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    found.add(new Delivered(rs.getString("purchase_order"), rs.getInt("revision"), rs.getString("supplier"),
                            rs.getString("plant"), rs.getString("correlation_id"), utc(rs.getTimestamp("delivered_at")),
                            utc(rs.getTimestamp("last_commit_at"))));
                }
            }
        } catch (SQLException e) {
            throw StateStore.failure("Could not read the delivered PO revisions", e);
        }
        return found;
    }

    /** One delivered revision of one PO: a later revision is another subject. */
    static String subjectOf(String purchaseOrder, int revision) {
        return purchaseOrder + ":" + revision;
    }

    private static OffsetDateTime utc(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant().atOffset(ZoneOffset.UTC);
    }
}
