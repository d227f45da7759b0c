package org.mfgsync.purchasing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.mfgsync.canonical.SupplierCommitChanged.ConfirmationType;
import org.mfgsync.testing.Schemas;

/** The batch document of contract 2, its deterministic batch id, and how commits join a batch and a batch is flushed. */
class SupplierCommitBatchesTest {

    JsonNode first = Commits.json(Commits.json(Commits.commit("3000", "4500031001", "SUP-ACME", ConfirmationType.ACCEPT,
            Commits.commitLine("10", ConfirmationType.ACCEPT, "10", "2026-12-15", null))));
    JsonNode second = Commits.json(Commits.json(Commits.commit("3000", "4500031002", "SUP-ACME", ConfirmationType.ACCEPT,
            Commits.commitLine("10", ConfirmationType.ACCEPT, "10", "2026-12-15", null))));

    @Test
    void shouldDeriveTheSameBatchIdFromTheSameCommitsInAnyOrder() {
        String id = SupplierCommitBatches.batchId(List.of(first, second));
        assertThat(SupplierCommitBatches.batchId(List.of(second, first))).isEqualTo(id);
        assertThat(id).matches("SCB-[0-9A-F]{32}");
        assertThat(SupplierCommitBatches.batchId(List.of(first))).isNotEqualTo(id);
    }

    @Test
    void shouldWriteTheBatchDocumentWithEveryCommitAsItsCanonicalEnvelope() throws Exception {
        String document = SupplierCommitBatches.document("SCB-1", "erp-cloud", "3000", "corr-1", List.of(first, second),
                OffsetDateTime.parse("2026-11-27T10:00:00Z"));

        JsonNode batch = Commits.json(document);
        assertThat(batch.path("batchId").asText()).isEqualTo("SCB-1");
        assertThat(batch.path("erpInstance").asText()).isEqualTo("erp-cloud");
        assertThat(batch.path("plant").asText()).isEqualTo("3000");
        assertThat(batch.path("createdAt").asText()).isEqualTo("2026-11-27T10:00:00Z");
        assertThat(batch.path("correlationId").asText()).isEqualTo("corr-1");
        assertThat(batch.path("commits")).hasSize(2);
        for (JsonNode commit : batch.path("commits")) {
            assertThat(Schemas.violations("supplier-commit-changed", commit.toString())).isEmpty();
        }
    }

    @Test
    void shouldStartABatchForTheCommitsErpAndPlantAndJoinEachCommitOnce() throws Exception {
        SupplierCommitBatches batches = new SupplierCommitBatches(null);
        CommitAssessment one = Commits.accepted(Commits.commit("3000", "4500031001", "SUP-ACME", ConfirmationType.ACCEPT,
                Commits.commitLine("10", ConfirmationType.ACCEPT, "10", "2026-12-15", null)), "erp-cloud", "3000");
        CommitAssessment two = Commits.accepted(Commits.commit("3000", "4500031002", "SUP-ACME", ConfirmationType.ACCEPT,
                Commits.commitLine("10", ConfirmationType.ACCEPT, "10", "2026-12-15", null)), "erp-cloud", "3000");

        String batch = batches.join(batches.join(batches.join(null, one), two), one);

        JsonNode state = Commits.json(batch);
        assertThat(state.path("erpInstance").asText()).isEqualTo("erp-cloud");
        assertThat(state.path("plant").asText()).isEqualTo("3000");
        assertThat(Commits.list(state.path("commits"))).extracting(c -> c.path("idempotencyKey").asText())
                .containsExactly(one.key(), two.key());
    }

    @Test
    void shouldFlushAsTheSameBatchWhateverTheOrderWithTheOnlyCommitsCorrelationId() throws Exception {
        SupplierCommitBatches batches = new SupplierCommitBatches(null, java.time.Clock.fixed(
                java.time.Instant.parse("2026-11-27T10:00:00Z"), java.time.ZoneOffset.UTC));
        CommitAssessment one = Commits.accepted(Commits.commit("3000", "4500031001", "SUP-ACME", ConfirmationType.ACCEPT,
                Commits.commitLine("10", ConfirmationType.ACCEPT, "10", "2026-12-15", null)), "erp-cloud", "3000");

        SupplierCommitBatches.Flush flush = batches.flush(batches.join(null, one));

        assertThat(flush.batchId()).isEqualTo(SupplierCommitBatches.batchIdFor(List.of(one.key())));
        assertThat(flush.correlationId()).isEqualTo(one.event().correlationId());
        assertThat(Commits.json(flush.document()).path("createdAt").asText()).isEqualTo("2026-11-27T10:00:00Z");
        assertThat(batches.deliveredDetail(flush)).isEqualTo("batch " + flush.batchId() + " of 1 commit(s)");
        assertThat(batches.commitsOf(flush)).singleElement()
                .satisfies(c -> assertThat(Commits.json(c).path("idempotencyKey").asText()).isEqualTo(one.key()));
    }
}
