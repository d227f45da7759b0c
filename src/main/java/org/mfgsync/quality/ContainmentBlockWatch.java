package org.mfgsync.quality;

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

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.mfgsync.resilience.StateStore;
import org.mfgsync.visibility.sla.SlaBreach;
import org.mfgsync.visibility.sla.SlaWatch;

/**
 * SLA watch: a lot's containment (table {@code quality_containment}) that is not blocked in its ERP within
 * {@code mfgsync.sla.containment-blocked.within} of being opened.
 * <p>
 * "Blocked in its ERP" is the trace step {@code erp-blocked} DONE on the containment's flow, which the ERP's delivery
 * route records once the ERP took the block; the row's own state turns BLOCKED already when the block is handed to the
 * ERP's delivery topic, so it says nothing about an ERP that is down. The table keeps no opening time of its own; the
 * earliest evidence stands for it: the flow's first trace step or the row's last change, whichever is earlier (while
 * the block is pending nothing but the block hand-over and the SCAR changes the row, seconds after the opening).
 */
@ApplicationScoped
public class ContainmentBlockWatch implements SlaWatch {

    static final String KIND = "containment-not-blocked";
    static final String EXPECTED_STEP = "erp-blocked";

    /** A containment not (yet) blocked in its ERP, as the state tables have it. */
    record Pending(String plant, String item, String lot, String supplier, String reference, String correlationId,
            OffsetDateTime openedAt) {
    }

    /** Where an open breach's containment stands now. */
    record Now(boolean blockedInErp, Optional<LotContainments.State> stateOfThisContainment) {
    }

    private final DataSource dataSource;
    private final ContainmentSlaConfig config;

    @Inject
    public ContainmentBlockWatch(DataSource dataSource, ContainmentSlaConfig config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String workflow() {
        return QualityContainment.WORKFLOW;
    }

    @Override
    public String expectedStep() {
        return EXPECTED_STEP;
    }

    @Override
    public List<Overdue> overdue(OffsetDateTime now, OffsetDateTime horizon) {
        List<Overdue> overdue = new ArrayList<>();
        for (Pending pending : pending(horizon)) {
            overdue(pending, config.within(), now).ifPresent(overdue::add);
        }
        return overdue;
    }

    /** The decision: a containment still not blocked in its ERP is overdue once its SLA has passed since it opened. */
    static Optional<Overdue> overdue(Pending pending, Duration within, OffsetDateTime now) {
        OffsetDateTime due = pending.openedAt().plus(within);
        if (!now.isAfter(due)) {
            return Optional.empty();
        }
        Map<String, String> keys = new LinkedHashMap<>();
        putIfPresent(keys, "supplier", pending.supplier());
        keys.put("item", pending.item());
        keys.put("lot", pending.lot());
        return Optional.of(new Overdue(subjectOf(pending.plant(), pending.item(), pending.lot(), pending.correlationId()), due,
                pending.correlationId(), pending.plant(), keys, "lot " + pending.lot() + " (item " + pending.item() + ", plant "
                        + pending.plant() + ", " + pending.reference() + ") contained at " + pending.openedAt()
                        + " is not blocked in its ERP after " + within));
    }

    @Override
    public Map<String, String> settled(List<SlaBreach> open, OffsetDateTime now) {
        Map<String, String> settled = new HashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement blocked = c.prepareStatement("SELECT COUNT(*) FROM workflow_step WHERE correlation_id = ? "
                        + "AND workflow = ? AND step = ? AND outcome = 'DONE'");
                PreparedStatement state = c.prepareStatement("SELECT state FROM quality_containment WHERE plant = ? "
                        + "AND item = ? AND lot = ? AND correlation_id = ?")) {
            for (SlaBreach breach : open) {
                blocked.setString(1, breach.correlationId());
                blocked.setString(2, QualityContainment.WORKFLOW);
                blocked.setString(3, EXPECTED_STEP);
                boolean blockedInErp;
                try (ResultSet rs = blocked.executeQuery()) {
                    rs.next();
                    blockedInErp = rs.getLong(1) > 0;
                }
                Map<String, String> keys = breach.businessKeys();
                state.setString(1, breach.plant());
                state.setString(2, keys.get("item"));
                state.setString(3, keys.get("lot"));
                state.setString(4, breach.correlationId());
                Optional<LotContainments.State> current;
                try (ResultSet rs = state.executeQuery()) {
                    current = rs.next() ? Optional.of(LotContainments.State.valueOf(rs.getString(1))) : Optional.empty();
                }
                settledReason(new Now(blockedInErp, current)).ifPresent(reason -> settled.put(breach.id(), reason));
            }
        } catch (SQLException e) {
            throw StateStore.failure("Could not re-check the containments of open SLA breaches", e);
        }
        return settled;
    }

    /**
     * The decision on an open breach: settled once the ERP took the block; also once this containment is over (released,
     * which needs the block, or replaced by a later containment of the lot, which needs a release first).
     */
    static Optional<String> settledReason(Now now) {
        if (now.blockedInErp()) {
            return Optional.of("blocked in the ERP");
        }
        if (now.stateOfThisContainment().isEmpty()) {
            return Optional.of("the containment was closed and the lot contained again since");
        }
        if (now.stateOfThisContainment().get() == LotContainments.State.RELEASED) {
            return Optional.of("the lot was released");
        }
        return Optional.empty();
    }

    /**
     * Containments changed since {@code horizon} whose block the ERP has not confirmed yet (by the index on
     * erp_blocked_at: the confirmed ones, nearly all, are not read) and whose flow has no erp-blocked step.
     */
    List<Pending> pending(OffsetDateTime horizon) {
        List<Pending> pending = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT q.plant, q.item, q.lot, q.supplier, "
                        + "q.opened_by_reference, q.correlation_id, q.updated_at, (SELECT MIN(s.recorded_at) FROM workflow_step s "
                        + "WHERE s.correlation_id = q.correlation_id) AS first_step_at FROM quality_containment q "
                        + "WHERE q.erp_blocked_at IS NULL AND q.state <> ? AND q.updated_at >= ? AND NOT EXISTS (SELECT 1 FROM workflow_step b "
                        + "WHERE b.correlation_id = q.correlation_id AND b.workflow = ? AND b.step = ? AND b.outcome = 'DONE')")) {
            select.setString(1, LotContainments.State.RELEASED.name());
            select.setTimestamp(2, Timestamp.from(horizon.toInstant()));
            select.setString(3, QualityContainment.WORKFLOW);
            select.setString(4, EXPECTED_STEP);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    OffsetDateTime updated = utc(rs.getTimestamp("updated_at"));
                    Timestamp firstStep = rs.getTimestamp("first_step_at");
                    OffsetDateTime opened = firstStep != null && utc(firstStep).isBefore(updated) ? utc(firstStep) : updated;
                    pending.add(new Pending(rs.getString("plant"), rs.getString("item"), rs.getString("lot"),
                            rs.getString("supplier"), rs.getString("opened_by_reference"), rs.getString("correlation_id"), opened));
                }
            }
        } catch (SQLException e) {
            throw StateStore.failure("Could not read the pending containments", e);
        }
        return pending;
    }

    /** One containment of one lot: a lot contained again later is another flow, so another subject. */
    static String subjectOf(String plant, String item, String lot, String correlationId) {
        return plant + ":" + item + ":" + lot + "@" + correlationId;
    }

    private static OffsetDateTime utc(Timestamp timestamp) {
        return timestamp.toInstant().atOffset(ZoneOffset.UTC);
    }

    private static void putIfPresent(Map<String, String> keys, String name, String value) {
        if (value != null && !value.isBlank()) {
            keys.put(name, value);
        }
    }
}
