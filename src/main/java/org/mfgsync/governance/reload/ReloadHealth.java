package org.mfgsync.governance.reload;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: DOWN only when a reload failed while being applied and its rollback failed too, so the running routes
 * may match no version on disk. A rejected change is no reason to stop traffic (the previous version runs).
 */
@Readiness
@ApplicationScoped
public class ReloadHealth implements HealthCheck {

    private final HotReloader reloader;

    public ReloadHealth(HotReloader reloader) {
        this.reloader = reloader;
    }

    @Override
    public HealthCheckResponse call() {
        String problem = reloader.inconsistency();
        var response = HealthCheckResponse.named("Routes and mappings reload").withData("enabled", reloader.enabled());
        return problem == null ? response.up().build() : response.down().withData("problem", problem).build();
    }
}
