package org.mfgsync.governance;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.jboss.logging.Logger;
import org.mfgsync.governance.reload.ClusterConfiguration;
import org.mfgsync.governance.reload.HotReloader;
import org.mfgsync.governance.reload.ReloadRecord;

/**
 * The admin API, defined here rather than in {@code routes/} so that no reload of the routes folder can remove it:
 * {@code GET /api/v1/admin/routes}, {@code GET /api/v1/admin/reloads}, {@code POST /api/v1/admin/reloads} (this instance
 * reloads, then every other replica: {@link ClusterConfiguration}), {@code GET /api/v1/admin/configuration} (the route
 * and mapping set each replica runs).
 * Every call needs the admin bearer token ({@link AdminAccess}).
 */
@ApplicationScoped
public class AdminApi extends RouteBuilder {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = Logger.getLogger("org.mfgsync.governance");
    /** On an admin reload's answer: whether the other replicas were asked to reload too. */
    static final String CLUSTER_HEADER = "X-Mfgsync-Cluster-Reload";
    private static final String NO_TOKEN = "No admin bearer token (problem+json)";
    private static final String NOT_ADMIN = "Not the admin token (problem+json)";

    private final HotReloader reloader;
    private final ClusterConfiguration cluster;
    private final AdminAccess auth;
    private ProducerTemplate producer;

    public AdminApi(HotReloader reloader, ClusterConfiguration cluster, AdminAccess auth) {
        this.reloader = reloader;
        this.cluster = cluster;
        this.auth = auth;
    }

    @Override
    public void configure() {
        // The API document's security schemes, defined once here (this REST block is always loaded): every REST file's
        // operations name one of them (security: adminToken or webhookSignature)
        rest("/api/v1/admin").id("api.admin").tag("admin")
                .securityDefinitions()
                .bearerToken("adminToken", "The admin bearer token (mfgsync.admin.token, from a Secret): "
                        + "Authorization: Bearer <token>", "opaque")
                .apiKey("webhookSignature", "v1=<hex HMAC-SHA256 of timestamp.rawBody> with the sender's secret, beside "
                        + "X-Mfgsync-Timestamp and X-Mfgsync-Delivery-Id (README: Signed webhooks)")
                .withHeader("X-Mfgsync-Signature").end().end()
                .get("/routes").id("api.admin.get-routes").produces("application/json").security("adminToken").to("direct:admin.routes")
                .responseMessage("200", "The routes running now: id, source file, content hash, state").responseMessage("401", NO_TOKEN)
                .responseMessage("403", NOT_ADMIN)
                .get("/reloads").id("api.admin.get-reloads").produces("application/json").security("adminToken").to("direct:admin.reloads")
                .responseMessage("200", "Recent reload outcomes, newest first").responseMessage("401", NO_TOKEN)
                .responseMessage("403", NOT_ADMIN)
                .post("/reloads").id("api.admin.post-reload").produces("application/json").security("adminToken").to("direct:admin.reload")
                .responseMessage("200", "Applied or unchanged here, and asked of every other replica")
                .responseMessage("401", NO_TOKEN).responseMessage("403", NOT_ADMIN)
                .responseMessage("409", "Hot reload is disabled in this deployment")
                .responseMessage("422", "Rejected: the reasons name every file held back")
                .responseMessage("500", "Failed and rolled back")
                .get("/configuration").id("api.admin.get-configuration").produces("application/json").security("adminToken").to("direct:admin.configuration")
                .responseMessage("200", "The route and mapping set every replica runs, and whether they all run the same")
                .responseMessage("401", NO_TOKEN).responseMessage("403", NOT_ADMIN);
        producer = getContext().createProducerTemplate();

        // The route and mapping set of every replica, and whether they all run the same
        from("direct:admin.configuration").routeId("admin.configuration")
                .process(auth)
                .process(e -> json(e, 200, cluster.replicas()));

        // Routes running now: id, source file and its content hash, state
        from("direct:admin.routes").routeId("admin.routes")
                .process(auth)
                .process(e -> json(e, 200, Map.of("routes", reloader.routes())));

        // Recent reload outcomes, newest first, with the reasons of rejections
        from("direct:admin.reloads").routeId("admin.reloads")
                .process(auth)
                .process(e -> json(e, 200, Map.of("enabled", reloader.enabled(), "reloads", reloader.history())));

        // Reload on demand: 200 applied or unchanged, 422 rejected, 500 failed and rolled back, 409 reload disabled
        from("direct:admin.reload").routeId("admin.reload")
                .process(auth)
                .process(this::reload);
    }

    private void reload(Exchange exchange) throws Exception {
        if (!reloader.enabled()) {
            json(exchange, 409, new ProblemDetails.Problem(ProblemDetails.TYPE_BASE + "reload-disabled",
                    "Hot reload is disabled", 409, "This deployment has mfgsync.reload.enabled=false.", null, List.of()));
            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, ProblemDetails.MEDIA_TYPE);
            return;
        }
        String actor = exchange.getProperty(AdminAccess.ACTOR, String.class);
        ReloadRecord record = reloader.reloadNow("api", actor);
        boolean requested = true;
        try {
            cluster.requestClusterReload(producer, actor);
        } catch (Exception e) {
            // this instance's outcome stands; the others pick the change up from their folders' watch
            requested = false;
            LOG.warnf("Reload not requested from the other replicas (the control topic did not take it): %s", e.getMessage());
        }
        int status = switch (record.result()) {
            case ReloadRecord.REJECTED -> 422; // nothing went in; partially-applied is 200 with the held-back files in the body
            case ReloadRecord.FAILED -> 500;
            default -> 200;
        };
        json(exchange, status, record);
        exchange.getMessage().setHeader(CLUSTER_HEADER, requested ? "requested" : "not-requested");
    }

    private static void json(Exchange exchange, int status, Object body) throws Exception {
        var message = exchange.getMessage();
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(JSON.writeValueAsString(body));
    }
}
