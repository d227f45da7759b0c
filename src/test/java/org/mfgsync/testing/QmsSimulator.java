package org.mfgsync.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** The QMS REST API (corrective actions, inspection schedule), played by a WireMock server on a free port. */
public class QmsSimulator implements QuarkusTestResourceLifecycleManager {

    public static final String CORRECTIVE_ACTIONS = "/api/v1/corrective-actions";

    private static WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort());
        server.start();
        acceptCorrectiveActions();
        return Map.of("mfgsync.qms.url", server.baseUrl(), "mfgsync.qms.timeout-millis", "2000");
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

    /**
     * The QMS opens every SCAR it is asked for (low priority, so a test's own stubs win) and answers its id,
     * {@code SCAR-<lot>}: the quality workflow of any test that rejects a lot completes.
     */
    public static void acceptCorrectiveActions() {
        server.stubFor(post(urlEqualTo(CORRECTIVE_ACTIONS)).atPriority(10).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"correctiveAction\":\"SCAR-{{jsonPath request.body '$.lot'}}\",\"status\":\"OPEN\"}")
                .withTransformers("response-template")));
    }
}
