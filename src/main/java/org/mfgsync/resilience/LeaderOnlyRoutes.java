package org.mfgsync.resilience;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.cluster.ClusteredRoutePolicy;
import org.apache.camel.quarkus.main.events.BeforeConfigure;
import org.apache.camel.spi.RoutePolicy;

import io.quarkus.arc.Unremovable;

/**
 * Routes that must run on one instance at a time — pollers of shared folders and staging tables, and the timers that
 * act on shared state (auto-retry, replay jobs, retention purge, SLA watchdog) — name the route policy
 * {@value #POLICY} ({@code routePolicy: leaderOnly}). Camel starts them on the instance that leads the namespace
 * {@value #NAMESPACE} ({@link LeaderElection}, on the state database's leases) and stops them on every other one; when
 * the leader stops or dies, another instance starts them once it has taken the lease.
 */
@ApplicationScoped
public class LeaderOnlyRoutes {

    /** The route policy's bean name, as route files name it. */
    public static final String POLICY = "leaderOnly";
    /** One namespace for all leader-only work: what runs alone runs on one instance, visible in one place. */
    public static final String NAMESPACE = "mfgsync-leader";

    @Produces
    @Singleton
    @Unremovable
    LeaderElection leaderElection(ClusterLeases leases, ResilienceConfig config) {
        return new LeaderElection(leases, config.leader().lease(), config.leader().renewInterval(), Clock.systemUTC());
    }

    @Produces
    @Singleton
    @Unremovable
    @Named(POLICY)
    RoutePolicy leaderOnly(LeaderElection election, CamelContext camel) throws Exception {
        ClusteredRoutePolicy policy = ClusteredRoutePolicy.forNamespace(election, NAMESPACE);
        policy.setCamelContext(camel);
        return policy;
    }

    /** Before the routes are configured, so the policy finds the cluster service when the first route starts. */
    void register(@Observes BeforeConfigure configure, LeaderElection election) throws Exception {
        if (!configure.getCamelContext().hasService(election)) {
            configure.getCamelContext().addService(election);
        }
    }
}
