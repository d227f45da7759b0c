package org.mfgsync.resilience;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.h2.jdbcx.JdbcDataSource;

/** A fresh in-memory H2 state database with the project's migrations applied, for repository tests. */
final class StateDatabase {

    private StateDatabase() {
    }

    static JdbcDataSource create() throws IOException, SQLException {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        try (Connection c = dataSource.getConnection(); Statement statement = c.createStatement()) {
            for (String migration : new String[] { "V1__idempotency.sql", "V2__exceptions.sql" }) {
                String sql = Files.readString(Path.of("src/main/resources/db/migration", migration));
                StringBuilder withoutComments = new StringBuilder();
                for (String line : sql.split("\n")) {
                    if (!line.trim().startsWith("--")) {
                        withoutComments.append(line).append('\n');
                    }
                }
                for (String command : withoutComments.toString().split(";")) {
                    if (!command.isBlank()) {
                        statement.execute(command);
                    }
                }
            }
        }
        return dataSource;
    }
}
