package org.mfgsync.governance;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.jboss.logging.Logger;
import org.mfgsync.MfgsyncConfig;

/**
 * First step of every admin API route (route reload, exception replay/discard): lets the request through only with
 * {@code Authorization: Bearer <admin token>} from {@code mfgsync.admin.token}. Otherwise it answers 401 (no bearer
 * credential) or 403 (wrong one, or no admin token configured: a deployment that forgot one is closed, not open) as
 * problem+json and stops the route. The token is a shared secret, not a user identity: the optional {@code X-Actor}
 * header names who acts, for the audit log.
 */
@ApplicationScoped
@Named("adminAccess")
public class AdminAccess implements Processor {

    public static final String ACTOR = "mfgsyncAdminActor";
    static final String TYPE_BASE = "https://mfgsync.org/problems/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = Logger.getLogger("org.mfgsync.api");

    private final Optional<String> token;

    @Inject
    public AdminAccess(MfgsyncConfig config) {
        this.token = config.admin().token().filter(t -> !t.isBlank());
    }

    @Override
    public void process(Exchange exchange) throws JsonProcessingException {
        Message message = exchange.getMessage();
        String authorization = message.getHeader("Authorization", String.class);
        message.removeHeader("Authorization");
        String presented = bearer(authorization);
        if (presented == null) {
            deny(exchange, 401, "unauthenticated", "Admin credential required",
                    "Send the admin token as 'Authorization: Bearer <token>'.");
        } else if (token.isEmpty()) {
            deny(exchange, 403, "forbidden", "Admin operations are disabled",
                    "No admin token is configured (mfgsync.admin.token / MFGSYNC_ADMIN_TOKEN).");
        } else if (!sameSecret(presented, token.get())) {
            deny(exchange, 403, "forbidden", "Not an admin credential", "The bearer token is not the admin token.");
        } else {
            String actor = message.getHeader("X-Actor", String.class);
            exchange.setProperty(ACTOR,
                    "admin-api:" + (actor != null && actor.matches("[A-Za-z0-9._@:-]{1,100}") ? actor : "token"));
        }
    }

    static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    /** Compares digests in constant time, so the answer time does not leak how much of the token was right. */
    static boolean sameSecret(String presented, String expected) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] a = sha.digest(presented.getBytes(StandardCharsets.UTF_8));
            byte[] b = sha.digest(expected.getBytes(StandardCharsets.UTF_8));
            return MessageDigest.isEqual(a, b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deny(Exchange exchange, int status, String type, String title, String detail)
            throws JsonProcessingException {
        Message message = exchange.getMessage();
        String correlationId = message.getHeader("correlationId", String.class);
        LOG.warnf("Refused admin request %s status=%d reason=%s", exchange.getFromRouteId(), status, title);
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, ProblemDetails.MEDIA_TYPE);
        if (status == 401) {
            message.setHeader("WWW-Authenticate", "Bearer");
        }
        message.setBody(JSON.writeValueAsString(
                new ProblemDetails.Problem(TYPE_BASE + type, title, status, detail, correlationId, List.of())));
        exchange.setRouteStop(true);
    }
}
