package org.mfgsync.quality;

import javax.sql.DataSource;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.mfgsync.testing.MigratedPostgres;

/**
 * The containment state store on a real PostgreSQL (the production state database) with the Flyway migrations.
 * Skipped where PostgreSQL is not installed (failed instead with -Dtests.postgres=required).
 */
class LotContainmentsOnPostgresTest extends LotContainmentsContract {

    @RegisterExtension
    static final MigratedPostgres database = new MigratedPostgres();

    @Override
    DataSource dataSource() {
        return database;
    }
}
