package org.mfgsync.visibility.kpi;

import javax.sql.DataSource;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.mfgsync.testing.MigratedPostgres;

/**
 * The KPI and scorecard table access on a real PostgreSQL (the production state database) with the Flyway migrations.
 * Skipped where PostgreSQL is not installed (failed instead with -Dtests.postgres=required, as make test-postgres does).
 */
class KpiStateOnPostgresTest extends KpiStateContract {

    @RegisterExtension
    static final MigratedPostgres database = new MigratedPostgres();

    @Override
    DataSource dataSource() {
        return database;
    }
}
