package org.mfgsync.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mfgsync.testing.StateDatabase;

class LeasedIdempotentRepositoryTest {

    static final long LEASE = 60_000;

    DataSource db;
    MutableClock clock = new MutableClock();

    @BeforeEach
    void freshDatabase() throws Exception {
        db = StateDatabase.create();
    }

    LeasedIdempotentRepository repository(String step) {
        return new LeasedIdempotentRepository(db, step, LEASE, clock);
    }

    @Test
    void shouldClaimAKeyOnlyOnce() {
        var repository = repository("quality.block-stock");
        assertThat(repository.add("k1")).isTrue();
        assertThat(repository.add("k1")).isFalse();
        assertThat(repository.contains("k1")).isTrue();
        assertThat(repository("other.step").add("k1")).as("another step handles the same event once too").isTrue();
    }

    @Test
    void shouldKeepAConfirmedKeyForEver() {
        var repository = repository("quality.block-stock");
        repository.add("k1");
        repository.confirm("k1");
        clock.advance(10 * LEASE);
        assertThat(repository.add("k1")).isFalse();
        assertThat(repository("quality.block-stock").contains("k1")).as("seen by a restarted instance").isTrue();
    }

    @Test
    void shouldReleaseTheKeyWhenTheStepFails() {
        var repository = repository("quality.block-stock");
        repository.add("k1");
        repository.remove("k1");
        assertThat(repository.contains("k1")).isFalse();
        assertThat(repository.add("k1")).isTrue();
    }

    @Test
    void shouldTakeOverAClaimOrphanedByACrashedInstanceOnceItsLeaseRanOut() {
        var crashed = repository("quality.block-stock");
        assertThat(crashed.add("k1")).isTrue(); // the instance dies here: no confirm, no remove

        var survivor = repository("quality.block-stock");
        assertThat(survivor.add("k1")).as("while the lease holds").isFalse();
        clock.advance(LEASE + 1);
        assertThat(survivor.contains("k1")).isFalse();
        assertThat(survivor.add("k1")).isTrue();
        assertThat(repository("quality.block-stock").add("k1")).as("the new claim holds again").isFalse();
    }

    @Test
    void shouldRenewTheLeaseOfKeysStillInFlight() {
        var working = repository("quality.block-stock");
        working.add("k1");
        clock.advance(LEASE - 1000);
        working.renewLeases();
        clock.advance(LEASE - 1000);
        assertThat(repository("quality.block-stock").add("k1")).isFalse();
    }

    @Test
    void shouldLetExactlyOneOfConcurrentClaimsWin() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> claims = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                claims.add(() -> repository("quality.block-stock").add("contended"));
            }
            long winners = 0;
            for (Future<Boolean> claim : pool.invokeAll(claims)) {
                winners += claim.get() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-11-27T08:00:00Z");

        void advance(long millis) {
            now = now.plusMillis(millis);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
