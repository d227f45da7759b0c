package org.mfgsync.resilience;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Leases in the state database for work that must run on one instance at a time (table
 * {@code mfgsync_cluster_lease}): an instance holds a job while its lease runs, renews it each time it runs the job, and
 * another instance takes it over only after it ran out. Taking is one conditional statement, so two replicas never
 * both hold a lease.
 */
@ApplicationScoped
public class ClusterLeases {

    private final DataSource dataSource;
    private final Clock clock;

    @Inject
    public ClusterLeases(DataSource dataSource) {
        this(dataSource, Clock.systemUTC());
    }

    ClusterLeases(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** This instance, as named in claims and leases. */
    public static String instance() {
        return LeasedIdempotentRepository.INSTANCE;
    }

    /** True when this instance holds (or now took, or renewed) the lease on {@code job} for {@code duration}. */
    public boolean tryHold(String job, Duration duration) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        OffsetDateTime until = now.plus(duration);
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement take = c.prepareStatement("UPDATE mfgsync_cluster_lease SET owner = ?, lease_until = ? "
                    + "WHERE name = ? AND (owner = ? OR lease_until < ?)")) {
                take.setString(1, instance());
                take.setObject(2, until);
                take.setString(3, job);
                take.setString(4, instance());
                take.setObject(5, now);
                if (take.executeUpdate() == 1) {
                    return true;
                }
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO mfgsync_cluster_lease (name, owner, lease_until) "
                    + "VALUES (?, ?, ?)")) {
                insert.setString(1, job);
                insert.setString(2, instance());
                insert.setObject(3, until);
                insert.executeUpdate();
                return true;
            } catch (SQLException e) {
                if (ExceptionStore.isUniqueViolation(e)) {
                    return false; // another instance holds it
                }
                throw e;
            }
        } catch (SQLException e) {
            throw StateStore.failure("Could not take the lease of " + job, e);
        }
    }
}
