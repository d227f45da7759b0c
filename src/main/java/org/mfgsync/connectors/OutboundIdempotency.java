package org.mfgsync.connectors;

import java.time.Clock;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import org.apache.camel.spi.IdempotentRepository;
import org.mfgsync.resilience.LeasedIdempotentRepository;
import org.mfgsync.resilience.ResilienceConfig;

/**
 * Effects already made at a target by the outbound connectors, by {@code <instance>:<idempotencyKey>}, in the state
 * database (shared by replicas, kept across restarts). A claim is PENDING while the write or call runs, DONE once it
 * succeeded, and released when it failed, so the caller's retry makes it again; a claim left by an instance that
 * stopped mid-write is taken over once its lease ran out (the write then replaces the same file name).
 */
@ApplicationScoped
public class OutboundIdempotency {

    /** Files written by the file-outbound connector instances. */
    @Produces
    @Singleton
    @Named("fileOutboundIdempotency")
    IdempotentRepository fileOutbound(DataSource dataSource, ResilienceConfig config) {
        return new LeasedIdempotentRepository(dataSource, "connectors.file-outbound", config.idempotency().leaseMillis(),
                Clock.systemUTC());
    }

    /** Calls made by the rest-outbound connector instances (the target also honours their Idempotency-Key). */
    @Produces
    @Singleton
    @Named("restOutboundIdempotency")
    IdempotentRepository restOutbound(DataSource dataSource, ResilienceConfig config) {
        return new LeasedIdempotentRepository(dataSource, "connectors.rest-outbound", config.idempotency().leaseMillis(),
                Clock.systemUTC());
    }
}
