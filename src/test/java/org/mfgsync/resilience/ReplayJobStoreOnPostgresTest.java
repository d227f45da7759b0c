package org.mfgsync.resilience;

import javax.sql.DataSource;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.mfgsync.testing.MigratedPostgres;

/**
 * {@link ReplayJobStoreContract} on PostgreSQL, the production state store, after every migration. Skipped where the
 * machine has no PostgreSQL installed (failed instead with -Dtests.postgres=required, as make test-postgres runs it).
 */
class ReplayJobStoreOnPostgresTest extends ReplayJobStoreContract {

    @RegisterExtension
    static final MigratedPostgres dataSource = new MigratedPostgres();

    @Override
    DataSource dataSource() {
        return dataSource;
    }
}
