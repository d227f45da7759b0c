package org.mfgsync.connectors.staging;

import java.net.ServerSocket;
import java.sql.Connection;

import javax.sql.DataSource;

import io.agroal.api.AgroalDataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.mfgsync.testing.PostgresServer;

/**
 * The staging-table suite on a real PostgreSQL (the machine's own binaries): here a second poller really claims the
 * next rows past the locked ones. Skipped where PostgreSQL is not installed; {@code make test-postgres}
 * ({@code -Dtests.postgres=required}) fails instead.
 */
class StagingTablesOnPostgresTest extends StagingTablesContract {

    static PostgresServer postgres;
    static AgroalDataSource database;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = PostgresServer.start(PostgresServer.binariesOrSkip());
        database = AgroalDataSource.from(StagingDataSources.create(postgres.jdbcUrl(), postgres.user(), null, 8));
        try (Connection c = database.getConnection()) {
            ErpLegacyBRoutes.createTables(c);
            ErpLegacyBRoutes.createTables(c);
        }
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (database != null) {
            database.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Override
    DataSource database() {
        return database;
    }

    @Override
    String unreachableJdbcUrl() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "jdbc:postgresql://127.0.0.1:" + socket.getLocalPort() + "/postgres?connectTimeout=3";
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
