package org.mfgsync.resilience;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;
import org.jboss.logging.Logger;

/**
 * Idempotent-consumer repository in the state database (table CAMEL_MESSAGEPROCESSED, shared by replicas, kept
 * across restarts) whose claims survive a crash without losing the work:
 * <ul>
 * <li>{@code add} claims a key as PENDING with a lease; the primary key (step, key) lets exactly one replica win a
 * concurrent claim;</li>
 * <li>{@code confirm} marks it DONE: from then on it is a duplicate for ever;</li>
 * <li>{@code remove} (the step failed) deletes the claim, so a redelivery or a replay is handled again;</li>
 * <li>a PENDING claim whose lease ran out belongs to an instance that died mid-step (an orphaned lock): the next
 * delivery of that key takes it over instead of being dropped as a duplicate. Leases of keys in flight here are
 * renewed, so a long hold is not mistaken for a crash.</li>
 * </ul>
 */
public class LeasedIdempotentRepository extends ServiceSupport implements IdempotentRepository {

    static final String PENDING = "PENDING";
    static final String DONE = "DONE";
    private static final Logger LOG = Logger.getLogger("org.mfgsync.resilience");

    private final DataSource dataSource;
    private final String step;
    private final long leaseMillis;
    private final Clock clock;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService renewer;

    public LeasedIdempotentRepository(DataSource dataSource, String step, long leaseMillis, Clock clock) {
        this.dataSource = dataSource;
        this.step = step;
        this.leaseMillis = leaseMillis;
        this.clock = clock;
    }

    @Override
    public boolean add(String key) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO CAMEL_MESSAGEPROCESSED "
                    + "(processorName, messageId, createdAt, state, leaseUntil) VALUES (?, ?, ?, ?, ?)")) {
                insert.setString(1, step);
                insert.setString(2, key);
                insert.setObject(3, now);
                insert.setString(4, PENDING);
                insert.setObject(5, now.plusNanos(leaseMillis * 1_000_000));
                insert.executeUpdate();
                inFlight.add(key);
                return true;
            } catch (SQLException e) {
                if (!ExceptionStore.isUniqueViolation(e)) {
                    throw e;
                }
            }
            // claimed before: a duplicate, unless the claim is an orphan whose lease ran out
            try (PreparedStatement takeOver = c.prepareStatement("UPDATE CAMEL_MESSAGEPROCESSED SET createdAt = ?, "
                    + "leaseUntil = ? WHERE processorName = ? AND messageId = ? AND state = ? AND leaseUntil < ?")) {
                takeOver.setObject(1, now);
                takeOver.setObject(2, now.plusNanos(leaseMillis * 1_000_000));
                takeOver.setString(3, step);
                takeOver.setString(4, key);
                takeOver.setString(5, PENDING);
                takeOver.setObject(6, now);
                if (takeOver.executeUpdate() == 1) {
                    LOG.warnf("Took over an orphaned claim (an instance stopped mid-step) step=%s key=%s", step, key);
                    inFlight.add(key);
                    return true;
                }
                return false;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not claim " + key + " for step " + step, e);
        }
    }

    @Override
    public boolean contains(String key) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT COUNT(*) FROM CAMEL_MESSAGEPROCESSED WHERE "
                        + "processorName = ? AND messageId = ? AND (state = ? OR leaseUntil >= ?)")) {
            select.setString(1, step);
            select.setString(2, key);
            select.setString(3, DONE);
            select.setObject(4, OffsetDateTime.now(clock));
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getInt(1) > 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not look up " + key + " for step " + step, e);
        }
    }

    @Override
    public boolean remove(String key) {
        inFlight.remove(key);
        return update("DELETE FROM CAMEL_MESSAGEPROCESSED WHERE processorName = ? AND messageId = ?", key) == 1;
    }

    @Override
    public boolean confirm(String key) {
        inFlight.remove(key);
        try (Connection c = dataSource.getConnection();
                PreparedStatement update = c.prepareStatement("UPDATE CAMEL_MESSAGEPROCESSED SET state = ?, leaseUntil = NULL "
                        + "WHERE processorName = ? AND messageId = ?")) {
            update.setString(1, DONE);
            update.setString(2, step);
            update.setString(3, key);
            return update.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not confirm " + key + " for step " + step, e);
        }
    }

    @Override
    public void clear() {
        inFlight.clear();
        try (Connection c = dataSource.getConnection();
                PreparedStatement delete = c.prepareStatement("DELETE FROM CAMEL_MESSAGEPROCESSED WHERE processorName = ?")) {
            delete.setString(1, step);
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not clear step " + step, e);
        }
    }

    /** Extends the lease of every key this instance is still working on. */
    void renewLeases() {
        OffsetDateTime until = OffsetDateTime.now(clock).plusNanos(leaseMillis * 1_000_000);
        for (String key : inFlight) {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement update = c.prepareStatement("UPDATE CAMEL_MESSAGEPROCESSED SET leaseUntil = ? "
                            + "WHERE processorName = ? AND messageId = ? AND state = ?")) {
                update.setObject(1, until);
                update.setString(2, step);
                update.setString(3, key);
                update.setString(4, PENDING);
                update.executeUpdate();
            } catch (SQLException e) {
                LOG.warnf("Could not renew the claim step=%s key=%s: %s", step, key, e.getMessage());
            }
        }
    }

    private int update(String sql, String key) {
        try (Connection c = dataSource.getConnection(); PreparedStatement statement = c.prepareStatement(sql)) {
            statement.setString(1, step);
            statement.setString(2, key);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not update " + key + " for step " + step, e);
        }
    }

    @Override
    protected void doStart() {
        renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "idempotency-lease-" + step);
            thread.setDaemon(true);
            return thread;
        });
        long every = Math.max(1000, leaseMillis / 3);
        renewer.scheduleWithFixedDelay(this::renewLeases, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        if (renewer != null) {
            renewer.shutdownNow();
            renewer = null;
        }
    }
}
