package org.mfgsync.resilience;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.camel.spi.CamelEvent;
import org.apache.camel.quarkus.main.events.BeforeConfigure;
import org.apache.camel.support.EventNotifierSupport;
import org.jboss.logging.Logger;

import io.quarkus.arc.Unremovable;

/**
 * A graceful stop leaves no work behind a lease. (As it begins, {@link LeaderElection} gives this instance's leadership
 * up, so another instance takes the pollers and timers within a renew interval.) Once Camel has stopped every route
 * (in-flight exchanges
 * finished, or cut off after {@code camel.main.shutdown-timeout}), the claims this instance still holds unfinished
 * (PENDING, owner this instance) are released in one statement. Another replica then takes that work — a record
 * redelivered by Kafka, a half-read file — at once instead of after the claim's lease (5 minutes by default), from its
 * start, with the same idempotency keys, as after a crash. Confirmed (DONE) claims are never touched.
 */
@ApplicationScoped
@Unremovable
public class ClaimsAtShutdown extends EventNotifierSupport {

    private static final Logger LOG = Logger.getLogger("org.mfgsync.resilience");

    private final DataSource dataSource;

    public ClaimsAtShutdown(DataSource dataSource) {
        this.dataSource = dataSource;
        setIgnoreExchangeEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
    }

    void register(@Observes BeforeConfigure configure) {
        var management = configure.getCamelContext().getManagementStrategy();
        if (!management.getEventNotifiers().contains(this)) {
            management.addEventNotifier(this);
        }
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event.getType() == CamelEvent.Type.RoutesStopped;
    }

    @Override
    public void notify(CamelEvent event) {
        int released = release(dataSource, LeasedIdempotentRepository.INSTANCE);
        if (released > 0) {
            LOG.infof("Released %d unfinished claim(s) at shutdown instance=%s: another instance takes that work at once",
                    released, LeasedIdempotentRepository.INSTANCE);
        }
    }

    /** Deletes the PENDING claims of {@code instance}; how many there were. */
    static int release(DataSource dataSource, String instance) {
        try (Connection c = dataSource.getConnection(); PreparedStatement release = c.prepareStatement(
                "DELETE FROM CAMEL_MESSAGEPROCESSED WHERE owner LIKE ? ESCAPE '!' AND state = '" + LeasedIdempotentRepository.PENDING + "'")) {
            // the owner is "<instance>/<claim id>"; the instance's own characters are taken literally
            release.setString(1, instance.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "/%");
            return release.executeUpdate();
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("Unfinished claims not released at shutdown (others take them once their leases run out): %s",
                    e.getMessage());
            return 0;
        }
    }
}
