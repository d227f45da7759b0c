package org.mfgsync.governance;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.mfgsync.MfgsyncConfig;
import org.jboss.logging.Logger;

/**
 * Guards the admin API ({@code /api/v1/admin/*}) with a bearer token from {@code mfgsync.admin.token}. Without a
 * configured token every call is refused (403), so a deployment that forgot to set one is closed, not open.
 * A missing or malformed {@code Authorization} header answers 401, a wrong token 403, both as problem+json.
 * The token is a shared secret, not a user identity: the optional {@code X-Actor} header names who acts, for the
 * audit log.
 */
@ApplicationScoped
@Named("adminAuth")
public class AdminAuth implements Processor {

    public static final String ACTOR = "mfgsyncAdminActor";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = Logger.getLogger("org.mfgsync.governance");

    private final Optional<String> token;

    public AdminAuth(MfgsyncConfig config) {
        this.token = config.admin().token().filter(t -> !t.isBlank());
    }

    @Override
    public void process(Exchange exchange) throws JsonProcessingException {
        String header = exchange.getMessage().getHeader("Authorization", String.class);
        if (token.isEmpty()) {
            refuse(exchange, 403, "admin-disabled", "The admin API is disabled",
                    "No admin token is configured (mfgsync.admin.token / MFGSYNC_ADMIN_TOKEN).");
            return;
        }
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            exchange.getMessage().setHeader("WWW-Authenticate", "Bearer realm=\"mfgsync-admin\"");
            refuse(exchange, 401, "unauthorized", "Admin credentials are required",
                    "Send Authorization: Bearer <admin token>.");
            return;
        }
        byte[] presented = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(presented, token.get().getBytes(StandardCharsets.UTF_8))) {
            LOG.warnf("Admin API call refused: wrong token for %s %s", exchange.getMessage().getHeader(Exchange.HTTP_METHOD),
                    exchange.getMessage().getHeader(Exchange.HTTP_PATH));
            refuse(exchange, 403, "forbidden", "The admin token is not valid", "The bearer token was not accepted.");
            return;
        }
        String actor = exchange.getMessage().getHeader("X-Actor", String.class);
        exchange.setProperty(ACTOR, "admin-api:" + (actor != null && actor.matches("[A-Za-z0-9._@:-]{1,100}") ? actor : "token"));
    }

    private static void refuse(Exchange exchange, int status, String type, String title, String detail)
            throws JsonProcessingException {
        var message = exchange.getMessage();
        String authenticate = message.getHeader("WWW-Authenticate", String.class);
        message.getHeaders().clear();
        if (authenticate != null) {
            message.setHeader("WWW-Authenticate", authenticate);
        }
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, ProblemDetails.MEDIA_TYPE);
        message.setBody(JSON.writeValueAsString(new ProblemDetails.Problem(ProblemDetails.TYPE_BASE + type, title, status,
                detail, null, List.of())));
        exchange.setRouteStop(true);
    }
}
