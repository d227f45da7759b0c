package org.mfgsync.resilience;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;

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
    private final String owner;

    @Inject
    public ClusterLeases(DataSource dataSource) {
        this(dataSource, Clock.systemUTC(), instance());
    }

    ClusterLeases(DataSource dataSource, Clock clock) {
        this(dataSource, clock, instance());
    }

    /** Leases held under {@code owner}: tests stand in for several instances with one database. */
    public ClusterLeases(DataSource dataSource, Clock clock, String owner) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.owner = owner;
    }

    /** The owner this instance's leases are held under. */
    public String owner() {
        return owner;
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
                take.setString(1, owner);
                take.setObject(2, until);
                take.setString(3, job);
                take.setString(4, owner);
                take.setObject(5, now);
                if (take.executeUpdate() == 1) {
                    return true;
                }
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO mfgsync_cluster_lease (name, owner, lease_until) "
                    + "VALUES (?, ?, ?)")) {
                insert.setString(1, job);
                insert.setString(2, owner);
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

    /** Gives the lease on {@code job} up when this instance holds it, so another instance takes it at its next try. */
    public void release(String job) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement release = c.prepareStatement("UPDATE mfgsync_cluster_lease SET lease_until = ? "
                        + "WHERE name = ? AND owner = ?")) {
            release.setObject(1, OffsetDateTime.now(clock).minusSeconds(1));
            release.setString(2, job);
            release.setString(3, owner);
            release.executeUpdate();
        } catch (SQLException e) {
            throw StateStore.failure("Could not release the lease of " + job, e);
        }
    }

    /** Who holds the lease on {@code job} now: its owner, or empty when nobody does (never taken, or run out). */
    public Optional<String> holder(String job) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT owner FROM mfgsync_cluster_lease "
                        + "WHERE name = ? AND lease_until >= ?")) {
            select.setString(1, job);
            select.setObject(2, OffsetDateTime.now(clock));
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw StateStore.failure("Could not read the lease of " + job, e);
        }
    }
}
