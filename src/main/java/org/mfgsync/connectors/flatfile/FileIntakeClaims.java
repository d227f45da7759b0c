package org.mfgsync.connectors.flatfile;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;

import javax.sql.DataSource;

import org.mfgsync.resilience.LeasedIdempotentRepository;

/**
 * Files taken in, by instance, name and SHA-256 (step {@code connectors.file-intake}): claimed PENDING with a lease
 * when a file is taken, DONE once every event of it is published, released when it fails. An instance that dies in
 * the middle of a file leaves a PENDING claim whose lease runs out, after which the file is taken again from its
 * start — its events are published again (at least once; consumers drop them by idempotency key), never lost.
 */
public class FileIntakeClaims extends LeasedIdempotentRepository {

    static final String STEP = "connectors.file-intake";

    private final DataSource dataSource;

    public FileIntakeClaims(DataSource dataSource, long leaseMillis, Clock clock) {
        super(dataSource, STEP, leaseMillis, clock);
        this.dataSource = dataSource;
    }

    /** True when a file with this key was processed to its end; false when it is only claimed (in progress or orphaned). */
    public boolean done(String key) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT COUNT(*) FROM CAMEL_MESSAGEPROCESSED WHERE "
                        + "processorName = ? AND messageId = ? AND state = 'DONE'")) {
            select.setString(1, STEP);
            select.setString(2, key);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getInt(1) > 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not look up the file intake claim " + key, e);
        }
    }
}
