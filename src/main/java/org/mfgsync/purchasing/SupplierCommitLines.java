package org.mfgsync.purchasing;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.OffsetDateTime;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.ExchangeProperty;
import org.mfgsync.purchasing.SupplierCommitChecks.CommittedLine;
import org.mfgsync.resilience.StateStore;

/**
 * Keeps every line of every accepted supplier commit as it was assessed (table {@code supplier_commit_line}, V14): the
 * date committed against the PO line's need date at that moment, the commit's risk, when it was received. Supplier
 * scorecards and the supplier response time (org.mfgsync.visibility.kpi) read it by SQL. One row per commit
 * (idempotency key) and line, so a commit handled again (a retry, a replay) writes nothing new.
 */
@ApplicationScoped
@Named("supplierCommitLines")
public class SupplierCommitLines {

    private final DataSource dataSource;
    private final Clock clock;
    private volatile String insertSql;

    @Inject
    public SupplierCommitLines(DataSource dataSource) {
        this(dataSource, Clock.systemUTC());
    }

    public SupplierCommitLines(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** Route step after the commit was classified: its lines, once. A refused commit has none to keep. */
    public void record(@ExchangeProperty(SupplierCommits.COMMIT) CommitAssessment assessment) {
        if (assessment == null || assessment.refusal() != null || assessment.lines().isEmpty()) {
            return;
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        var event = assessment.event();
        try (Connection c = dataSource.getConnection()) {
            String sql = insertSql(c);
            boolean postgres = sql.endsWith("DO NOTHING");
            try (PreparedStatement insert = c.prepareStatement(sql)) {
                for (CommittedLine line : assessment.lines()) {
                    insert.setString(1, assessment.key());
                    insert.setString(2, line.poLine());
                    insert.setString(3, event.payload().supplier());
                    insert.setString(4, event.payload().purchaseOrder());
                    insert.setString(5, assessment.plant());
                    insert.setString(6, line.confirmationType() == null ? null : line.confirmationType().name());
                    setDate(insert, 7, line.committedDate());
                    setDate(insert, 8, line.ordered() == null ? null : line.ordered().needDate());
                    insert.setString(9, assessment.level().name());
                    insert.setString(10, event.correlationId());
                    insert.setObject(11, event.occurredAt());
                    insert.setObject(12, now);
                    if (!postgres) {
                        insert.setString(13, assessment.key());
                        insert.setString(14, line.poLine());
                    }
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        } catch (SQLException e) {
            throw StateStore.failure("Could not keep the lines of supplier commit " + assessment.key(), e);
        }
    }

    private String insertSql(Connection c) throws SQLException {
        if (insertSql == null) {
            String columns = "INSERT INTO supplier_commit_line (commit_key, po_line, supplier, purchase_order, plant, "
                    + "confirmation, committed_date, need_date, risk_level, correlation_id, occurred_at, received_at) ";
            // PostgreSQL skips a line another replica kept meanwhile; H2 (one instance) skips an existing one by NOT EXISTS
            insertSql = "PostgreSQL".equals(c.getMetaData().getDatabaseProductName())
                    ? columns + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"
                    : columns + "SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS "
                            + "(SELECT 1 FROM supplier_commit_line WHERE commit_key = ? AND po_line = ?)";
        }
        return insertSql;
    }

    private static void setDate(PreparedStatement statement, int index, java.time.LocalDate date) throws SQLException {
        if (date == null) {
            statement.setNull(index, Types.DATE);
        } else {
            statement.setDate(index, Date.valueOf(date));
        }
    }
}
