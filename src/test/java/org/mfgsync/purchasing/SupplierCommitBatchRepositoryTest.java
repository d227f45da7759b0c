package org.mfgsync.purchasing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.processor.aggregate.jdbc.JdbcAggregationRepository;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mfgsync.canonical.SupplierCommitChanged.ConfirmationType;
import org.mfgsync.testing.StateDatabase;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Low-risk commits wait for their batch in the state database (V5 tables): what one app instance aggregated, a
 * restarted one (a second repository on the same database) finds, and a completed batch it did not confirm is
 * recovered as the same batch.
 */
class SupplierCommitBatchRepositoryTest {

    DataSource db;
    DefaultCamelContext camel = new DefaultCamelContext();
    SupplierCommitBatches batches = new SupplierCommitBatches(null);

    @BeforeEach
    void setUp() throws Exception {
        db = StateDatabase.create();
        camel.start();
    }

    @AfterEach
    void tearDown() {
        camel.stop();
    }

    @Test
    void shouldKeepAnOpenBatchAcrossARestart() throws Exception {
        JdbcAggregationRepository before = started(PurchasingRepositories.batchRepository(db, 1000, 5, Duration.ZERO, () -> true));
        Exchange batch = null;
        for (String line : new String[] { "10", "20" }) {
            batch = joined(batch == null ? null : before.get(camel, "erp-cloud:3000"), commit(line));
            before.add(camel, "erp-cloud:3000", batch);
        }
        before.stop();

        JdbcAggregationRepository after = started(PurchasingRepositories.batchRepository(db, 1000, 5, Duration.ZERO, () -> true));
        assertThat(after.getKeys()).containsExactly("erp-cloud:3000");
        JsonNode state = Commits.json(after.get(camel, "erp-cloud:3000").getMessage().getBody(String.class));
        assertThat(state.path("erpInstance").asText()).isEqualTo("erp-cloud");
        assertThat(state.path("plant").asText()).isEqualTo("3000");
        assertThat(state.path("commits")).hasSize(2);
    }

    @Test
    void shouldRecoverACompletedBatchThatWasNotConfirmedAsTheSameBatch() throws Exception {
        JdbcAggregationRepository before = started(PurchasingRepositories.batchRepository(db, 1000, 5, Duration.ZERO, () -> true));
        Exchange batch = joined(null, commit("10"));
        Exchange completed = completedNotTaken(before, batch); // the app died before the ERP took the batch

        JdbcAggregationRepository after = started(PurchasingRepositories.batchRepository(db, 1000, 5, Duration.ZERO, () -> true));
        assertThat(after.getKeys()).isEmpty();
        assertThat(after.scan(camel)).containsExactly(batch.getExchangeId());
        Exchange recovered = after.recover(camel, batch.getExchangeId());
        String first = batchIdOf(completed);
        assertThat(batchIdOf(recovered)).isEqualTo(first).startsWith("SCB-");

        after.confirm(camel, batch.getExchangeId());
        assertThat(after.scan(camel)).isEmpty();
    }

    @Test
    void onlyTheLeaderRecoversABatchTheReplicasShare() throws Exception {
        JdbcAggregationRepository died = started(PurchasingRepositories.batchRepository(db, 1000, 5, Duration.ZERO, () -> true));
        Exchange batch = joined(null, commit("10"));
        completedNotTaken(died, batch); // the replica that completed it died before the ERP took the batch

        AtomicBoolean leading = new AtomicBoolean(false);
        JdbcAggregationRepository replica = started(PurchasingRepositories.batchRepository(db, 1000, 5, Duration.ZERO,
                leading::get));
        assertThat(replica.scan(camel)).as("a follower recovers nothing").isEmpty();
        leading.set(true);
        assertThat(replica.scan(camel)).as("once it leads, it offers the batch again").containsExactly(batch.getExchangeId());
    }

    @Test
    void aBatchCompletedWithinTheGraceIsNotRecoveredBesideItsHandOver() throws Exception {
        JdbcAggregationRepository repository = started(PurchasingRepositories.batchRepository(db, 1000, 5, Duration.ofMinutes(1), () -> true));
        Exchange batch = joined(null, commit("10"));
        repository.add(camel, "erp-cloud:3000", batch);
        Exchange completed = repository.get(camel, "erp-cloud:3000");
        completed.setExchangeId(batch.getExchangeId());
        repository.remove(camel, "erp-cloud:3000", completed);

        assertThat(repository.scan(camel)).as("just completed: still being handed over").isEmpty();
        try (var connection = db.getConnection(); var older = connection.prepareStatement(
                "UPDATE supplier_commit_batch_completed SET completed_at = CURRENT_TIMESTAMP - INTERVAL '61' SECOND")) {
            older.executeUpdate();
        }
        assertThat(repository.scan(camel)).as("not confirmed within the grace: offered again")
                .containsExactly(batch.getExchangeId());
    }

    @Test
    void shouldNotAddTheSameCommitTwiceToABatch() throws Exception {
        CommitAssessment commit = commit("10");
        String batch = batches.join(null, commit);
        batch = batches.join(batch, commit);

        assertThat(Commits.json(batch).path("commits")).hasSize(1);
    }

    /** The batch completed in {@code repository}, which then stops before the ERP took it: what recovery finds. */
    private Exchange completedNotTaken(JdbcAggregationRepository repository, Exchange batch) throws Exception {
        repository.add(camel, "erp-cloud:3000", batch);
        Exchange completed = repository.get(camel, "erp-cloud:3000");
        completed.setExchangeId(batch.getExchangeId());
        repository.remove(camel, "erp-cloud:3000", completed);
        repository.stop();
        return completed;
    }

    private String batchIdOf(Exchange exchange) throws Exception {
        return Commits.json(batches.flush(exchange.getMessage().getBody(String.class)).document()).path("batchId").asText();
    }

    private JdbcAggregationRepository started(JdbcAggregationRepository repository) {
        repository.start();
        return repository;
    }

    /** What the aggregator keeps: the batch state joined by the commit, as the body of the batch's exchange. */
    private Exchange joined(Exchange batch, CommitAssessment commit) {
        Exchange joined = batch != null ? batch : new DefaultExchange(camel);
        joined.getMessage().setBody(batches.join(batch == null ? null : batch.getMessage().getBody(String.class), commit));
        return joined;
    }

    private CommitAssessment commit(String line) {
        return Commits.accepted(Commits.commit("3000", "4500031001", "SUP-ACME", ConfirmationType.ACCEPT,
                Commits.commitLine(line, ConfirmationType.ACCEPT, "10", "2026-12-15", null)), "erp-cloud", "3000");
    }
}
