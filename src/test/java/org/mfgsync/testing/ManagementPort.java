package org.mfgsync.testing;

import java.net.URI;

import io.quarkus.test.common.http.TestHTTPResourceManager;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * The management interface of the app under test in a {@code @QuarkusTest}: health ({@code /q/health/...}) and metrics
 * ({@code /q/metrics}) are served on a port of their own ({@code quarkus.management.*}; in tests a free port,
 * {@code %test.quarkus.management.test-port=0}), not on the port RestAssured's {@code given()} calls, which answers 404
 * there. {@code ManagementPort.given().get("/q/health/ready")} asks the management port with the same path a probe or
 * {@code curl} uses.
 */
public final class ManagementPort {

    private ManagementPort() {
    }

    /** {@code given()} on the management interface's host and port. */
    public static RequestSpecification given() {
        URI root = root();
        return RestAssured.given().baseUri(root.getScheme() + "://" + root.getHost()).port(root.getPort()).basePath("");
    }

    /**
     * The management interface's root as Quarkus' test support sees it ({@code test.management.url}: host, the port it
     * bound, root path {@code /q}), the same URL {@code @TestHTTPResource(management = true)} injects.
     */
    public static URI root() {
        return URI.create(TestHTTPResourceManager.getManagementUri());
    }
}
