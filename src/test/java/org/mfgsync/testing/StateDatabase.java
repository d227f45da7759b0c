package org.mfgsync.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.h2.jdbcx.JdbcDataSource;

/** A fresh in-memory H2 state database with all of the project's migrations applied, for repository tests. */
public final class StateDatabase {

    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");

    private StateDatabase() {
    }

    public static JdbcDataSource create() throws IOException, SQLException {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        try (Connection c = dataSource.getConnection(); Statement statement = c.createStatement()) {
            for (Path migration : migrations()) {
                StringBuilder withoutComments = new StringBuilder();
                for (String line : Files.readString(migration).split("\n")) {
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

    /** V1__..., V2__..., in version order (V10 after V9). */
    private static List<Path> migrations() throws IOException {
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            return files.filter(p -> p.getFileName().toString().matches("V\\d+__.*\\.sql"))
                    .sorted(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString().replaceAll("^V(\\d+)__.*", "$1"))))
                    .toList();
        }
    }
}
