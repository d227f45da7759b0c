package org.mfgsync.purchasing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import org.apache.camel.processor.aggregate.jdbc.JdbcAggregationRepository;
import org.mfgsync.resilience.LeaderElection;
import org.mfgsync.resilience.LeaderOnlyRoutes;

/**
 * State of the purchasing workflows in the state database: the aggregation repository that holds low-risk supplier
 * commits until their batch is flushed (tables from V5).
 */
@ApplicationScoped
public class PurchasingRepositories {

    static final String BATCH_REPOSITORY = "supplier_commit_batch";
    static final String BATCH_DEAD_LETTER = "direct:purchasing.supplier-commit-batch-dead-letter";

    @Produces
    @Singleton
    @Named("supplierCommitBatchRepository")
    JdbcAggregationRepository supplierCommitBatches(DataSource dataSource, PurchasingConfig config, LeaderElection election) {
        return batchRepository(dataSource, config.supplierCommits().batchRetryInterval().toMillis(),
                config.supplierCommits().batchMaxRedeliveries(), config.supplierCommits().batchRecoveryGrace(),
                () -> election.leads(LeaderOnlyRoutes.NAMESPACE));
    }

    /**
     * Completed batches stay in {@code supplier_commit_batch_completed} until the ERP took them and are offered again
     * every {@code retryMillis} (also after a restart) once {@code recoveryGrace} has passed since they completed, then
     * go to the dead letter; offered by the instance for which {@code recovering} is true (the leader).
     */
    static JdbcAggregationRepository batchRepository(DataSource dataSource, long retryMillis, int maxRedeliveries,
            Duration recoveryGrace, BooleanSupplier recovering) {
        JdbcAggregationRepository repository = new SupplierCommitBatchRepository(dataSource, BATCH_REPOSITORY, recoveryGrace,
                recovering);
        repository.setUseRecovery(true);
        repository.setRecoveryInterval(retryMillis);
        repository.setMaximumRedeliveries(maxRedeliveries);
        repository.setDeadLetterUri(BATCH_DEAD_LETTER);
        return repository;
    }
}
