package org.mfgsync.connectors;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.health.HealthCheckRepository;
import org.apache.camel.health.HealthCheckAware;
import org.apache.camel.impl.cluster.ClusteredRoutePolicy;
import org.apache.camel.impl.health.ConsumerHealthCheck;
import org.apache.camel.quarkus.main.events.BeforeConfigure;
import org.apache.camel.support.LifecycleStrategySupport;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Unremovable;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.health.api.HealthGroup;

/**
 * Partner connectivity, kept apart from readiness. A partner's SFTP or FTP server or drop folder that cannot be
 * reached holds only that partner's intake (its files wait on its side and are taken when it is back); readiness taken
 * DOWN for it would take the pod out of its Service, and with it every webhook and API of every other system.
 * <p>
 * Camel's own consumer checks are off ({@code camel.health.consumers-enabled=false}: its repository would put every
 * consumer in readiness). In their place this registers the repository {@value #BACKBONE_REPOSITORY}: the consumer
 * check of every route but the partner connectors' (Kafka, the HTTP APIs), in readiness as before. The inbound file
 * connectors' routes (route group {@value #GROUP}, set by the connector template) are reported instead, one entry per
 * route, in the health group {@value #HEALTH_GROUP} ({@code /q/health/group/partners}: DOWN naming each route that
 * cannot reach its partner and the partner's answer) and as the gauge {@code mfgsync_partner_connection_up{route}}
 * (1 reachable, 0 not); {@link #connections()} gives the same states to the dashboard's API on the main port
 * ({@link PartnerConnectionsApi}: health is served on the management port only). Routes come and go with the hot
 * reload; all of them follow.
 */
@ApplicationScoped
@Unremovable
public class PartnerConnectivity extends LifecycleStrategySupport {

    /** The route group of partner connector routes (routes/connectors/file-inbound.camel.yaml). */
    public static final String GROUP = "partner-connectors";
    public static final String HEALTH_GROUP = "partners";
    static final String BACKBONE_REPOSITORY = "backbone-consumers";
    static final String GAUGE = "mfgsync.partner.connection.up";

    private final CamelContext camel;
    private final MeterRegistry meters;
    /** Partner route id → its gauge. */
    private final Map<String, Meter> routes = new ConcurrentHashMap<>();
    /** Route → its consumer check, for the consumers of the routes running now. */
    private final Map<Route, HealthCheck> consumerChecks = new ConcurrentHashMap<>();

    public PartnerConnectivity(CamelContext camel, MeterRegistry meters) {
        this.camel = camel;
        this.meters = meters;
    }

    /** Before Camel Main configures the routes: every route, also one added later by the hot reload, is seen. */
    void register(@Observes BeforeConfigure configure) {
        CamelContext context = configure.getCamelContext();
        if (!context.getLifecycleStrategies().contains(this)) {
            context.addLifecycleStrategy(this);
            HealthCheckRegistry registry = HealthCheckRegistry.get(context);
            if (registry != null) {
                registry.register(new BackboneConsumers());
            }
        }
    }

    /** The consumer checks of every route but the partner connectors', in readiness. */
    private final class BackboneConsumers implements HealthCheckRepository {

        @Override
        public String getId() {
            return BACKBONE_REPOSITORY;
        }

        @Override
        public boolean isEnabled() {
            return true;
        }

        @Override
        public void setEnabled(boolean enabled) {
            // always on: without it no consumer would be in readiness
        }

        @Override
        public Stream<HealthCheck> stream() {
            return camel.getRoutes().stream()
                    .filter(route -> route.getId() != null && !GROUP.equals(route.getGroup()))
                    .map(PartnerConnectivity.this::consumerCheck);
        }
    }

    /** Camel's check of the route's consumer (route started, its consumer's own check), kept while the route lives. */
    private HealthCheck consumerCheck(Route route) {
        return consumerChecks.computeIfAbsent(route, r -> {
            ConsumerHealthCheck check = new ConsumerHealthCheck(r, "consumer:" + r.getRouteId());
            check.setCamelContext(camel);
            return check;
        });
    }

    @Override
    public void onRoutesAdd(Collection<Route> added) {
        for (Route route : added) {
            if (GROUP.equals(route.getGroup()) && !routes.containsKey(route.getRouteId())) {
                String id = route.getRouteId();
                routes.put(id, Gauge.builder(GAUGE, this, self -> !self.polling(id) ? Double.NaN : self.reachable(id) ? 1 : 0)
                        .description("Whether the partner connector route reaches its partner (1) or not (0); NaN while it does not poll")
                        .tag("route", id).register(meters));
            }
        }
    }

    @Override
    public void onRoutesRemove(Collection<Route> removed) {
        for (Route route : removed) {
            consumerChecks.remove(route);
            Meter gauge = routes.remove(route.getRouteId());
            if (gauge != null) {
                meters.remove(gauge);
            }
        }
    }

    /** The health group's check (a bean of its own: a qualified bean is not found as Camel's lifecycle strategy). */
    @ApplicationScoped
    @HealthGroup(HEALTH_GROUP)
    static class PartnersHealth implements org.eclipse.microprofile.health.HealthCheck {

        private final PartnerConnectivity partners;

        PartnersHealth(PartnerConnectivity partners) {
            this.partners = partners;
        }

        @Override
        public HealthCheckResponse call() {
            return partners.health();
        }
    }

    /** One partner connector route: whether it reaches its partner and, when not, why (the partner's answer). */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Connection(String route, State state, String detail) {

        public enum State {
            /** reaches its partner (also before its first poll) */
            UP,
            /** cannot reach its partner: the detail says why */
            DOWN,
            /** a leader-only route on a follower: another instance leads and polls it */
            STANDBY,
            /** its instance is disabled or its route stopped: it does not try */
            NOT_POLLING
        }
    }

    /** Every partner connector route of this instance with its state, by route id. */
    public List<Connection> connections() {
        List<Connection> connections = new ArrayList<>();
        for (String id : new TreeSet<>(routes.keySet())) {
            if (!polling(id)) {
                connections.add(standby(id)
                        ? new Connection(id, Connection.State.STANDBY, "another instance leads and polls it")
                        : new Connection(id, Connection.State.NOT_POLLING, "instance disabled or route stopped"));
                continue;
            }
            HealthCheck.Result result = check(id);
            boolean up = result == null || result.getState() != HealthCheck.State.DOWN;
            connections.add(up ? new Connection(id, Connection.State.UP, null)
                    : new Connection(id, Connection.State.DOWN, reason(result)));
        }
        return connections;
    }

    /** The health group's answer: DOWN when a route cannot reach its partner, one entry per route. */
    HealthCheckResponse health() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("Partner connections").up();
        for (Connection connection : connections()) {
            switch (connection.state()) {
                case UP -> response.withData(connection.route(), "UP");
                case DOWN -> response.down().withData(connection.route(), "DOWN: " + connection.detail());
                case STANDBY -> response.withData(connection.route(), "STANDBY (" + connection.detail() + ")");
                case NOT_POLLING -> response.withData(connection.route(), "NOT POLLING (" + connection.detail() + ")");
            }
        }
        return response.build();
    }

    /** Whether the route runs on the leader only and another instance leads now. */
    boolean standby(String routeId) {
        Route route = camel.getRoute(routeId);
        return route != null && route.getRoutePolicyList().stream()
                .anyMatch(policy -> policy instanceof ClusteredRoutePolicy clustered && !clustered.isLeader());
    }

    /** Whether the route runs (a disabled instance's route is not started). */
    boolean polling(String routeId) {
        var status = camel.getRouteController().getRouteStatus(routeId);
        return status != null && status.isStarted();
    }

    /** Whether the route's consumer reaches its partner (also while its first poll has not happened yet). */
    boolean reachable(String routeId) {
        HealthCheck.Result result = check(routeId);
        return result == null || result.getState() != HealthCheck.State.DOWN;
    }

    private HealthCheck.Result check(String routeId) {
        Route route = camel.getRoute(routeId);
        if (route == null) {
            return null;
        }
        // the consumer's own check (its last poll), asked directly: Camel's consumer check skips it for a route that is
        // not auto-started, and the leader-only policy starts partner routes itself
        if (route.getConsumer() instanceof HealthCheckAware aware && aware.getHealthCheck() != null) {
            return aware.getHealthCheck().call();
        }
        return consumerCheck(route).call();
    }

    /**
     * The check's message, its error's and the error's root cause's (the partner's answer, e.g. a refused login or
     * host key, is often only in the cause: "Cannot connect to sftp://…" ← "HostKey has been changed").
     */
    private static String reason(HealthCheck.Result result) {
        StringBuilder reason = new StringBuilder(result.getMessage().orElse("unreachable"));
        result.getError().ifPresent(error -> {
            reason.append(": ").append(error.getMessage());
            Throwable root = error;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            if (root != error && root.getMessage() != null) {
                reason.append(" (").append(root.getMessage()).append(')');
            }
        });
        return reason.toString();
    }
}
