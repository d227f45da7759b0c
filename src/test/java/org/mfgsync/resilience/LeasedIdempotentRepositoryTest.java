package org.mfgsync.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;

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
    void shouldTellANewKeyFromOneInProgressElsewhereFromOneDone() {
        var repository = repository("quality.contain-inspection");
        assertThat(repository.add("k1")).as("new").isTrue();
        assertThatThrownBy(() -> repository("quality.contain-inspection").add("k1")).as("in progress under a live claim")
                .isInstanceOf(ClaimedElsewhereException.class).hasMessageContaining("k1");
        assertThat(FailureClassifier.isTransient(new ClaimedElsewhereException("s", "k", "o", null))).isTrue();
        repository.confirm("k1");
        assertThat(repository("quality.contain-inspection").add("k1")).as("done: a duplicate").isFalse();
        assertThat(repository("other.step").add("k1")).as("another step handles the same event once too").isTrue();
    }

    @Test
    void shouldKeepAConfirmedKeyForEver() {
        var repository = repository("quality.contain-inspection");
        repository.add("k1");
        repository.confirm("k1");
        clock.advance(10 * LEASE);
        assertThat(repository.add("k1")).isFalse();
        assertThat(repository("quality.contain-inspection").contains("k1")).as("seen by a restarted instance").isTrue();
    }

    @Test
    void shouldReleaseTheKeyWhenTheStepFails() {
        var repository = repository("quality.contain-inspection");
        repository.add("k1");
        repository.remove("k1");
        assertThat(repository.contains("k1")).isFalse();
        assertThat(repository("quality.contain-inspection").add("k1")).as("the retry after a failed attempt proceeds").isTrue();
    }

    @Test
    void shouldTakeOverAClaimOrphanedByACrashedInstanceOnceItsLeaseRanOut() {
        var crashed = repository("quality.contain-inspection");
        assertThat(crashed.add("k1")).isTrue(); // the instance dies here: no confirm, no remove

        var survivor = repository("quality.contain-inspection");
        assertThatThrownBy(() -> survivor.add("k1")).as("while the lease holds: in progress, never a duplicate")
                .isInstanceOf(ClaimedElsewhereException.class);
        clock.advance(LEASE + 1);
        assertThat(survivor.contains("k1")).isFalse();
        assertThat(survivor.add("k1")).isTrue();
        assertThatThrownBy(() -> repository("quality.contain-inspection").add("k1")).as("the new claim holds again")
                .isInstanceOf(ClaimedElsewhereException.class);
    }

    @Test
    void shouldActOnlyOnItsOwnClaimOnceItWasTakenOver() {
        var slow = repository("quality.contain-inspection");
        slow.add("k1");
        clock.advance(LEASE + 1); // the lease ran out while the slow instance still worked
        var other = repository("quality.contain-inspection");
        assertThat(other.add("k1")).isTrue();

        assertThat(slow.confirm("k1")).as("the slow instance's confirm does not overwrite the new claim").isFalse();
        assertThat(slow.remove("k1")).as("nor does its release").isFalse();
        assertThatThrownBy(() -> repository("quality.contain-inspection").add("k1")).isInstanceOf(ClaimedElsewhereException.class);
        assertThat(other.confirm("k1")).isTrue();
        assertThat(repository("quality.contain-inspection").add("k1")).isFalse();
    }

    @Test
    void shouldRenewTheLeaseOfKeysStillInFlight() {
        var working = repository("quality.contain-inspection");
        working.add("k1");
        clock.advance(LEASE - 1000);
        working.renewLeases();
        clock.advance(LEASE - 1000);
        assertThatThrownBy(() -> repository("quality.contain-inspection").add("k1")).isInstanceOf(ClaimedElsewhereException.class);
    }

    @Test
    void shouldNameEachClaimsStepByTheRouteItIsMadeInWhenServingEveryRoute() {
        var claims = new LeasedIdempotentRepository(db, null, LEASE, clock, null);
        var context = new DefaultCamelContext();
        Exchange inIntake = exchangeAt(context, "qms.receive-inspection-result");
        Exchange inWorkflow = exchangeAt(context, "quality.contain-inspection");

        assertThat(claims.add(inIntake, "k1")).isTrue();
        assertThat(claims.add(inWorkflow, "k1")).as("another route is another step").isTrue();
        assertThat(claims.confirm(inIntake, "k1")).isTrue();
        assertThat(claims.add(exchangeAt(context, "qms.receive-inspection-result"), "k1")).isFalse();
        assertThatThrownBy(() -> claims.add(exchangeAt(context, "quality.contain-inspection"), "k1"))
                .isInstanceOf(ClaimedElsewhereException.class);
        assertThat(claims.remove(inWorkflow, "k1")).isTrue();
        assertThat(claims.add(exchangeAt(context, "quality.contain-inspection"), "k1")).isTrue();
    }

    @Test
    void shouldLetExactlyOneOfConcurrentClaimsWinAndTellTheOthersItIsInProgress() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<String>> claims = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                claims.add(() -> {
                    try {
                        return repository("quality.contain-inspection").add("contended") ? "won" : "duplicate";
                    } catch (ClaimedElsewhereException inProgress) {
                        return "in-progress";
                    }
                });
            }
            List<String> outcomes = new ArrayList<>();
            for (Future<String> claim : pool.invokeAll(claims)) {
                outcomes.add(claim.get());
            }
            assertThat(outcomes).containsOnlyOnce("won").doesNotContain("duplicate");
        } finally {
            pool.shutdownNow();
        }
    }

    static Exchange exchangeAt(DefaultCamelContext context, String routeId) {
        Exchange exchange = new DefaultExchange(context);
        exchange.getExchangeExtension().setFromRouteId(routeId);
        return exchange;
    }

    @Test
    void shouldClaimABatchInOneGoTellingNewFromDoneFromElsewhereFromRepeated() {
        var repository = repository("delivery.erp-cloud");
        repository.add("done");
        repository.confirm("done");
        repository("delivery.erp-cloud").add("busy");

        var outcomes = repository.claimAll("delivery.erp-cloud", java.util.Arrays.asList("a", "done", "busy", "a", null, "b"));

        assertThat(outcomes.get(0).isNew()).as("new").isTrue();
        assertThat(outcomes.get(1).isDuplicate()).as("done before").isTrue();
        assertThat(outcomes.get(2).elsewhere()).as("live claim of another owner").isNotNull();
        assertThat(outcomes.get(3).isDuplicate()).as("the same key again in the batch").isTrue();
        assertThat(outcomes.get(4)).as("no key, no claim").isNull();
        assertThat(outcomes.get(5).isNew()).isTrue();
        assertThatThrownBy(() -> repository("delivery.erp-cloud").add("a")).as("the batch holds its claims")
                .isInstanceOf(ClaimedElsewhereException.class);

        repository.confirmAll(List.of(outcomes.get(0).claim()));
        repository.releaseAll(List.of(outcomes.get(5).claim()));
        assertThat(repository("delivery.erp-cloud").add("a")).as("confirmed: a duplicate").isFalse();
        assertThat(repository("delivery.erp-cloud").add("b")).as("released: taken by the next attempt").isTrue();
    }

    @Test
    void shouldLookUpABatchLargerThanOneLookUpInPaddedChunksWithoutLosingAnyKey() {
        var repository = repository("delivery.erp-cloud");
        List<String> keys = new java.util.ArrayList<>();
        for (int i = 0; i < 70; i++) {
            keys.add("k" + i);
        }
        // done keys at the first and last place of the first chunk, and in the second chunk, whose look-up is padded
        for (String done : List.of("k0", "k63", "k64", "k69")) {
            repository.add(done);
            repository.confirm(done);
        }

        var outcomes = repository.claimAll("delivery.erp-cloud", keys);

        for (int i = 0; i < 70; i++) {
            boolean done = List.of(0, 63, 64, 69).contains(i);
            assertThat(outcomes.get(i).isDuplicate()).as("k" + i + " done before").isEqualTo(done);
            assertThat(outcomes.get(i).isNew()).as("k" + i + " new").isEqualTo(!done);
        }
        assertThat(LeasedIdempotentRepository.lookupSize(1)).isEqualTo(1);
        assertThat(LeasedIdempotentRepository.lookupSize(5)).isEqualTo(16);
        assertThat(LeasedIdempotentRepository.lookupSize(64)).isEqualTo(64);
    }

    @Test
    void shouldTakeOverAnOrphanedClaimInABatchOnlyAfterItsLease() {
        repository("quality.contain-inspection").add("orphan");
        var survivor = repository("quality.contain-inspection");
        assertThat(survivor.claimAll("quality.contain-inspection", List.of("orphan")).get(0).elsewhere()).isNotNull();
        clock.advance(LEASE + 1);
        assertThat(survivor.claimAll("quality.contain-inspection", List.of("orphan")).get(0).isNew()).isTrue();
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
