package org.mfgsync.connectors.flatfile;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;

/**
 * Files already taken in, by instance, name and SHA-256 of the content, in the state database (shared by replicas,
 * kept across restarts): a re-delivered identical file is recognised and not processed twice.
 */
@ApplicationScoped
public class FileIntakeRepository {

    @Produces
    @Singleton
    @Named("fileIntakeIdempotency")
    JdbcMessageIdRepository fileIntake(DataSource dataSource) {
        JdbcMessageIdRepository repository = new JdbcMessageIdRepository(dataSource, "connectors.file-intake");
        repository.setCreateTableIfNotExists(false);
        return repository;
    }
}
