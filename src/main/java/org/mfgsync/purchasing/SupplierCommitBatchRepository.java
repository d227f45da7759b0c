package org.mfgsync.purchasing;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.BooleanSupplier;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.processor.aggregate.jdbc.JdbcAggregationRepository;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * Camel's JDBC aggregation repository for supplier commit batches, whose recovery leaves alone a batch completed less
 * than {@code grace} ago ({@code completed_at}, V11).
 * <p>
 * Camel's aggregator moves a completed batch to the completed table and only then, outside its lock, marks it as in
 * progress; a recovery scan in between took the batch for an abandoned one and sent it a second time beside the first
 * (seen under load: the same batch handed to the ERP twice, 60 ms apart, then "DELETE statement did not return 1 but
 * 0" at the second confirm). Another replica's batch in flight is left alone the same way. The grace must exceed the
 * time a completed batch takes to be handed over; a batch that failed is offered again once it has passed.
 * <p>
 * Recovery runs on the leader only ({@code recovering}): the batches are shared by every replica, and two replicas
 * recovering the same batch at once would hand it over twice.
 */
final class SupplierCommitBatchRepository extends JdbcAggregationRepository {

    private final long graceSeconds;
    private final BooleanSupplier recovering;

    SupplierCommitBatchRepository(DataSource dataSource, String repositoryName, Duration grace, BooleanSupplier recovering) {
        super(new DataSourceTransactionManager(dataSource), repositoryName, dataSource);
        this.graceSeconds = Math.max(0, grace.toSeconds());
        this.recovering = recovering;
    }

    /** The completed batches older than the grace: those nobody is handing over any more; none on a follower. */
    @Override
    public Set<String> scan(CamelContext camelContext) {
        if (!recovering.getAsBoolean()) {
            return Set.of();
        }
        // the database's own clock on both sides: replicas' clocks do not matter; the table name is this class's own
        String settled = "SELECT id FROM " + getRepositoryNameCompleted()
                + " WHERE completed_at <= CURRENT_TIMESTAMP - INTERVAL '" + graceSeconds + "' SECOND ORDER BY completed_at";
        return transactionTemplateReadOnly.execute(status -> new LinkedHashSet<>(jdbcTemplate.queryForList(settled, String.class)));
    }
}
