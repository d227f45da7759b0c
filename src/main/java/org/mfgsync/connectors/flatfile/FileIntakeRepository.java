package org.mfgsync.connectors.flatfile;

import java.time.Clock;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.mfgsync.resilience.ResilienceConfig;

/**
 * Files already taken in, by instance, name and SHA-256 of the content, in the state database (shared by replicas,
 * kept across restarts): a re-delivered identical file is recognised and not processed twice; one that an instance
 * was still processing when it died is taken again (see {@link FileIntakeClaims}).
 */
@ApplicationScoped
public class FileIntakeRepository {

    @Produces
    @Singleton
    @Named("fileIntakeIdempotency")
    FileIntakeClaims fileIntake(DataSource dataSource, ResilienceConfig resilience) {
        // claims with a lease: a file whose processing a crash interrupted is taken again once the lease ran out
        return new FileIntakeClaims(dataSource, resilience.idempotency().leaseMillis(), Clock.systemUTC());
    }
}
