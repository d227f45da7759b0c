package org.mfgsync.resilience;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.camel.CamelContext;
import org.apache.camel.component.microprofile.faulttolerance.FaultToleranceProcessor;
import org.apache.camel.spi.CamelEvent;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

import io.smallrye.health.api.Wellness;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The circuit breaker of every target named under {@code mfgsync.resilience.targets}: a route's
 * {@code circuitBreaker} with id {@code <target>.circuit-breaker}. Each state is a gauge ({@code mfgsync_circuit_breaker_state{target,state}} = 1 for
 * the current state) and part of the wellness report ({@code /q/health/well}, also in {@code /q/health}), not of
 * readiness nor liveness: an open breaker neither takes the pod out of service nor restarts it — the inbound APIs keep
 * accepting work, which is held until the target recovers.
 */
@Wellness
@ApplicationScoped
public class CircuitBreakers implements HealthCheck {

    static final String SUFFIX = ".circuit-breaker";
    static final String[] STATES = { "CLOSED", "OPEN", "HALF_OPEN" };

    private final CamelContext camel;
    private final MeterRegistry registry;
    private final ResilienceConfig config;
    private final Set<String> registered = ConcurrentHashMap.newKeySet();

    @Inject
    public CircuitBreakers(CamelContext camel, MeterRegistry registry, ResilienceConfig config) {
        this.camel = camel;
        this.registry = registry;
        this.config = config;
    }

    void onStarted(@Observes CamelEvent.CamelContextStartedEvent started) {
        states().keySet().forEach(this::register);
    }

    /** Target → state (CLOSED, OPEN, HALF_OPEN) of the circuit breaker of every configured target the routes have. */
    public Map<String, String> states() {
        Map<String, String> states = new TreeMap<>();
        for (String target : config.targets().keySet()) {
            if (camel.getProcessor(target + SUFFIX) != null) {
                states.put(target, stateOf(target + SUFFIX));
            }
        }
        return states;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("Outbound targets").up();
        states().forEach((target, state) -> {
            response.withData(target, state);
            register(target);
        });
        return response.build();
    }

    private void register(String target) {
        if (!registered.add(target)) {
            return;
        }
        for (String state : STATES) {
            Gauge.builder("mfgsync.circuit.breaker.state", () -> state.equals(stateOf(target + SUFFIX)) ? 1 : 0)
                    .description("1 when the target's circuit breaker is in this state")
                    .tag("target", target).tag("state", state.toLowerCase(java.util.Locale.ROOT))
                    .register(registry);
        }
    }

    private String stateOf(String processorId) {
        FaultToleranceProcessor breaker = camel.getProcessor(processorId, FaultToleranceProcessor.class);
        String state = breaker == null ? null : breaker.getCircuitBreakerState();
        return state == null ? "UNKNOWN" : state;
    }

}
