package org.mfgsync.connectors.flatfile;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Attempts at inbound files that did not finish, in the state database (table {@code FILE_INTAKE_ATTEMPTS}, shared by
 * replicas, kept across restarts, so that a file that crashes the pod every time is counted too). An attempt is counted
 * when a file is claimed, before anything of it is published; it is taken back when the attempt failed only because a
 * target was down, and the row goes once the file is finished or quarantined.
 */
@ApplicationScoped
public class FileIntakeAttempts {

    /** The attempts so far at one file, and the last failure recorded. */
    public record Attempts(int count, String lastError) {
    }

    private final DataSource dataSource;
    private final Clock clock;

    @jakarta.inject.Inject
    public FileIntakeAttempts(DataSource dataSource) {
        this(dataSource, Clock.systemUTC());
    }

    FileIntakeAttempts(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** Counts one more attempt at the file and answers the attempts so far, this one included. */
    public Attempts begin(String key) {
        try (Connection c = dataSource.getConnection()) {
            for (int tries = 0; tries < 3; tries++) {
                try (PreparedStatement update = c.prepareStatement(
                        "UPDATE FILE_INTAKE_ATTEMPTS SET attempts = attempts + 1, updatedAt = ? WHERE intakeKey = ?")) {
                    update.setTimestamp(1, now());
                    update.setString(2, key);
                    if (update.executeUpdate() == 1) {
                        return find(c, key).orElseThrow();
                    }
                }
                try (PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO FILE_INTAKE_ATTEMPTS (intakeKey, attempts, updatedAt) VALUES (?, 1, ?)")) {
                    insert.setString(1, key);
                    insert.setTimestamp(2, now());
                    insert.executeUpdate();
                    return new Attempts(1, null);
                } catch (SQLException concurrentInsert) {
                    // another replica counted the same file at the same moment: count on top of its row
                    if (tries == 2) {
                        throw concurrentInsert;
                    }
                }
            }
            throw new IllegalStateException("unreachable");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not count an attempt at the file " + key, e);
        }
    }

    /** The attempt failed: what went wrong is kept for the quarantine's reason. */
    public void failed(String key, String error) {
        execute("UPDATE FILE_INTAKE_ATTEMPTS SET lastError = ?, updatedAt = ? WHERE intakeKey = ?",
                error == null ? null : error.length() > 1000 ? error.substring(0, 1000) : error, key);
    }

    /** The attempt failed because a target was down: it does not count. */
    public void notCounted(String key) {
        execute("UPDATE FILE_INTAKE_ATTEMPTS SET attempts = attempts - 1, updatedAt = ? WHERE intakeKey = ? AND attempts > 0",
                null, key);
    }

    /** The file is finished (published, a duplicate, or quarantined): its attempts are forgotten. */
    public void finished(String key) {
        execute("DELETE FROM FILE_INTAKE_ATTEMPTS WHERE intakeKey = ?", null, key);
    }

    public Optional<Attempts> find(String key) {
        try (Connection c = dataSource.getConnection()) {
            return find(c, key);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the attempts at the file " + key, e);
        }
    }

    private static Optional<Attempts> find(Connection c, String key) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "SELECT attempts, lastError FROM FILE_INTAKE_ATTEMPTS WHERE intakeKey = ?")) {
            select.setString(1, key);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(new Attempts(rs.getInt(1), rs.getString(2))) : Optional.empty();
            }
        }
    }

    private void execute(String sql, String text, String key) {
        try (Connection c = dataSource.getConnection(); PreparedStatement statement = c.prepareStatement(sql)) {
            int i = 1;
            if (sql.contains("lastError = ?")) {
                statement.setString(i++, text);
            }
            if (sql.contains("updatedAt = ?")) {
                statement.setTimestamp(i++, now());
            }
            statement.setString(i, key);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not record the attempt at the file " + key, e);
        }
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant());
    }
}
