package org.mfgsync.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.mfgsync.resilience.ReplayJobStore.ItemState;
import org.mfgsync.resilience.ReplayJobStore.JobStatus;
import org.mfgsync.resilience.ReplayJobStore.Outcome;

/**
 * The replay job store's statements on a state database (H2 in {@link ReplayJobStoreTest}, PostgreSQL in
 * {@link ReplayJobStoreOnPostgresTest}): a record is taken once, only while its job runs, again only after its lease ran
 * out; a stopped job gives no record; a job is done once every record is.
 */
abstract class ReplayJobStoreContract {

    static final OffsetDateTime NOW = OffsetDateTime.of(2026, 11, 27, 8, 0, 0, 0, ZoneOffset.UTC);

    abstract DataSource dataSource();

    @Test
    void shouldTakeEachRecordOnceOnlyWhileTheJobRunsAndCompleteTheJob() throws Exception {
        ExceptionStore exceptions = new ExceptionStore(dataSource());
        ReplayJobStore store = new ReplayJobStore(dataSource());
        String job = "job-" + System.nanoTime();
        String a = exceptions.recordFailure(ExceptionStoreTest.failure("ka-" + job, "4500000001", "SUP-1", "HTTP 422"), NOW, null).id();
        String b = exceptions.recordFailure(ExceptionStoreTest.failure("kb-" + job, "4500000001", "SUP-1", "HTTP 422"), NOW, null).id();
        List<ExceptionRecord> records = List.of(exceptions.find(a).orElseThrow(), exceptions.find(b).orElseThrow());
        store.create(job, Map.of("purchaseOrder", "4500000001"), "admin-api:token", 0, records, NOW);

        assertThat(store.due(NOW)).extracting(ReplayJobStore.Due::id).contains(job);
        var first = store.takeNext(job, "one", NOW, NOW.plusMinutes(1)).orElseThrow();
        assertThat(first.exceptionId()).isEqualTo(a);
        assertThat(first.total()).isEqualTo(2);
        // stopped: nothing is taken, also not by another instance
        assertThat(store.transition(job, JobStatus.RUNNING, JobStatus.STOPPED, NOW)).isTrue();
        assertThat(store.takeNext(job, "two", NOW, NOW.plusMinutes(1))).isEmpty();
        assertThat(store.due(NOW)).extracting(ReplayJobStore.Due::id).doesNotContain(job);
        // the record in flight finishes
        store.finish(first, "one", Outcome.REPLAYED, null, "corr-1", NOW, NOW);
        assertThat(store.transition(job, JobStatus.STOPPED, JobStatus.RUNNING, NOW)).isTrue();
        assertThat(store.transition(job, JobStatus.STOPPED, JobStatus.RUNNING, NOW)).isFalse();

        var second = store.takeNext(job, "two", NOW, NOW.plusMinutes(1)).orElseThrow();
        assertThat(second.exceptionId()).isEqualTo(b);
        // taken, within its lease: nobody else gets it, and the job is not done
        assertThat(store.takeNext(job, "three", NOW.plusSeconds(30), NOW.plusMinutes(2))).isEmpty();
        assertThat(store.completeIfDone(job, NOW)).isFalse();
        // its instance died: after the lease another takes it
        var retaken = store.takeNext(job, "three", NOW.plusMinutes(2), NOW.plusMinutes(3)).orElseThrow();
        assertThat(retaken.exceptionId()).isEqualTo(b);
        store.finish(second, "two", Outcome.FAILED, "late", null, NOW, NOW); // not its owner any more: ignored
        store.finish(retaken, "three", Outcome.DUPLICATE, "done already", null, NOW, NOW);
        assertThat(store.takeNext(job, "one", NOW.plusMinutes(10), NOW.plusMinutes(11))).isEmpty();
        assertThat(store.completeIfDone(job, NOW)).isTrue();

        ReplayJobStore.Job read = store.find(job).orElseThrow();
        assertThat(read.status()).isEqualTo(JobStatus.DONE);
        assertThat(read.done()).isEqualTo(2);
        assertThat(read.outcomes()).containsEntry("REPLAYED", 1).containsEntry("DUPLICATE", 1);
        assertThat(read.items()).extracting(ReplayJobStore.Item::state).containsOnly(ItemState.DONE);
        assertThat(read.items()).extracting(ReplayJobStore.Item::exceptionStatus).containsOnly("OPEN");
        assertThat(read.filter()).containsEntry("purchaseOrder", "4500000001");
        assertThat(store.recent(10)).extracting(ReplayJobStore.Job::id).contains(job);
    }

    @Test
    void shouldTellAKeyWhoseStepIsDoneFromOneThatIsNot() throws Exception {
        ReplayJobStore store = new ReplayJobStore(dataSource());
        String key = "k-" + System.nanoTime();
        assertThat(store.effectDone("delivery.erp-cloud", key)).isFalse();
        try (Connection c = dataSource().getConnection(); PreparedStatement insert = c.prepareStatement(
                "INSERT INTO CAMEL_MESSAGEPROCESSED (processorName, messageId, createdAt, state) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, "delivery.erp-cloud");
            insert.setString(2, key);
            insert.setTimestamp(3, Timestamp.from(NOW.toInstant()));
            insert.setString(4, "PENDING");
            insert.executeUpdate();
            insert.setString(2, key + "-done");
            insert.setString(4, "DONE");
            insert.executeUpdate();
        }
        assertThat(store.effectDone("delivery.erp-cloud", key)).isFalse();
        assertThat(store.effectDone("delivery.erp-cloud", key + "-done")).isTrue();
        assertThat(store.effectDone("delivery.erp-legacy-b", key + "-done")).isFalse();
    }
}
