package org.mfgsync.purchasing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * PO revisions staged while their supplier's channel is down (table {@code purchase_order_delivery_stage}): the PO
 * revision consumer moves on to other suppliers' POs, and the stage drains in order per supplier once the channel
 * takes deliveries again. A revision for a supplier with revisions already staged is staged behind them, so a
 * supplier never receives revisions out of order.
 */
@ApplicationScoped
public class DeliveryStage {

    /** One staged delivery. */
    public record Staged(long id, String supplier, String channel, String purchaseOrder, int revision, String idempotencyKey,
            String correlationId, String payload) {
    }

    private final DataSource dataSource;

    @Inject
    public DeliveryStage(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Stages a delivery; staging the same idempotency key again is a no-op (a redelivered event). */
    public void stage(Staged delivery, String error) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement exists = c.prepareStatement("SELECT 1 FROM purchase_order_delivery_stage WHERE idempotency_key = ?")) {
            exists.setString(1, delivery.idempotencyKey());
            try (ResultSet row = exists.executeQuery()) {
                if (row.next()) {
                    return;
                }
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO purchase_order_delivery_stage (supplier, channel, "
                    + "purchase_order, revision, idempotency_key, correlation_id, payload, last_error, staged_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, delivery.supplier());
                insert.setString(2, delivery.channel());
                insert.setString(3, delivery.purchaseOrder());
                insert.setInt(4, delivery.revision());
                insert.setString(5, delivery.idempotencyKey());
                insert.setString(6, delivery.correlationId());
                insert.setString(7, delivery.payload());
                insert.setString(8, error == null || error.length() <= 2000 ? error : error.substring(0, 2000));
                insert.setTimestamp(9, Timestamp.from(Instant.now()));
                insert.executeUpdate();
            }
        }
    }

    /** How many deliveries of the supplier are staged (0: its channel is not known to be down). */
    public int stagedFor(String supplier) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement count = c.prepareStatement("SELECT COUNT(*) FROM purchase_order_delivery_stage WHERE supplier = ?")) {
            count.setString(1, supplier);
            try (ResultSet row = count.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    /** Staged deliveries per channel, for the metric. */
    public int stagedOn(String channel) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement count = c.prepareStatement("SELECT COUNT(*) FROM purchase_order_delivery_stage WHERE channel = ?")) {
            count.setString(1, channel);
            try (ResultSet row = count.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        } catch (SQLException e) {
            return -1;
        }
    }

    /** The oldest staged delivery of each supplier that has one: the next to try. */
    public List<Staged> heads() throws SQLException {
        List<Staged> heads = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT id, supplier, channel, purchase_order, revision, "
                        + "idempotency_key, correlation_id, payload FROM purchase_order_delivery_stage s WHERE id = "
                        + "(SELECT MIN(id) FROM purchase_order_delivery_stage f WHERE f.supplier = s.supplier) ORDER BY id");
                ResultSet row = select.executeQuery()) {
            while (row.next()) {
                heads.add(new Staged(row.getLong(1), row.getString(2), row.getString(3), row.getString(4), row.getInt(5),
                        row.getString(6), row.getString(7), row.getString(8)));
            }
        }
        return heads;
    }

    public Optional<Staged> head(String supplier) throws SQLException {
        return heads().stream().filter(s -> s.supplier().equals(supplier)).findFirst();
    }

    public void remove(long id) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement delete = c.prepareStatement("DELETE FROM purchase_order_delivery_stage WHERE id = ?")) {
            delete.setLong(1, id);
            delete.executeUpdate();
        }
    }
}
