package org.mfgsync.resilience;

import java.sql.SQLException;

/** The state database could not be reached or could not serve the statement now: transient, the work is held. */
public class StateStoreUnavailableException extends RuntimeException {

    public StateStoreUnavailableException(String what, SQLException cause) {
        super(what + ": the state database is unavailable (" + cause.getMessage() + ")", cause);
    }
}
