package org.mfgsync.resilience;

import javax.sql.DataSource;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.InjectableInstance;

/**
 * The state database, chosen when the app starts rather than when it is built: PostgreSQL (the default datasource, the
 * production store) or the embedded H2 (datasource {@value #EMBEDDED}, for {@code make run} and the tests). Both pools
 * are built into the app; the configuration profile {@value #EMBEDDED} activates H2 and deactivates PostgreSQL
 * (application.properties), so one build, one image, runs on either. Every class that keeps state injects
 * {@code DataSource} and gets the active one from here.
 */
@ApplicationScoped
public class StateDatabases {

    /** Name of the embedded H2 datasource, and of the configuration profile that makes it the state database. */
    public static final String EMBEDDED = "embedded";

    private static final Logger LOG = Logger.getLogger("org.mfgsync.resilience");

    @Produces
    @Singleton
    @Alternative
    @Priority(1)
    DataSource stateDatabase(InjectableInstance<AgroalDataSource> postgresql,
            @io.quarkus.agroal.DataSource(EMBEDDED) InjectableInstance<AgroalDataSource> embedded) {
        if (embedded.getHandle().getBean().isActive()) {
            LOG.info("State database: the embedded H2 (configuration profile embedded)");
            return embedded.get();
        }
        if (!postgresql.getHandle().getBean().isActive()) {
            throw new IllegalStateException("No state database is active: set QUARKUS_DATASOURCE_JDBC_URL (PostgreSQL), or "
                    + "run with the configuration profile embedded (QUARKUS_PROFILE=prod,embedded) for the embedded H2");
        }
        LOG.info("State database: PostgreSQL");
        return postgresql.get();
    }
}
