package org.mfgsync.resilience;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.apache.camel.Exchange;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.ExchangeHelper;
import org.apache.camel.support.service.ServiceSupport;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import org.mfgsync.backbone.Ids;

/**
 * Idempotent-consumer claims in the state database (table CAMEL_MESSAGEPROCESSED, shared by replicas, kept across
 * restarts), keyed by step + key. The step is the route the claim is made in (one repository serves every route), or
 * a fixed name given at construction. A claim is three-valued:
 * <ul>
 * <li>new: {@code add} inserts it PENDING with an owner (this instance + a claim id) and a lease, and answers true;</li>
 * <li>in progress under another live claim: {@code add} throws {@link ClaimedElsewhereException} (transient), so the
 * caller comes back later instead of dropping the work as a duplicate;</li>
 * <li>done: {@code confirm} marked it DONE, and {@code add} answers false (a duplicate) for ever.</li>
 * </ul>
 * A PENDING claim whose lease ran out was left by an instance that stopped mid-step; the next attempt takes it over.
 * Confirm, release and lease renewal act only on the caller's own claim: a claim lost to a take-over (its lease ran out
 * while this instance still worked) is logged and counted ({@code mfgsync.claims.lost}), never overwritten.
 */
public class LeasedIdempotentRepository extends ServiceSupport implements IdempotentRepository {

    static final String PENDING = "PENDING";
    static final String DONE = "DONE";
    /** Exchange property: the claims this exchange holds, by key (the step and owner token of each). */
    static final String CLAIMS = "mfgsyncClaims";
    /**
     * Keys per look-up statement of a batch claim, padded up to one of these few sizes. Each distinct statement text
     * stays in the database's per-connection statement cache, and H2 walks every cached query's expression tree at the
     * first write of each transaction: one statement per batch size (up to 500 pairs) made every claim, containment
     * and trace write pay for walking thousands of IN-list nodes.
     */
    private static final int[] LOOKUP_SIZES = { 1, 4, 16, 64 };
    private static final Logger LOG = Logger.getLogger("org.mfgsync.resilience");
    /** This process: replicas and restarts of the same pod never share an owner. */
    static final String INSTANCE = instanceName() + "-" + Ids.randomId().substring(0, 8);

    record Claim(String step, String key, String owner) {
    }

    private final DataSource dataSource;
    private final String fixedStep;
    private final long leaseMillis;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Map<String, Claim> inFlight = new ConcurrentHashMap<>();
    private ScheduledExecutorService renewer;

    /** Claims of one fixed step, e.g. a connector's own file intake. */
    public LeasedIdempotentRepository(DataSource dataSource, String step, long leaseMillis, Clock clock) {
        this(dataSource, step, leaseMillis, clock, null);
    }

    /** @param step the fixed step name, or null: each claim's step is the route it is made in */
    public LeasedIdempotentRepository(DataSource dataSource, String step, long leaseMillis, Clock clock, MeterRegistry meters) {
        this.dataSource = dataSource;
        this.fixedStep = step;
        this.leaseMillis = leaseMillis;
        this.clock = clock;
        this.meters = meters;
    }

    // ---- the idempotent consumer's calls, with the exchange: the step is the route ------------------------------

    @Override
    public boolean add(Exchange exchange, String key) {
        String step = stepOf(exchange);
        Claim claim = claim(step, key);
        if (claim == null) {
            return false;
        }
        @SuppressWarnings("unchecked")
        Map<String, Claim> held = exchange.getProperty(CLAIMS, Map.class);
        if (held == null) {
            held = new HashMap<>();
            exchange.setProperty(CLAIMS, held);
        }
        held.put(key, claim);
        return true;
    }

    @Override
    public boolean contains(Exchange exchange, String key) {
        return contains(stepOf(exchange), key);
    }

    @Override
    public boolean confirm(Exchange exchange, String key) {
        Claim claim = heldBy(exchange, key);
        return claim != null && confirm(claim);
    }

    @Override
    public boolean remove(Exchange exchange, String key) {
        Claim claim = heldBy(exchange, key);
        return claim != null && release(claim);
    }

    // ---- without an exchange: the fixed step, and the claim this instance holds on the key ----------------------

    @Override
    public boolean add(String key) {
        return claim(requireFixedStep(), key) != null;
    }

    @Override
    public boolean contains(String key) {
        return contains(requireFixedStep(), key);
    }

    @Override
    public boolean confirm(String key) {
        Claim claim = inFlight.get(inFlightKey(requireFixedStep(), key));
        return claim != null && confirm(claim);
    }

    @Override
    public boolean remove(String key) {
        Claim claim = inFlight.get(inFlightKey(requireFixedStep(), key));
        return claim != null && release(claim);
    }

    @Override
    public void clear() {
        String step = requireFixedStep();
        inFlight.values().removeIf(c -> c.step().equals(step));
        try (Connection c = dataSource.getConnection();
                PreparedStatement delete = c.prepareStatement("DELETE FROM CAMEL_MESSAGEPROCESSED WHERE processorName = ?")) {
            delete.setString(1, step);
            delete.executeUpdate();
        } catch (SQLException e) {
            throw StateStore.failure("Could not clear step " + step, e);
        }
    }

    // ---- the claim itself ---------------------------------------------------------------------------------------

    /** The new claim, or null when the key is done (a duplicate, counted); throws while another live claim holds it. */
    Claim claim(String step, String key) {
        Claim claim = claimOrDuplicate(step, key);
        if (claim == null) {
            suppressed(step, 1); // on a connection of its own, once the claim's is back in the pool
        }
        return claim;
    }

    private Claim claimOrDuplicate(String step, String key) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        Claim claim = new Claim(step, key, INSTANCE + "/" + Ids.randomUuid());
        try (Connection c = dataSource.getConnection()) {
            // a claim released between our insert and our read is claimed again: at most a few rounds in a race
            for (int attempt = 0; attempt < 3; attempt++) {
                if (insert(c, claim, now)) {
                    inFlight.put(inFlightKey(step, key), claim);
                    return claim;
                }
                try (PreparedStatement select = c.prepareStatement("SELECT state, leaseUntil, owner FROM CAMEL_MESSAGEPROCESSED "
                        + "WHERE processorName = ? AND messageId = ?")) {
                    select.setString(1, step);
                    select.setString(2, key);
                    try (ResultSet rs = select.executeQuery()) {
                        if (!rs.next()) {
                            continue;
                        }
                        if (DONE.equals(rs.getString(1))) {
                            return null;
                        }
                        OffsetDateTime leaseUntil = rs.getObject(2, OffsetDateTime.class);
                        String holder = rs.getString(3);
                        if (leaseUntil != null && !leaseUntil.isBefore(now)) {
                            throw new ClaimedElsewhereException(step, key, holder, leaseUntil);
                        }
                        if (takeOver(c, claim, holder, now)) {
                            LOG.warnf("Took over an orphaned claim (its instance stopped mid-step) step=%s key=%s from=%s", step,
                                    key, holder);
                            inFlight.put(inFlightKey(step, key), claim);
                            return claim;
                        }
                    }
                }
            }
            throw new ClaimedElsewhereException(step, key, "unknown", null);
        } catch (SQLException e) {
            throw StateStore.failure("Could not claim " + key + " for step " + step, e);
        }
    }

    /** What a claim attempt found for one key of a batch. */
    record Outcome(Claim claim, ClaimedElsewhereException elsewhere) {
        static final Outcome DUPLICATE = new Outcome(null, null);

        boolean isNew() {
            return claim != null;
        }

        boolean isDuplicate() {
            return claim == null && elsewhere == null;
        }
    }

    /**
     * Claims every key of one poll for {@code step} in one transaction: one look-up of the keys already known, one
     * batched insert of the new ones. The answer has one outcome per key, in order: new (a claim this instance now
     * holds), duplicate (done before, or the same key earlier in this batch) or claimed elsewhere (a live claim of
     * another owner); null for a null key. A key that another instance inserted meanwhile, or a claim orphaned by a stopped instance, goes
     * through the one-key path, which knows those races.
     */
    List<Outcome> claimAll(String step, List<String> keys) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        Map<String, Outcome> byKey = new HashMap<>();
        List<Outcome> outcomes = new ArrayList<>(keys.size());
        try (Connection c = dataSource.getConnection()) {
            Map<String, Object[]> known = known(c, step, keys.stream().filter(Objects::nonNull).distinct().toList());
            List<Claim> fresh = new ArrayList<>();
            for (String key : keys) {
                if (key == null || byKey.containsKey(key)) {
                    continue;
                }
                Object[] row = known.get(key);
                Outcome outcome;
                if (row == null) {
                    Claim claim = new Claim(step, key, INSTANCE + "/" + Ids.randomUuid());
                    fresh.add(claim);
                    outcome = new Outcome(claim, null);
                } else if (DONE.equals(row[0])) {
                    outcome = Outcome.DUPLICATE;
                } else if (row[1] != null && !((OffsetDateTime) row[1]).isBefore(now)) {
                    outcome = new Outcome(null, new ClaimedElsewhereException(step, key, (String) row[2], (OffsetDateTime) row[1]));
                } else {
                    outcome = null; // orphaned: taken over through the one-key path below
                }
                byKey.put(key, outcome);
            }
            if (!insertAll(c, fresh, now)) {
                // another instance claimed one of them between our look-up and our insert: settle each key alone
                fresh.forEach(claim -> byKey.put(claim.key(), null));
            } else {
                fresh.forEach(claim -> inFlight.put(inFlightKey(step, claim.key()), claim));
            }
        } catch (SQLException e) {
            throw StateStore.failure("Could not claim a batch of " + keys.size() + " keys for step " + step, e);
        }
        Set<String> seen = new HashSet<>();
        int duplicates = 0;
        for (String key : keys) {
            if (key == null) {
                outcomes.add(null);
                continue;
            }
            if (!seen.add(key)) {
                outcomes.add(Outcome.DUPLICATE);
                duplicates++;
                continue;
            }
            Outcome outcome = byKey.get(key);
            if (outcome == Outcome.DUPLICATE) {
                duplicates++; // the one-key path below counts its own
            }
            if (outcome == null) {
                try {
                    Claim claim = claim(step, key);
                    outcome = claim == null ? Outcome.DUPLICATE : new Outcome(claim, null);
                } catch (ClaimedElsewhereException elsewhere) {
                    outcome = new Outcome(null, elsewhere);
                }
            }
            outcomes.add(outcome);
        }
        if (duplicates > 0) {
            suppressed(step, duplicates);
        }
        return outcomes;
    }

    /**
     * Counts duplicates this step suppressed (claims already done): the counter {@code mfgsync.duplicates.suppressed}
     * per step, and the step's hour in {@code duplicate_suppressed} (V14), which the KPI API sums over a period for all
     * replicas. A failure to count is logged and never fails the claim.
     */
    void suppressed(String step, int count) {
        if (meters != null) {
            meters.counter("mfgsync.duplicates.suppressed", "step", step).increment(count);
        }
        OffsetDateTime hour = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.HOURS);
        try (Connection c = dataSource.getConnection()) {
            // the step's hour exists (update) or not yet (insert); an insert that lost a race to another replica adds again
            for (int attempt = 0; attempt < 3; attempt++) {
                try (PreparedStatement update = c.prepareStatement("UPDATE duplicate_suppressed SET suppressed = suppressed + ? "
                        + "WHERE hour_start = ? AND step = ?")) {
                    update.setLong(1, count);
                    update.setObject(2, hour);
                    update.setString(3, step);
                    if (update.executeUpdate() > 0) {
                        return;
                    }
                }
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO duplicate_suppressed (step, hour_start, suppressed) "
                        + "VALUES (?, ?, ?)")) {
                    insert.setString(1, step);
                    insert.setObject(2, hour);
                    insert.setLong(3, count);
                    insert.executeUpdate();
                    return;
                } catch (SQLException e) {
                    if (!"23505".equals(e.getSQLState())) {
                        throw e;
                    }
                }
            }
        } catch (SQLException e) {
            LOG.warnf("Suppressed duplicates not counted in the state database step=%s count=%d: %s", step, count, e.getMessage());
        }
    }

    private Map<String, Object[]> known(Connection c, String step, List<String> keys) throws SQLException {
        Map<String, Object[]> known = new HashMap<>();
        int largest = LOOKUP_SIZES[LOOKUP_SIZES.length - 1];
        for (int from = 0; from < keys.size(); from += largest) {
            List<String> chunk = keys.subList(from, Math.min(keys.size(), from + largest));
            int size = lookupSize(chunk.size());
            // a row-value IN over the whole primary key: H2 looks each pair up in the index, whereas
            // "processorName = ? AND messageId IN (...)" makes it scan every claim of the step (cost grows with the table)
            String pairs = String.join(", ", Collections.nCopies(size, "(?, ?)"));
            try (PreparedStatement select = c.prepareStatement("SELECT messageId, state, leaseUntil, owner FROM "
                    + "CAMEL_MESSAGEPROCESSED WHERE (processorName, messageId) IN (" + pairs + ")")) {
                for (int i = 0; i < size; i++) {
                    // the padding repeats the chunk's last key: the same pair twice matches its row once
                    select.setString(2 * i + 1, step);
                    select.setString(2 * i + 2, chunk.get(Math.min(i, chunk.size() - 1)));
                }
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        known.put(rs.getString(1), new Object[] { rs.getString(2), rs.getObject(3, OffsetDateTime.class), rs.getString(4) });
                    }
                }
            }
        }
        return known;
    }

    /** The smallest look-up size that holds {@code keys} keys. */
    static int lookupSize(int keys) {
        for (int size : LOOKUP_SIZES) {
            if (keys <= size) {
                return size;
            }
        }
        throw new IllegalArgumentException(keys + " keys are more than one look-up takes");
    }

    /** One transaction for the batch's new claims; false (nothing inserted) when any of them exists meanwhile. */
    private boolean insertAll(Connection c, List<Claim> claims, OffsetDateTime now) throws SQLException {
        if (claims.isEmpty()) {
            return true;
        }
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO CAMEL_MESSAGEPROCESSED "
                + "(processorName, messageId, createdAt, state, leaseUntil, owner) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (Claim claim : claims) {
                insert.setString(1, claim.step());
                insert.setString(2, claim.key());
                insert.setObject(3, now);
                insert.setString(4, PENDING);
                insert.setObject(5, leaseFrom(now));
                insert.setString(6, claim.owner());
                insert.addBatch();
            }
            insert.executeBatch();
            c.commit();
            return true;
        } catch (SQLException e) {
            c.rollback();
            if (ExceptionStore.isUniqueViolation(e) || isBatchUniqueViolation(e)) {
                return false;
            }
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private static boolean isBatchUniqueViolation(SQLException e) {
        for (SQLException next = e.getNextException(); next != null; next = next.getNextException()) {
            if (ExceptionStore.isUniqueViolation(next)) {
                return true;
            }
        }
        return e.getCause() instanceof SQLException cause && ExceptionStore.isUniqueViolation(cause);
    }

    /** Confirms (DONE) the claims of one batch in one transaction; a claim lost to a take-over is logged and counted. */
    void confirmAll(List<Claim> claims) {
        claims.forEach(claim -> inFlight.remove(inFlightKey(claim.step(), claim.key()), claim));
        int[] updated = ownUpdateAll("UPDATE CAMEL_MESSAGEPROCESSED SET state = '" + DONE + "', leaseUntil = NULL "
                + "WHERE processorName = ? AND messageId = ? AND owner = ?", claims, "confirm");
        for (int i = 0; i < updated.length; i++) {
            if (updated[i] == 0) {
                lost(claims.get(i), "its effect happened, but another claim took the key over after this one's lease ran out");
            }
        }
    }

    /** Releases the claims of one batch that were not worked on, so the next attempt takes them. */
    void releaseAll(List<Claim> claims) {
        claims.forEach(claim -> inFlight.remove(inFlightKey(claim.step(), claim.key()), claim));
        ownUpdateAll("DELETE FROM CAMEL_MESSAGEPROCESSED WHERE processorName = ? AND messageId = ? AND owner = ? "
                + "AND state = '" + PENDING + "'", claims, "release");
    }

    private int[] ownUpdateAll(String sql, List<Claim> claims, String what) {
        if (claims.isEmpty()) {
            return new int[0];
        }
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement statement = c.prepareStatement(sql)) {
                for (Claim claim : claims) {
                    statement.setString(1, claim.step());
                    statement.setString(2, claim.key());
                    statement.setString(3, claim.owner());
                    statement.addBatch();
                }
                int[] counts = statement.executeBatch();
                c.commit();
                for (int i = 0; i < counts.length; i++) {
                    // a driver may answer "succeeded, count unknown" for a batched statement
                    counts[i] = counts[i] == Statement.SUCCESS_NO_INFO ? 1 : counts[i];
                }
                return counts;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw StateStore.failure("Could not " + what + " " + claims.size() + " claims of step " + claims.get(0).step(), e);
        }
    }

    private boolean insert(Connection c, Claim claim, OffsetDateTime now) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO CAMEL_MESSAGEPROCESSED "
                + "(processorName, messageId, createdAt, state, leaseUntil, owner) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, claim.step());
            insert.setString(2, claim.key());
            insert.setObject(3, now);
            insert.setString(4, PENDING);
            insert.setObject(5, leaseFrom(now));
            insert.setString(6, claim.owner());
            insert.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (ExceptionStore.isUniqueViolation(e)) {
                return false;
            }
            throw e;
        }
    }

    private boolean takeOver(Connection c, Claim claim, String holder, OffsetDateTime now) throws SQLException {
        try (PreparedStatement takeOver = c.prepareStatement("UPDATE CAMEL_MESSAGEPROCESSED SET createdAt = ?, leaseUntil = ?, "
                + "owner = ? WHERE processorName = ? AND messageId = ? AND state = ? AND leaseUntil < ? "
                + "AND (owner = ? OR (owner IS NULL AND ? IS NULL))")) {
            takeOver.setObject(1, now);
            takeOver.setObject(2, leaseFrom(now));
            takeOver.setString(3, claim.owner());
            takeOver.setString(4, claim.step());
            takeOver.setString(5, claim.key());
            takeOver.setString(6, PENDING);
            takeOver.setObject(7, now);
            takeOver.setString(8, holder);
            takeOver.setString(9, holder);
            return takeOver.executeUpdate() == 1;
        }
    }

    boolean contains(String step, String key) {
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
            throw StateStore.failure("Could not look up " + key + " for step " + step, e);
        }
    }

    boolean confirm(Claim claim) {
        inFlight.remove(inFlightKey(claim.step(), claim.key()), claim);
        int updated = ownUpdate("UPDATE CAMEL_MESSAGEPROCESSED SET state = '" + DONE + "', leaseUntil = NULL "
                + "WHERE processorName = ? AND messageId = ? AND owner = ?", claim, "confirm");
        if (updated == 0) {
            lost(claim, "its effect happened, but another claim took the key over after this one's lease ran out");
        }
        return updated == 1;
    }

    boolean release(Claim claim) {
        inFlight.remove(inFlightKey(claim.step(), claim.key()), claim);
        return ownUpdate("DELETE FROM CAMEL_MESSAGEPROCESSED WHERE processorName = ? AND messageId = ? AND owner = ? "
                + "AND state = '" + PENDING + "'", claim, "release") == 1;
    }

    /** Extends the lease of every claim this instance still works on; a claim taken over meanwhile is dropped. */
    void renewLeases() {
        for (Claim claim : inFlight.values()) {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement update = c.prepareStatement("UPDATE CAMEL_MESSAGEPROCESSED SET leaseUntil = ? "
                            + "WHERE processorName = ? AND messageId = ? AND owner = ? AND state = ?")) {
                update.setObject(1, leaseFrom(OffsetDateTime.now(clock)));
                update.setString(2, claim.step());
                update.setString(3, claim.key());
                update.setString(4, claim.owner());
                update.setString(5, PENDING);
                if (update.executeUpdate() == 0 && inFlight.remove(inFlightKey(claim.step(), claim.key()), claim)) {
                    lost(claim, "its lease could not be renewed: another claim holds the key now");
                }
            } catch (SQLException e) {
                LOG.warnf("Could not renew the claim step=%s key=%s: %s", claim.step(), claim.key(), e.getMessage());
            }
        }
    }

    private void lost(Claim claim, String why) {
        LOG.warnf("Lost the claim step=%s key=%s owner=%s: %s", claim.step(), claim.key(), claim.owner(), why);
        if (meters != null) {
            meters.counter("mfgsync.claims.lost", "step", claim.step()).increment();
        }
    }

    private int ownUpdate(String sql, Claim claim, String what) {
        try (Connection c = dataSource.getConnection(); PreparedStatement statement = c.prepareStatement(sql)) {
            statement.setString(1, claim.step());
            statement.setString(2, claim.key());
            statement.setString(3, claim.owner());
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw StateStore.failure("Could not " + what + " the claim " + claim.key() + " of step " + claim.step(), e);
        }
    }

    private Claim heldBy(Exchange exchange, String key) {
        @SuppressWarnings("unchecked")
        Map<String, Claim> held = exchange.getProperty(CLAIMS, Map.class);
        return held == null ? null : held.remove(key);
    }

    private String stepOf(Exchange exchange) {
        if (fixedStep != null) {
            return fixedStep;
        }
        String route = ExchangeHelper.getAtRouteId(exchange);
        if (route == null) {
            route = exchange.getFromRouteId();
        }
        if (route == null) {
            throw new IllegalStateException("a claim needs the route it is made in (or a fixed step)");
        }
        return route;
    }

    private String requireFixedStep() {
        if (fixedStep == null) {
            throw new IllegalStateException("this repository names each claim's step by its route: call it with the exchange");
        }
        return fixedStep;
    }

    private OffsetDateTime leaseFrom(OffsetDateTime now) {
        return now.plusNanos(leaseMillis * 1_000_000);
    }

    private static String inFlightKey(String step, String key) {
        return step + '\n' + key;
    }

    private static String instanceName() {
        String host = System.getenv("HOSTNAME");
        return host != null && !host.isBlank() ? host : "pid" + ProcessHandle.current().pid();
    }

    @Override
    protected void doStart() {
        startRenewing();
    }

    /** Starts renewing the leases of claims in flight (once; later calls do nothing). */
    public synchronized void startRenewing() {
        if (renewer != null) {
            return;
        }
        renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "idempotency-lease-" + (fixedStep != null ? fixedStep : "claims"));
            thread.setDaemon(true);
            return thread;
        });
        long every = Math.max(1000, leaseMillis / 3);
        renewer.scheduleWithFixedDelay(this::renewLeases, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Nothing: one repository serves many routes, and a route stopped by a reload stops its services; the leases of
     * the other routes' claims must still be renewed. The renewer is a daemon thread that ends with the application.
     */
    @Override
    protected void doStop() {
    }
}
