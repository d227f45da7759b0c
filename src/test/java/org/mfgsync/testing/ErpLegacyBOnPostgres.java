package org.mfgsync.testing;

import java.sql.Connection;
import java.sql.Statement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import javax.sql.DataSource;

import org.postgresql.ds.PGSimpleDataSource;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * erp-legacy-b's own database on a real PostgreSQL (the machine's binaries, free loopback port) for the route tests,
 * with the tables of dev/simulators/erp-legacy-b/staging-tables.sql. Fails to start where PostgreSQL is absent: the
 * tests using it run only where it is installed or required ({@link PostgresServer#shouldRun()}).
 */
public class ErpLegacyBOnPostgres implements QuarkusTestResourceLifecycleManager, StagingDatabase {

    private static PostgresServer postgres;

    @Override
    public Map<String, String> start() {
        try {
            postgres = PostgresServer.start(PostgresServer.installedBinaries().orElseThrow(
                    () -> new IllegalStateException("PostgreSQL is required for this test but not installed")));
            try (Connection c = dataSource().getConnection(); Statement statement = c.createStatement()) {
                // the DDL as one script: the driver sends it as it is, comments and all
                statement.execute(Files.readString(Path.of("dev/simulators/erp-legacy-b/staging-tables.sql")));
            }
        } catch (Exception e) {
            throw new IllegalStateException("PostgreSQL for erp-legacy-b did not start", e);
        }
        return StagingDatabase.config(postgres.jdbcUrl(), postgres.user());
    }

    @Override
    public void stop() {
        if (postgres != null) {
            try {
                postgres.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            postgres = null;
        }
    }

    @Override
    public DataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(postgres.jdbcUrl());
        dataSource.setUser(postgres.user());
        return dataSource;
    }

    @Override
    public void outage() throws Exception {
        postgres.stop();
    }

    @Override
    public void recover() throws Exception {
        postgres.startAgain();
    }
}
