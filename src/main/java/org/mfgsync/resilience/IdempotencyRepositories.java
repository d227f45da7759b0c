package org.mfgsync.resilience;

import java.time.Clock;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import org.apache.camel.spi.IdempotentRepository;

/**
 * Idempotent-consumer repositories in the state database: shared by every replica and kept across restarts.
 * One per consuming step, so the same event is recognised as new by each step that has not yet handled it.
 * The table and its unique key (processor, message id) come from the Flyway migrations; claims carry a lease so
 * that a claim orphaned by a crashed instance is taken over (see {@link LeasedIdempotentRepository}).
 */
@ApplicationScoped
public class IdempotencyRepositories {

    @Produces
    @Singleton
    @Named("qmsInspectionIntakeIdempotency")
    IdempotentRepository qmsInspectionIntake(DataSource dataSource, ResilienceConfig config) {
        return repository(dataSource, "qms.inspection-intake", config);
    }

    @Produces
    @Singleton
    @Named("qualityBlockStockIdempotency")
    IdempotentRepository qualityBlockStock(DataSource dataSource, ResilienceConfig config) {
        return repository(dataSource, "quality.block-stock", config);
    }

    @Produces
    @Singleton
    @Named("targetDeliveryIdempotency")
    IdempotentRepository targetDelivery(DataSource dataSource, ResilienceConfig config) {
        return repository(dataSource, "resilience.target-delivery", config);
    }

    // ---- quality containment: the QMS webhooks and the workflow's consuming steps ----
    @Produces
    @Singleton
    @Named("qmsNonconformanceIntakeIdempotency")
    IdempotentRepository qmsNonconformanceIntake(DataSource dataSource, ResilienceConfig config) {
        return repository(dataSource, "qms.nonconformance-intake", config);
    }

    @Produces
    @Singleton
    @Named("qmsLotDispositionIntakeIdempotency")
    IdempotentRepository qmsLotDispositionIntake(DataSource dataSource, ResilienceConfig config) {
        return repository(dataSource, "qms.lot-disposition-intake", config);
    }

    @Produces
    @Singleton
    @Named("qualityContainNonconformanceIdempotency")
    IdempotentRepository qualityContainNonconformance(DataSource dataSource, ResilienceConfig config) {
        return repository(dataSource, "quality.contain-nonconformance", config);
    }

    @Produces
    @Singleton
    @Named("qualityReleaseLotIdempotency")
    IdempotentRepository qualityReleaseLot(DataSource dataSource, ResilienceConfig config) {
        return repository(dataSource, "quality.release-lot", config);
    }

    /** A leased JDBC repository for one consuming step (the processor name of its keys). */
    public static IdempotentRepository repository(DataSource dataSource, String step, ResilienceConfig config) {
        return new LeasedIdempotentRepository(dataSource, step, config.idempotency().leaseMillis(), Clock.systemUTC());
    }
}
