package org.mfgsync.connectors.staging;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransientException;

import javax.sql.DataSource;

/**
 * Makes a staging database that cannot be reached look transient to {@code FailureClassifier}: drivers report a
 * refused or broken connection in their own ways (PostgreSQL: a plain SQLException with SQLState class 08; H2: a
 * SQLNonTransientConnectionException; the pool: a plain SQLException on acquisition timeout), so those are rethrown
 * as {@link SQLTransientConnectionException} (the caller holds the work and retries). Anything else — a constraint,
 * a value too long, bad SQL — stays as it is and is permanent.
 */
public final class StagingFailures {

    /** SQLState of a unique/primary key violation (SQL standard; PostgreSQL and H2 both use it). */
    static final String UNIQUE_VIOLATION = "23505";

    private StagingFailures() {
    }

    /**
     * A connection from the pool; any failure to get one means the database is unreachable (transient) — a wrong
     * password too, on purpose: the work is held until the configuration is fixed, not dead-lettered.
     */
    public static Connection connect(DataSource dataSource, String instance) throws SQLTransientConnectionException {
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            throw new SQLTransientConnectionException("The database of " + instance + " is unreachable: " + e.getMessage(),
                    e.getSQLState(), e.getErrorCode(), e);
        }
    }

    /** The failure as the caller should see it: connection trouble as transient, anything else unchanged. */
    public static SQLException classified(SQLException e, String instance) {
        if (isConnectionFailure(e)) {
            return new SQLTransientConnectionException("The database of " + instance + " failed: " + e.getMessage(),
                    e.getSQLState(), e.getErrorCode(), e);
        }
        return e;
    }

    static boolean isConnectionFailure(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException
                    || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    // 08: connection exception; 57P0x: PostgreSQL shut down / cannot connect now; 53: out of resources
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P")
                            || sql.getSQLState().startsWith("53"))) {
                return true;
            }
        }
        return false;
    }

    static boolean isUniqueViolation(SQLException e) {
        for (SQLException s = e; s != null; s = s.getNextException()) {
            if (UNIQUE_VIOLATION.equals(s.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
