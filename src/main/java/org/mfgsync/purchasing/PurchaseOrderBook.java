package org.mfgsync.purchasing;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.mfgsync.canonical.EventEnvelope;
import org.mfgsync.canonical.PurchaseOrderChanged;

/**
 * The PO book in the state database (tables {@code purchase_order_book}, {@code purchase_order_book_line}): the latest
 * revision of each purchase order with its lines, its supplier, its plants and need dates, and the ERP instance that
 * owns it (the instance the event came from). Shared by every replica; an older revision never overwrites a newer one.
 */
@ApplicationScoped
public class PurchaseOrderBook {

    private final DataSource dataSource;

    @Inject
    public PurchaseOrderBook(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Books a PO revision unless the book already holds a newer one (same revision again: its lines are refreshed).
     * Returns the order as booked now.
     */
    public BookedOrder book(EventEnvelope<PurchaseOrderChanged> event) throws SQLException {
        PurchaseOrderChanged po = event.payload();
        int revision = po.revision() == null ? 0 : po.revision();
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                Optional<BookedOrder> booked = find(c, po.purchaseOrder(), true);
                if (booked.isEmpty() || booked.get().revision() <= revision) {
                    write(c, event, revision, booked.isPresent());
                }
                BookedOrder now = find(c, po.purchaseOrder(), false).orElseThrow();
                c.commit();
                return now;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    public Optional<BookedOrder> find(String purchaseOrder) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return find(c, purchaseOrder, false);
        }
    }

    /**
     * Records that {@code revision} reached the supplier; a lower revision recorded later (a late redelivery) does not
     * move it back.
     */
    public void markDelivered(String purchaseOrder, int revision) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement update = c.prepareStatement("UPDATE purchase_order_book SET delivered_revision = ? "
                        + "WHERE purchase_order = ? AND (delivered_revision IS NULL OR delivered_revision < ?)")) {
            update.setInt(1, revision);
            update.setString(2, purchaseOrder);
            update.setInt(3, revision);
            update.executeUpdate();
        }
    }

    private static void write(Connection c, EventEnvelope<PurchaseOrderChanged> event, int revision, boolean exists)
            throws SQLException {
        PurchaseOrderChanged po = event.payload();
        String sql = exists
                ? "UPDATE purchase_order_book SET supplier = ?, revision = ?, change_type = ?, order_date = ?, erp_instance = ?, "
                        + "plant = ?, correlation_id = ?, updated_at = ? WHERE purchase_order = ?"
                : "INSERT INTO purchase_order_book (supplier, revision, change_type, order_date, erp_instance, plant, "
                        + "correlation_id, updated_at, purchase_order) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (PreparedStatement header = c.prepareStatement(sql)) {
            header.setString(1, po.supplier());
            header.setInt(2, revision);
            header.setString(3, po.changeType().name());
            setDate(header, 4, po.orderDate());
            header.setString(5, event.source().instance());
            header.setString(6, event.plant());
            header.setString(7, event.correlationId());
            header.setTimestamp(8, Timestamp.from(Instant.now()));
            header.setString(9, po.purchaseOrder());
            header.executeUpdate();
        }
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM purchase_order_book_line WHERE purchase_order = ?")) {
            delete.setString(1, po.purchaseOrder());
            delete.executeUpdate();
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO purchase_order_book_line (purchase_order, po_line, "
                + "line_change, item, quantity, unit_of_measure, need_date, delivery_plant) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (PurchaseOrderChanged.Line line : po.lines()) {
                insert.setString(1, po.purchaseOrder());
                insert.setString(2, line.poLine());
                insert.setString(3, line.lineChange() == null ? null : line.lineChange().name());
                insert.setString(4, line.item());
                insert.setBigDecimal(5, line.quantity());
                insert.setString(6, line.unitOfMeasure());
                setDate(insert, 7, line.needDate());
                // a line without its own delivery plant is delivered to the order's plant
                insert.setString(8, line.deliveryPlant() != null ? line.deliveryPlant() : event.plant());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static Optional<BookedOrder> find(Connection c, String purchaseOrder, boolean forUpdate) throws SQLException {
        BookedOrder header;
        try (PreparedStatement select = c.prepareStatement("SELECT supplier, revision, change_type, order_date, erp_instance, "
                + "plant, delivered_revision FROM purchase_order_book WHERE purchase_order = ?" + (forUpdate ? " FOR UPDATE" : ""))) {
            select.setString(1, purchaseOrder);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                // wasNull speaks of the column read last: read it right after delivered_revision
                int deliveredColumn = row.getInt("delivered_revision");
                Integer delivered = row.wasNull() ? null : deliveredColumn;
                header = new BookedOrder(purchaseOrder, row.getString("supplier"), row.getInt("revision"),
                        row.getString("change_type"), toLocalDate(row.getDate("order_date")), row.getString("erp_instance"),
                        row.getString("plant"), delivered, Map.of());
            }
        }
        Map<String, BookedOrder.Line> lines = new LinkedHashMap<>();
        try (PreparedStatement select = c.prepareStatement("SELECT po_line, line_change, item, quantity, unit_of_measure, "
                + "need_date, delivery_plant FROM purchase_order_book_line WHERE purchase_order = ? ORDER BY po_line")) {
            select.setString(1, purchaseOrder);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    lines.put(row.getString("po_line"), new BookedOrder.Line(row.getString("po_line"),
                            row.getString("line_change"), row.getString("item"), row.getBigDecimal("quantity").stripTrailingZeros(),
                            row.getString("unit_of_measure"), toLocalDate(row.getDate("need_date")),
                            row.getString("delivery_plant")));
                }
            }
        }
        return Optional.of(new BookedOrder(header.purchaseOrder(), header.supplier(), header.revision(), header.changeType(),
                header.orderDate(), header.erpInstance(), header.plant(), header.deliveredRevision(),
                java.util.Collections.unmodifiableMap(lines)));
    }

    private static void setDate(PreparedStatement statement, int index, LocalDate date) throws SQLException {
        if (date == null) {
            statement.setNull(index, Types.DATE);
        } else {
            statement.setDate(index, Date.valueOf(date));
        }
    }

    private static LocalDate toLocalDate(Date date) {
        return date == null ? null : date.toLocalDate();
    }
}
