package org.mfgsync.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.h2.tools.Server;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * erp-legacy-b's own database for route tests: an in-memory H2 behind an H2 TCP server on a free loopback port (so
 * the ERP can "go down": the server stops, the data stays), with the tables of
 * dev/simulators/erp-legacy-b/staging-tables.sql. Separate from mfgsync's state database.
 */
public class ErpLegacyBDatabase implements QuarkusTestResourceLifecycleManager, StagingDatabase {

    private static Server server;
    private static int port;
    private static String url;

    @Override
    public Map<String, String> start() {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        url = "jdbc:h2:tcp://127.0.0.1:" + port + "/mem:erp-legacy-b;DB_CLOSE_DELAY=-1";
        startServer();
        try (Connection c = dataSource().getConnection()) {
            c.createStatement().execute("RUNSCRIPT FROM 'dev/simulators/erp-legacy-b/staging-tables.sql'");
        } catch (SQLException e) {
            throw new IllegalStateException("The erp-legacy-b tables could not be created", e);
        }
        return StagingDatabase.config(url, "sa");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    @Override
    public DataSource dataSource() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(url);
        dataSource.setUser("sa");
        return dataSource;
    }

    /** The ERP's database becomes unreachable (its server stops; the data stays in memory). */
    @Override
    public void outage() {
        server.stop();
    }

    /** Reachable again on the same address, with the same data. */
    @Override
    public void recover() {
        startServer();
    }

    private static void startServer() {
        try {
            server = Server.createTcpServer("-tcpPort", String.valueOf(port), "-ifNotExists").start();
        } catch (SQLException e) {
            throw new IllegalStateException("H2 TCP server did not start on port " + port, e);
        }
    }
}
