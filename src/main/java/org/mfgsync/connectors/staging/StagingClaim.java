package org.mfgsync.connectors.staging;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

/**
 * A batch of export documents claimed in ONE transaction on the staging database. The claim query locks the header
 * rows it returns ({@code SELECT ... FOR UPDATE SKIP LOCKED}), so a concurrent poller of another replica skips them
 * instead of taking them too; each document is marked published (or failed, with its reason) in the same
 * transaction after its event was published, and the transaction commits only after the whole batch. A crash before
 * the commit releases the locks and leaves the rows new: they are published again, with the same deterministic
 * idempotency key, never lost.
 *
 * <p>PostgreSQL locks only the rows it returns, so a second poller gets the next ones. H2 2.4 accepts
 * {@code FOR UPDATE SKIP LOCKED} too, but with {@code ORDER BY} it locks every candidate row before the limit applies:
 * a second poller gets nothing until the first commits — never a double claim, only no parallel claiming (H2 is for
 * the dev stack and tests).
 */
public final class StagingClaim implements AutoCloseable {

    /** What the instance's route parameters say about its export tables. */
    public record Queries(String claim, String items, String keyColumn, String markPublished, String markFailed) {
    }

    private final String instance;
    private final Connection connection;
    private final Queries queries;
    private final List<StagedDocument> documents;
    private int published;
    private int failed;
    private boolean finished;

    private StagingClaim(String instance, Connection connection, Queries queries, List<StagedDocument> documents) {
        this.instance = instance;
        this.connection = connection;
        this.queries = queries;
        this.documents = documents;
    }

    /** Opens a transaction and claims up to {@code batchSize} documents (header rows + their items). */
    public static StagingClaim open(String instance, DataSource dataSource, Queries queries, int batchSize)
            throws SQLException {
        Connection connection = StagingFailures.connect(dataSource, instance);
        try {
            connection.setAutoCommit(false);
            List<StagedDocument> documents = new ArrayList<>();
            try (PreparedStatement claim = NamedStatement.parse(queries.claim()).prepare(connection,
                    Map.of("batchSize", batchSize)); ResultSet rs = claim.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> header = StagedDocument.row(rs);
                    Object key = header.get(queries.keyColumn().toUpperCase(java.util.Locale.ROOT));
                    if (key == null) {
                        throw new IllegalStateException("The claim query of " + instance + " returned no key column "
                                + queries.keyColumn());
                    }
                    documents.add(new StagedDocument(key.toString(), header, List.of()));
                }
            }
            NamedStatement items = NamedStatement.parse(queries.items());
            List<StagedDocument> complete = new ArrayList<>(documents.size());
            for (StagedDocument document : documents) {
                List<Map<String, Object>> rows = new ArrayList<>();
                try (PreparedStatement select = items.prepare(connection, Map.of("key", document.key()));
                        ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        rows.add(StagedDocument.row(rs));
                    }
                }
                complete.add(new StagedDocument(document.key(), document.header(), Collections.unmodifiableList(rows)));
            }
            return new StagingClaim(instance, connection, queries, Collections.unmodifiableList(complete));
        } catch (SQLException e) {
            rollbackQuietly(connection);
            closeQuietly(connection);
            throw StagingFailures.classified(e, instance);
        } catch (RuntimeException e) {
            rollbackQuietly(connection);
            closeQuietly(connection);
            throw e;
        }
    }

    public List<StagedDocument> documents() {
        return documents;
    }

    public void markPublished(String key, String correlationId) throws SQLException {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("key", key);
        values.put("correlationId", correlationId);
        update(queries.markPublished(), values, key);
        published++;
    }

    public void markFailed(String key, String reason, String correlationId) throws SQLException {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("key", key);
        values.put("reason", reason.length() > 255 ? reason.substring(0, 254) + "…" : reason);
        values.put("correlationId", correlationId);
        update(queries.markFailed(), values, key);
        failed++;
    }

    private void update(String statement, Map<String, Object> values, String key) throws SQLException {
        try (PreparedStatement update = NamedStatement.parse(statement).prepare(connection, values)) {
            if (update.executeUpdate() != 1) {
                throw new IllegalStateException("Marking document " + key + " of " + instance + " changed no row");
            }
        } catch (SQLException e) {
            throw StagingFailures.classified(e, instance);
        }
    }

    /** Makes the claim's marks durable; the rows are released to the ERP in their new state. */
    public void commit() throws SQLException {
        try {
            connection.commit();
            finished = true;
        } catch (SQLException e) {
            throw StagingFailures.classified(e, instance);
        }
    }

    public int published() {
        return published;
    }

    public int failed() {
        return failed;
    }

    /** Rolls back what was not committed (the rows stay new and are taken again) and returns the connection. */
    @Override
    public void close() {
        if (!finished) {
            rollbackQuietly(connection);
            finished = true;
        }
        closeQuietly(connection);
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is broken: the database rolls the transaction back itself
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // nothing left to release
        }
    }
}
