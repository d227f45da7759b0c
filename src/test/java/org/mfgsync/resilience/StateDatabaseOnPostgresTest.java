package org.mfgsync.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mfgsync.testing.MigratedPostgres;

/**
 * The production state store: the same Flyway migrations run on a real PostgreSQL, the idempotency
 * repositories of two replicas sharing it let exactly one of them claim a message, and a claim orphaned by a
 * crashed replica is taken over once its lease ran out.
 * Skipped where the machine has no PostgreSQL installed (failed instead with -Dtests.postgres=required).
 */
class StateDatabaseOnPostgresTest {

    @RegisterExtension
    static final MigratedPostgres dataSource = new MigratedPostgres();

    @Test
    void shouldApplyEveryMigration() throws Exception {
        try (Connection connection = dataSource.getConnection();
                ResultSet pending = connection.createStatement().executeQuery(
                        "SELECT count(*) FROM flyway_schema_history WHERE success = false")) {
            pending.next();
            assertThat(pending.getInt(1)).isZero();
        }
        assertThat(Flyway.configure().dataSource(dataSource).load().info().pending()).isEmpty();
    }

    @Test
    void shouldLetOnlyOneReplicaClaimAMessage() throws Exception {
        LeasedIdempotentRepository replicaA = started("quality.contain-inspection", Clock.systemUTC());
        LeasedIdempotentRepository replicaB = started("quality.contain-inspection", Clock.systemUTC());
        String key = "qms:3000:IL-PG-1:REJECTED";

        CyclicBarrier together = new CyclicBarrier(2);
        var pool = Executors.newFixedThreadPool(2);
        List<Future<Boolean>> claims = pool.invokeAll(List.<Callable<Boolean>>of(
                () -> claim(replicaA, key, together), () -> claim(replicaB, key, together)));
        pool.shutdown();

        long won = claims.stream().filter(StateDatabaseOnPostgresTest::claimed).count();
        assertThat(won).isEqualTo(1);
        assertThat(replicaA.contains(key)).isTrue();
        assertThatThrownBy(() -> replicaB.add(key)).as("while the winner works on it: in progress, not a duplicate")
                .isInstanceOf(ClaimedElsewhereException.class);
        assertThat(replicaA.confirm(key) || replicaB.confirm(key)).as("the winner confirms its own claim").isTrue();
        assertThat(replicaB.add(key)).as("a later redelivery is a duplicate").isFalse();
    }

    @Test
    void shouldKeepStepsApart() throws Exception {
        LeasedIdempotentRepository intake = started("qms.receive-inspection-result", Clock.systemUTC());
        LeasedIdempotentRepository blockStock = started("quality.contain-inspection", Clock.systemUTC());

        assertThat(intake.add("qms:1000:IL-PG-2:REJECTED")).isTrue();
        assertThat(blockStock.add("qms:1000:IL-PG-2:REJECTED")).as("another step has not handled it yet").isTrue();
    }

    @Test
    void shouldLetAnotherReplicaTakeOverAClaimWhoseLeaseRanOut() {
        Instant start = Instant.parse("2026-11-27T08:00:00Z");
        LeasedIdempotentRepository crashed = started("quality.contain-inspection", Clock.fixed(start, ZoneOffset.UTC));
        LeasedIdempotentRepository survivor = started("quality.contain-inspection",
                Clock.fixed(start.plusMillis(LEASE_MILLIS + 1), ZoneOffset.UTC));
        String key = "qms:3000:IL-PG-3:REJECTED";

        assertThat(crashed.add(key)).isTrue();

        assertThat(survivor.add(key)).as("the lease of the crashed instance ran out").isTrue();
    }

    static final long LEASE_MILLIS = 60_000;

    static LeasedIdempotentRepository started(String step, Clock clock) {
        LeasedIdempotentRepository repository = new LeasedIdempotentRepository(dataSource, step, LEASE_MILLIS, clock);
        repository.start();
        return repository;
    }

    static boolean claim(LeasedIdempotentRepository repository, String key, CyclicBarrier together) throws Exception {
        together.await();
        try {
            return repository.add(key);
        } catch (ClaimedElsewhereException inProgress) {
            // the loser of a simultaneous insert hits the primary key: the message is the other replica's now
            return false;
        }
    }

    static boolean claimed(Future<Boolean> claim) {
        try {
            return claim.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
