package org.mfgsync.connectors.staging;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

/**
 * Writes the rows of one outbound call into an import staging table in ONE transaction, exactly once per key: the
 * table's unique constraint on the key refuses a second insert, which is then recognised (the key is there) and
 * reported as a duplicate instead of an error. Concurrent calls with the same key serialise on the constraint.
 */
public final class StagingInserts {

    public enum Outcome {
        WRITTEN, DUPLICATE
    }

    private StagingInserts() {
    }

    /**
     * @param insert statement with {@code :#COLUMN} parameters, bound from each row
     * @param exists query with the parameter {@code :#key} that returns a row when the key was written before
     */
    public static Outcome write(String instance, DataSource dataSource, String insert, String exists, String key,
            List<Map<String, Object>> rows) throws SQLException {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("The mapping gave no rows to write for key " + key);
        }
        NamedStatement statement = NamedStatement.parse(insert);
        try (Connection connection = StagingFailures.connect(dataSource, instance)) {
            try {
                connection.setAutoCommit(false);
                try (PreparedStatement prepared = connection.prepareStatement(statement.toString())) {
                    for (Map<String, Object> row : rows) {
                        for (int i = 0; i < statement.names().size(); i++) {
                            String name = statement.names().get(i);
                            if (!row.containsKey(name)) {
                                throw new IllegalArgumentException("The mapping gave no column " + name + " (row " + row.keySet() + ")");
                            }
                            prepared.setObject(i + 1, row.get(name));
                        }
                        prepared.addBatch();
                    }
                    prepared.executeBatch();
                }
                connection.commit();
                return Outcome.WRITTEN;
            } catch (SQLException e) {
                rollback(connection);
                if (StagingFailures.isUniqueViolation(e) && written(connection, exists, key)) {
                    return Outcome.DUPLICATE;
                }
                throw StagingFailures.classified(e, instance);
            } catch (RuntimeException e) {
                rollback(connection);
                throw e;
            }
        } catch (SQLException e) {
            throw StagingFailures.classified(e, instance);
        }
    }

    private static boolean written(Connection connection, String exists, String key) throws SQLException {
        try (PreparedStatement query = NamedStatement.parse(exists).prepare(connection, Map.of("key", key));
                ResultSet rs = query.executeQuery()) {
            boolean found = rs.next();
            connection.rollback();
            return found;
        }
    }

    private static void rollback(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // a broken connection: the database discards the transaction itself
        }
    }
}
