package org.mfgsync.testing;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A throwaway PostgreSQL with the app's Flyway migrations for one test class, usable as its data source:
 * {@code @RegisterExtension static final MigratedPostgres database = new MigratedPostgres();}. Skipped where PostgreSQL
 * is not installed, failed instead under {@code -Dtests.postgres=required} (make test-postgres).
 */
public final class MigratedPostgres implements DataSource, BeforeAllCallback, AfterAllCallback {

    private PostgresServer server;
    private PGSimpleDataSource database;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server = PostgresServer.start(PostgresServer.binariesOrSkip());
        database = new PGSimpleDataSource();
        database.setUrl(server.jdbcUrl());
        database.setUser(server.user());
        Flyway.configure().dataSource(database).locations("classpath:db/migration").load().migrate();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        return database.getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return database.getConnection(username, password);
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return database.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        database.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        database.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return database.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return database.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return database.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return database.isWrapperFor(type);
    }
}
