package org.mfgsync.resilience;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;

/**
 * Idempotent-consumer repositories in the state database: shared by every replica and kept across restarts.
 * One per consuming step, so the same event is recognised as new by each step that has not yet handled it.
 * The table and its unique key (processor, message id) come from the Flyway migrations.
 */
@ApplicationScoped
public class IdempotencyRepositories {

    @Produces
    @Singleton
    @Named("qmsInspectionIntakeIdempotency")
    JdbcMessageIdRepository qmsInspectionIntake(DataSource dataSource) {
        return repository(dataSource, "qms.inspection-intake");
    }

    @Produces
    @Singleton
    @Named("qualityBlockStockIdempotency")
    JdbcMessageIdRepository qualityBlockStock(DataSource dataSource) {
        return repository(dataSource, "quality.block-stock");
    }

    static JdbcMessageIdRepository repository(DataSource dataSource, String step) {
        JdbcMessageIdRepository repository = new JdbcMessageIdRepository(dataSource, step);
        repository.setCreateTableIfNotExists(false);
        return repository;
    }
}
