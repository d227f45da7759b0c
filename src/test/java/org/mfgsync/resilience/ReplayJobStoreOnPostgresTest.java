package org.mfgsync.resilience;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.mfgsync.testing.PostgresServer;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * {@link ReplayJobStoreContract} on PostgreSQL, the production state store, after every migration. Skipped where the
 * machine has no PostgreSQL installed (failed instead with -Dtests.postgres=required, as make test-postgres runs it).
 */
class ReplayJobStoreOnPostgresTest extends ReplayJobStoreContract {

    static PostgresServer postgres;
    static PGSimpleDataSource dataSource;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = PostgresServer.start(PostgresServer.binariesOrSkip());
        dataSource = new PGSimpleDataSource();
        dataSource.setUrl(postgres.jdbcUrl());
        dataSource.setUser(postgres.user());
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Override
    DataSource dataSource() {
        return dataSource;
    }
}
