package org.mfgsync.resilience;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.mfgsync.testing.StateDatabase;

/** {@link ReplayJobStoreContract} on H2, the state database of the default build. */
class ReplayJobStoreTest extends ReplayJobStoreContract {

    DataSource dataSource;

    @BeforeEach
    void freshDatabase() throws Exception {
        dataSource = StateDatabase.create();
    }

    @Override
    DataSource dataSource() {
        return dataSource;
    }
}
