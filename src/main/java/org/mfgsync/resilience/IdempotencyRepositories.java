package org.mfgsync.resilience;

import java.time.Clock;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import org.apache.camel.spi.IdempotentRepository;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * The one idempotent-consumer repository of every consuming route ({@code idempotentRepository: claims}): claims in
 * the state database, shared by every replica and kept across restarts, keyed by the route that claims (its step) and
 * the key, so the same event is new to each step that has not handled it yet. Three-valued and leased: see
 * {@link LeasedIdempotentRepository}.
 */
@ApplicationScoped
public class IdempotencyRepositories {

    @Produces
    @Singleton
    @Named("claims")
    IdempotentRepository claims(DataSource dataSource, ResilienceConfig config, MeterRegistry meters) {
        LeasedIdempotentRepository claims = new LeasedIdempotentRepository(dataSource, null,
                config.idempotency().leaseMillis(), Clock.systemUTC(), meters);
        claims.startRenewing();
        return claims;
    }

    /** A leased JDBC repository for one fixed step (a connector's own effects). */
    public static IdempotentRepository repository(DataSource dataSource, String step, ResilienceConfig config) {
        return new LeasedIdempotentRepository(dataSource, step, config.idempotency().leaseMillis(), Clock.systemUTC());
    }
}
