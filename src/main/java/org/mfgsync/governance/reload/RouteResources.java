package org.mfgsync.governance.reload;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.component.microprofile.faulttolerance.FaultToleranceProcessor;

import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.faulttolerance.apiimpl.BasicCircuitBreakerMaintenanceImpl;

/**
 * Named resources a route holds that outlive the route unless a reload gives them back. Today: circuit breakers.
 * Camel's {@code circuitBreaker} (camel-microprofile-fault-tolerance) builds a SmallRye Fault Tolerance guard each
 * time its route starts, named after the EIP's id, and SmallRye registers every breaker name for the life of the JVM
 * with no way to forget one — so the restarted route's guard failed every call with "Circuit breaker already
 * exists". Thread pools need nothing here: the EIPs that create their own shut them down with the route.
 */
final class RouteResources {

    private RouteResources() {
    }

    /** Names of the circuit breakers a route built for itself (not application guards it refers to). */
    static List<String> circuitBreakersOf(CamelContext camel, Route route) {
        List<String> names = new ArrayList<>();
        if (route == null) {
            return names;
        }
        var shared = camel.getRegistry().findByType(TypedGuard.class);
        for (Processor processor : route.filter("*")) {
            if (processor instanceof FaultToleranceProcessor breaker && breaker.getId() != null
                    && (breaker.getTypedGuard() == null || !shared.contains(breaker.getTypedGuard()))) {
                names.add(breaker.getId());
            }
        }
        return names;
    }

    /**
     * Forgets circuit breaker names whose routes have been removed, so that the routes' next version can register
     * its own breaker under the same name (its state starts CLOSED, as after Camel's own stop, which resets it).
     */
    static void releaseCircuitBreakers(List<String> names) {
        if (names.isEmpty()) {
            return;
        }
        Map<String, ?> registry = breakerRegistry();
        names.forEach(registry::remove);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> breakerRegistry() {
        CircuitBreakerMaintenance maintenance = CircuitBreakerMaintenance.get();
        try {
            // SmallRye Fault Tolerance 6.x offers no API to unregister a breaker: its private name → breaker map
            Field registry = BasicCircuitBreakerMaintenanceImpl.class.getDeclaredField("registry");
            registry.setAccessible(true);
            return (Map<String, ?>) registry.get(maintenance);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("Cannot release the circuit breaker names of the replaced routes ("
                    + maintenance.getClass().getName() + " has no breaker registry this version knows): a route with a"
                    + " circuitBreaker cannot be reloaded on this SmallRye Fault Tolerance version, restart instead", e);
        }
    }
}
