package org.mfgsync.testing;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** supplier-cobalt's portal REST API, played by a WireMock server on a free port. */
public class SupplierPortalSimulator implements QuarkusTestResourceLifecycleManager {

    public static final String TOKEN = "test-only-cobalt-token";

    private static WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort());
        server.start();
        String prefix = "mfgsync.connectors.endpoints.supplier-cobalt.";
        return Map.of(prefix + "enabled", "true",
                prefix + "url", server.baseUrl(),
                prefix + "token", TOKEN,
                prefix + "timeout-millis", "1500");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    public static WireMockServer server() {
        return server;
    }
}
