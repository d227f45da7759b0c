package org.mfgsync.quality;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.mfgsync.resilience.StateStore;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The containment state of each lot in the state database (table {@code quality_containment}, one row per plant +
 * item + lot): whether it is blocked, its SCAR, whether procurement was told, and its release. Each workflow step
 * records here that it happened, so a redelivered event does not repeat it.
 */
@ApplicationScoped
public class LotContainments {

    /** Lifecycle of a containment: opened (block not yet confirmed by the ERP), blocked, released. */
    public enum State {
        OPENED, BLOCKED, RELEASED
    }

    /** A lot's containment as stored. */
    @RegisterForReflection
    public record Row(String plant, String item, String lot, String supplier, BigDecimal quantity, String unitOfMeasure,
            State state, String openedByKey, String openedByReference, String lastBlockKey, String scarId,
            boolean scarPublished, boolean procurementNotified, String disposition, String releasedStatus,
            String releaseKey, String correlationId) {

        /** The same row once the QMS opened SCAR {@code id} for it (as {@link #scarOpened} stores it). */
        public Row withScar(String id) {
            return new Row(plant, item, lot, supplier, quantity, unitOfMeasure, state, openedByKey, openedByReference,
                    lastBlockKey, id, false, procurementNotified, disposition, releasedStatus, releaseKey, correlationId);
        }
    }

    /** The scale of the quantity column (V6: DECIMAL(19,6)). */
    private static final int QUANTITY_SCALE = 6;

    private static final String COLUMNS = "plant, item, lot, supplier, quantity, unit_of_measure, state, opened_by_key, "
            + "opened_by_reference, last_block_key, scar_id, scar_published_at, procurement_notified_at, disposition, "
            + "released_status, release_key, correlation_id";

    private final DataSource dataSource;

    @Inject
    public LotContainments(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Optional<Row> find(String plant, String item, String lot) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS
                        + " FROM quality_containment WHERE plant = ? AND item = ? AND lot = ?")) {
            select.setString(1, plant);
            select.setString(2, item);
            select.setString(3, lot);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(rowOf(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the containment of lot " + lot, e);
        }
    }

    /**
     * Opens the lot's containment for the decision {@code key}, or keeps the one in force: a lot not contained (or
     * released before) gets a fresh containment opened by this decision; a lot already contained stays as it is.
     * Returns the row in force afterwards: read back only when the lot was contained already, since a containment this
     * call opened is exactly what it wrote.
     */
    public Row open(Containment containment, String key, String correlationId, OffsetDateTime now) {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO quality_containment (plant, item, lot, supplier, "
                    + "quantity, unit_of_measure, state, opened_by_key, opened_by_reference, correlation_id, updated_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, containment.plant());
                insert.setString(2, containment.item());
                insert.setString(3, containment.lot());
                insert.setString(4, containment.supplier());
                insert.setBigDecimal(5, containment.quantity());
                insert.setString(6, containment.unitOfMeasure());
                insert.setString(7, State.OPENED.name());
                insert.setString(8, key);
                insert.setString(9, containment.reference());
                insert.setString(10, correlationId);
                insert.setObject(11, now);
                insert.executeUpdate();
                return opened(containment, key, correlationId);
            } catch (SQLException e) {
                if (!"23505".equals(e.getSQLState())) {
                    throw e;
                }
                // contained before: a released lot contained again starts a new containment, all steps to do again
                try (PreparedStatement reopen = c.prepareStatement("UPDATE quality_containment SET supplier = ?, quantity = ?, "
                        + "unit_of_measure = ?, state = ?, opened_by_key = ?, opened_by_reference = ?, last_block_key = NULL, "
                        + "blocked_at = NULL, erp_blocked_at = NULL, scar_id = NULL, scar_opened_at = NULL, scar_published_at = NULL, "
                        + "procurement_action = NULL, procurement_notified_at = NULL, disposition = NULL, released_status = NULL, "
                        + "release_key = NULL, released_at = NULL, correlation_id = ?, updated_at = ? "
                        + "WHERE plant = ? AND item = ? AND lot = ? AND state = ?")) {
                    reopen.setString(1, containment.supplier());
                    reopen.setBigDecimal(2, containment.quantity());
                    reopen.setString(3, containment.unitOfMeasure());
                    reopen.setString(4, State.OPENED.name());
                    reopen.setString(5, key);
                    reopen.setString(6, containment.reference());
                    reopen.setString(7, correlationId);
                    reopen.setObject(8, now);
                    reopen.setString(9, containment.plant());
                    reopen.setString(10, containment.item());
                    reopen.setString(11, containment.lot());
                    reopen.setString(12, State.RELEASED.name());
                    if (reopen.executeUpdate() == 1) {
                        return opened(containment, key, correlationId);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not open the containment of lot " + containment.lot(), e);
        }
        return find(containment.plant(), containment.item(), containment.lot()).orElseThrow();
    }

    /** The row of a containment just opened by decision {@code key}, as {@link #find} would read it. */
    private static Row opened(Containment containment, String key, String correlationId) {
        return new Row(containment.plant(), containment.item(), containment.lot(), containment.supplier(),
                plain(containment.quantity() == null ? null : containment.quantity().setScale(QUANTITY_SCALE, RoundingMode.HALF_UP)),
                containment.unitOfMeasure(), State.OPENED, key, containment.reference(), null, null, false, false, null, null,
                null, correlationId);
    }

    /** The ERP confirmed the block of decision {@code key}. */
    public void blocked(String plant, String item, String lot, String key, OffsetDateTime now) {
        update("UPDATE quality_containment SET state = CASE WHEN state = 'OPENED' THEN 'BLOCKED' ELSE state END, "
                + "last_block_key = ?, blocked_at = ?, updated_at = ? WHERE plant = ? AND item = ? AND lot = ?",
                plant, item, lot, key, now, now);
    }

    public void scarOpened(String plant, String item, String lot, String scarId, OffsetDateTime now) {
        update("UPDATE quality_containment SET scar_id = ?, scar_opened_at = ?, updated_at = ? "
                + "WHERE plant = ? AND item = ? AND lot = ?", plant, item, lot, scarId, now, now);
    }

    /**
     * What one pass of the containment published, recorded in one statement once its hand-overs are acknowledged: the
     * SCAR event ({@code scarPublished}) and/or the procurement notice ({@code procurementAction}, null when not told
     * in this pass). Nothing to record is no statement.
     */
    public void published(String plant, String item, String lot, boolean scarPublished, String procurementAction,
            OffsetDateTime now) {
        if (scarPublished && procurementAction != null) {
            update("UPDATE quality_containment SET scar_published_at = ?, procurement_action = ?, procurement_notified_at = ?, "
                    + "updated_at = ? WHERE plant = ? AND item = ? AND lot = ?", plant, item, lot, now, procurementAction, now, now);
        } else if (scarPublished) {
            update("UPDATE quality_containment SET scar_published_at = ?, updated_at = ? WHERE plant = ? AND item = ? AND lot = ?",
                    plant, item, lot, now, now);
        } else if (procurementAction != null) {
            update("UPDATE quality_containment SET procurement_action = ?, procurement_notified_at = ?, updated_at = ? "
                    + "WHERE plant = ? AND item = ? AND lot = ?", plant, item, lot, procurementAction, now, now);
        }
    }

    /** The ERP confirmed the release of a blocked lot; false when it was not blocked (any more). */
    public boolean released(String plant, String item, String lot, String disposition, String status, String key,
            OffsetDateTime now) {
        return update("UPDATE quality_containment SET state = 'RELEASED', disposition = ?, released_status = ?, release_key = ?, "
                + "released_at = ?, updated_at = ? WHERE plant = ? AND item = ? AND lot = ? AND state = 'BLOCKED'",
                plant, item, lot, disposition, status, key, now, now) == 1;
    }

    /**
     * The ERP confirmed the block of the containment of flow {@code correlationId} (its delivery took effect); a later
     * containment of the same lot (another flow) is left as it is. Answers whether the row was this flow's.
     */
    public boolean erpBlocked(String plant, String item, String lot, String correlationId, OffsetDateTime now) {
        try (Connection c = dataSource.getConnection(); PreparedStatement statement = c.prepareStatement("UPDATE "
                + "quality_containment SET erp_blocked_at = ? WHERE plant = ? AND item = ? AND lot = ? AND correlation_id = ? "
                + "AND erp_blocked_at IS NULL")) {
            statement.setObject(1, now);
            statement.setString(2, plant);
            statement.setString(3, item);
            statement.setString(4, lot);
            statement.setString(5, correlationId);
            return statement.executeUpdate() == 1;
        } catch (SQLException e) {
            throw StateStore.failure("Could not record the ERP's block of lot " + lot, e);
        }
    }

    /** Runs an UPDATE whose leading parameters are {@code values} and whose last three are plant, item, lot. */
    private int update(String sql, String plant, String item, String lot, Object... values) {
        try (Connection c = dataSource.getConnection(); PreparedStatement statement = c.prepareStatement(sql)) {
            int i = 1;
            for (Object value : values) {
                statement.setObject(i++, value);
            }
            statement.setString(i++, plant);
            statement.setString(i++, item);
            statement.setString(i, lot);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not update the containment of lot " + lot, e);
        }
    }

    /** 500.000000 as stored → 500, as the quantity came in (the column's scale is storage, not meaning). */
    static BigDecimal plain(BigDecimal stored) {
        if (stored == null) {
            return null;
        }
        BigDecimal stripped = stored.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    private static Row rowOf(ResultSet rs) throws SQLException {
        return new Row(rs.getString("plant"), rs.getString("item"), rs.getString("lot"), rs.getString("supplier"),
                plain(rs.getBigDecimal("quantity")), rs.getString("unit_of_measure"), State.valueOf(rs.getString("state")),
                rs.getString("opened_by_key"), rs.getString("opened_by_reference"), rs.getString("last_block_key"),
                rs.getString("scar_id"), rs.getObject("scar_published_at") != null,
                rs.getObject("procurement_notified_at") != null, rs.getString("disposition"),
                rs.getString("released_status"), rs.getString("release_key"), rs.getString("correlation_id"));
    }
}
