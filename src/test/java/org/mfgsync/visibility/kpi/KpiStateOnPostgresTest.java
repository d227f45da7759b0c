package org.mfgsync.visibility.kpi;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.mfgsync.testing.PostgresServer;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The KPI and scorecard table access on a real PostgreSQL (the production state database) with the Flyway migrations.
 * Skipped where PostgreSQL is not installed (failed instead with -Dtests.postgres=required, as make test-postgres does).
 */
class KpiStateOnPostgresTest extends KpiStateContract {

    static PostgresServer postgres;
    static PGSimpleDataSource database;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = PostgresServer.start(PostgresServer.binariesOrSkip());
        database = new PGSimpleDataSource();
        database.setUrl(postgres.jdbcUrl());
        database.setUser(postgres.user());
        Flyway.configure().dataSource(database).locations("classpath:db/migration").load().migrate();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Override
    DataSource dataSource() {
        return database;
    }
}
