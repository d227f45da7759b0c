package org.mfgsync.resilience;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/**
 * Tells an outage of the state database (H2 or PostgreSQL) from a statement it refuses. An outage is transient
 * everywhere: consumers hold their record, APIs answer 503 with Retry-After; nothing is dead-lettered for it.
 */
public final class StateStore {

    private StateStore() {
    }

    /** True for a connection failure, a server shutting down, a serialization failure or a pool that timed out. */
    public static boolean isOutage(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StateStoreUnavailableException || t instanceof SQLTransientException
                    || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException sql && isOutageState(sql)) {
                return true;
            }
        }
        return false;
    }

    static boolean isOutageState(SQLException sql) {
        String state = sql.getSQLState();
        if (state != null) {
            // 08: connection exception; 57P0x: admin/crash shutdown, cannot connect now; 40001/40P01: serialization
            // failure or deadlock (retry the transaction); 53300: too many connections; HYT00/HYT01: timeouts;
            // H2 90067/90098/90121: connection broken (server unreachable) / database closed / closed by shutdown
            if (state.startsWith("08") || state.startsWith("57P0") || state.equals("40001") || state.equals("40P01")
                    || state.equals("53300") || state.startsWith("HYT0") || state.equals("90067") || state.equals("90098")
                    || state.equals("90121")) {
                return true;
            }
        }
        String message = sql.getMessage();
        // Agroal's pool: no connection became free within the acquisition timeout (no SQLState)
        return message != null && message.contains("acquisition timeout");
    }

    /** Wraps a failed statement: an outage as {@link StateStoreUnavailableException}, anything else as a bug. */
    public static RuntimeException failure(String what, SQLException e) {
        return isOutage(e) ? new StateStoreUnavailableException(what, e) : new IllegalStateException(what, e);
    }
}
