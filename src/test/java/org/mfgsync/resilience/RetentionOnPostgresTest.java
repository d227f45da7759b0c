package org.mfgsync.resilience;

import java.sql.Connection;
import java.sql.Statement;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.mfgsync.testing.PostgresServer;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The retention purge's chunked deletes on a real PostgreSQL (the production state database), whose DELETE has no
 * row limit. Skipped where PostgreSQL is not installed (failed instead with -Dtests.postgres=required, as make
 * test-postgres does).
 */
class RetentionOnPostgresTest extends RetentionTest {

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
    @BeforeEach
    void freshDatabase() throws Exception {
        try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE CAMEL_MESSAGEPROCESSED, workflow_step, trace_key, mfgsync_exception CASCADE");
            s.execute("TRUNCATE audit_log, mfgsync_cluster_lease");
        }
        db = database;
    }
}
