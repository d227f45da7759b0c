package org.mfgsync.connectors.staging;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.AgroalConnectionPoolConfiguration;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import io.quarkus.runtime.StartupEvent;

import org.apache.camel.CamelContext;
import org.jboss.logging.Logger;
import org.mfgsync.connectors.ConnectorsConfig;

/**
 * The databases of the systems mfgsync exchanges staging tables with (an ERP's own database, not mfgsync's state
 * database): one small Agroal pool per connector endpoint that has a {@code jdbc-url}, built at run time from
 * {@code mfgsync.connectors.endpoints.<instance>.*} — a Quarkus named datasource would fix the database kind at build
 * time. Each is also bound in Camel's registry as {@code <instance>-db}, so {@code sql:}/{@code jdbc:} endpoints can
 * use it by name ({@code dataSource=#erp-legacy-b-db}). Building a pool opens no connection: an unreachable database
 * shows only when it is used, as a transient failure.
 */
@ApplicationScoped
public class StagingDataSources {

    public static final String NAME_SUFFIX = "-db";
    private static final Logger LOG = Logger.getLogger("org.mfgsync.connectors");

    private final ConnectorsConfig config;
    private final Map<String, AgroalDataSource> pools = new ConcurrentHashMap<>();

    @Inject
    public StagingDataSources(ConnectorsConfig config) {
        this.config = config;
    }

    void bindForCamel(@Observes StartupEvent start, CamelContext camel) {
        config.endpoints().forEach((instance, endpoint) -> endpoint.jdbcUrl().ifPresent(url -> {
            camel.getRegistry().bind(instance + NAME_SUFFIX, DataSource.class, forInstance(instance));
            LOG.infof("Staging database of %s: %s (bound as %s%s, enabled=%s)", instance, url, instance, NAME_SUFFIX,
                    endpoint.enabled());
        }));
    }

    /** The pool of the instance's database; fails when the instance has no {@code jdbc-url}. */
    public DataSource forInstance(String instance) {
        return pools.computeIfAbsent(instance, this::build);
    }

    /** Whether the instance is switched on ({@code mfgsync.connectors.endpoints.<instance>.enabled}). */
    public boolean enabled(String instance) {
        return Optional.ofNullable(config.endpoints().get(instance)).map(ConnectorsConfig.Endpoint::enabled).orElse(false);
    }

    private AgroalDataSource build(String instance) {
        ConnectorsConfig.Endpoint endpoint = config.endpoints().get(instance);
        if (endpoint == null || endpoint.jdbcUrl().isEmpty()) {
            throw new IllegalStateException("No mfgsync.connectors.endpoints." + instance + ".jdbc-url is configured");
        }
        try {
            return AgroalDataSource.from(create(endpoint.jdbcUrl().get(), endpoint.username().orElse(null),
                    endpoint.password().orElse(null), endpoint.maxConnections()));
        } catch (SQLException e) {
            throw new IllegalStateException("The connection pool of " + instance + " could not be built: " + e.getMessage(), e);
        }
    }

    /** Also used by tests, for a pool exactly like the application's. */
    public static AgroalDataSourceConfigurationSupplier create(String jdbcUrl, String username, String password,
            int maxConnections) {
        return new AgroalDataSourceConfigurationSupplier()
                .connectionPoolConfiguration(pool -> pool
                        .initialSize(0)
                        .minSize(0)
                        .maxSize(maxConnections)
                        // an unreachable database must fail the call soon (transient), not hang the caller
                        .acquisitionTimeout(Duration.ofSeconds(10))
                        // a connection broken while the database was down is found and replaced, not handed out again
                        .validateOnBorrow(true)
                        .connectionValidator(AgroalConnectionPoolConfiguration.ConnectionValidator.defaultValidatorWithTimeout(5))
                        .exceptionSorter(AgroalConnectionPoolConfiguration.ExceptionSorter.defaultExceptionSorter())
                        .validationTimeout(Duration.ofSeconds(30))
                        .reapTimeout(Duration.ofMinutes(5))
                        .connectionFactoryConfiguration(factory -> {
                            factory.jdbcUrl(jdbcUrl).loginTimeout(Duration.ofSeconds(5));
                            driverOf(jdbcUrl).ifPresent(factory::connectionProviderClass);
                            if (username != null && !username.isEmpty()) {
                                factory.principal(new NamePrincipal(username));
                            }
                            if (password != null && !password.isEmpty()) {
                                factory.credential(new SimplePassword(password));
                            }
                            return factory;
                        }));
    }

    /** The driver class for the URL's scheme where known (no reliance on DriverManager discovery). */
    static Optional<Class<?>> driverOf(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return Optional.of(org.postgresql.Driver.class);
        }
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            return Optional.of(org.h2.Driver.class);
        }
        return Optional.empty();
    }

    @PreDestroy
    void close() {
        pools.values().forEach(AgroalDataSource::close);
        pools.clear();
    }
}
