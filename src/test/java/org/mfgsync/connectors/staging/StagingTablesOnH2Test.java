package org.mfgsync.connectors.staging;

import java.net.ServerSocket;
import java.sql.Connection;
import java.util.UUID;

import javax.sql.DataSource;

import io.agroal.api.AgroalDataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The staging-table suite on H2 (in memory, plain mode), the database of the dev stack and the route tests. */
class StagingTablesOnH2Test extends StagingTablesContract {

    static AgroalDataSource database;

    @BeforeAll
    static void createDatabase() throws Exception {
        database = AgroalDataSource.from(StagingDataSources.create(
                "jdbc:h2:mem:erp-legacy-b-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000", "sa", null, 8));
        try (Connection c = database.getConnection()) {
            ErpLegacyBRoutes.createTables(c);
            ErpLegacyBRoutes.createTables(c);
        }
    }

    @AfterAll
    static void closeDatabase() {
        database.close();
    }

    @Override
    DataSource database() {
        return database;
    }

    @Override
    String unreachableJdbcUrl() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "jdbc:h2:tcp://127.0.0.1:" + socket.getLocalPort() + "/mem:nothing";
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
