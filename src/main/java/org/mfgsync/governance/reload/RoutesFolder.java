package org.mfgsync.governance.reload;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;

/**
 * Loads the routes folder into Camel at start, the way {@code camel.main.routes-include-pattern} would, but through
 * the {@link HotReloader}, so that what runs is exactly what the reloader recorded (files and hashes), and so
 * that the hidden folders of a Kubernetes ConfigMap volume ({@code ..data}) are not loaded a second time.
 */
@ApplicationScoped
public class RoutesFolder implements RoutesBuilder {

    private final HotReloader reloader;

    public RoutesFolder(HotReloader reloader) {
        this.reloader = reloader;
    }

    @Override
    public void addRoutesToCamelContext(CamelContext context) throws Exception {
        reloader.loadAtStart();
    }

    @Override
    public void addTemplatedRoutesToCamelContext(CamelContext context) {
        // templated routes are added with the folder in addRoutesToCamelContext
    }

    @Override
    public Set<String> updateRoutesToCamelContext(CamelContext context) {
        throw new UnsupportedOperationException("the routes folder is updated by HotReloader");
    }
}
