package org.mfgsync.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.sql.SQLException;
import java.util.Map;

import org.h2.tools.Server;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * mfgsync's own state database for the end-to-end tests: an in-memory H2 behind an H2 TCP server on a free loopback
 * port, so a test can take the state database away mid-flow (the server stops, the data stays) and bring it back.
 * H2 has no exception sorter in the pool, so the pool validates a connection before handing it out: a connection
 * broken by the outage is replaced instead of failing again after the database is back (PostgreSQL's sorter does that
 * in production).
 */
public class StateDatabaseServer implements QuarkusTestResourceLifecycleManager {

    private static Server server;
    private static int port;

    @Override
    public Map<String, String> start() {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        startServer();
        return Map.of("quarkus.datasource.embedded.jdbc.url", "jdbc:h2:tcp://127.0.0.1:" + port + "/mem:mfgsync;DB_CLOSE_DELAY=-1",
                "quarkus.datasource.embedded.jdbc.validate-on-borrow", "true");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    /** The state database becomes unreachable: its server stops, its data stays in memory. */
    public static void outage() {
        server.stop();
    }

    /** Reachable again on the same address, with the same data. */
    public static void recover() {
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
