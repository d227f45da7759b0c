package org.mfgsync.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

import javax.sql.DataSource;

/** Writes PO exports into erp-legacy-b's staging tables as its ABAP export program would, and reads rows back. */
public final class ErpLegacyBRows {

    private ErpLegacyBRows() {
    }

    /** A PO export header (revision, supplier SUP-100, plant 2000, EUR) with items {EBELP, MATNR, MENGE, MEINS, EINDT}. */
    public static void export(DataSource db, String expnr, String po, String revision, String... items) throws SQLException {
        exportFor(db, "SUP-100", expnr, po, revision, items);
    }

    /** As {@link #export(DataSource, String, String, String, String...)}, for the supplier {@code supplier}. */
    public static void exportFor(DataSource db, String supplier, String expnr, String po, String revision, String... items)
            throws SQLException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement header = c.prepareStatement("INSERT INTO ZMFG_POHDR_OUT (EXPNR, EBELN, REVNO, AKTKZ, "
                    + "BSART, LIFNR, WERKS, BEDAT, WAERS) VALUES (?, ?, ?, ?, 'NB', ?, '2000', '20261125', 'EUR')")) {
                header.setString(1, expnr);
                header.setString(2, po);
                header.setString(3, revision);
                header.setString(4, "0".equals(revision) ? "I" : "U");
                header.setString(5, supplier);
                header.executeUpdate();
            }
            try (PreparedStatement item = c.prepareStatement("INSERT INTO ZMFG_POITM_OUT (EXPNR, EBELP, AKTKZ, MATNR, MENGE, "
                    + "MEINS, EINDT, NETPR, PEINH, WERKS) VALUES (?, ?, 'I', ?, ?, ?, ?, '12.50', '1', '2000')")) {
                for (String spec : items) {
                    String[] f = spec.split(";", -1);
                    item.setString(1, expnr);
                    item.setString(2, f[0]);
                    item.setString(3, f[1]);
                    item.setString(4, f[2]);
                    item.setString(5, f[3]);
                    item.setString(6, f[4]);
                    item.executeUpdate();
                }
            }
            c.commit();
        }
    }

    /**
     * Many POs at once, in one transaction as an export run writes them: for each PO number, export {@code EXP-<po>}
     * (revision 0, supplier {@code supplier}, plant 2000) with one item {@code item} (as for {@link #export}).
     */
    public static void exportAll(DataSource db, String supplier, List<String> purchaseOrders, String item) throws SQLException {
        String[] f = item.split(";", -1);
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement header = c.prepareStatement("INSERT INTO ZMFG_POHDR_OUT (EXPNR, EBELN, REVNO, AKTKZ, "
                    + "BSART, LIFNR, WERKS, BEDAT, WAERS) VALUES (?, ?, '0', 'I', 'NB', ?, '2000', '20261125', 'EUR')");
                    PreparedStatement items = c.prepareStatement("INSERT INTO ZMFG_POITM_OUT (EXPNR, EBELP, AKTKZ, MATNR, MENGE, "
                            + "MEINS, EINDT, NETPR, PEINH, WERKS) VALUES (?, ?, 'I', ?, ?, ?, ?, '12.50', '1', '2000')")) {
                for (String po : purchaseOrders) {
                    header.setString(1, "EXP-" + po);
                    header.setString(2, po);
                    header.setString(3, supplier);
                    header.addBatch();
                    items.setString(1, "EXP-" + po);
                    for (int i = 0; i < 5; i++) {
                        items.setString(i + 2, f[i]);
                    }
                    items.addBatch();
                }
                header.executeBatch();
                items.executeBatch();
            }
            c.commit();
        }
    }

    /** Every row of a query, column names upper case. */
    public static List<Map<String, Object>> rows(DataSource db, String sql, Object... parameters) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement query = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setObject(i + 1, parameters[i]);
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        Object value = rs.getObject(i);
                        row.put(rs.getMetaData().getColumnLabel(i).toUpperCase(Locale.ROOT),
                                value instanceof String s ? s.stripTrailing() : value);
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }

    public static Map<String, Object> header(DataSource db, String expnr) throws SQLException {
        List<Map<String, Object>> found = rows(db, "SELECT * FROM ZMFG_POHDR_OUT WHERE EXPNR = ?", expnr);
        if (found.size() != 1) {
            throw new IllegalStateException("no header " + expnr);
        }
        return found.get(0);
    }

    public static void execute(DataSource db, String sql) throws SQLException {
        try (Connection c = db.getConnection()) {
            c.createStatement().execute(sql);
        }
    }
}
