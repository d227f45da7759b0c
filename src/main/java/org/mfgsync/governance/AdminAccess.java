package org.mfgsync.governance;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.jboss.logging.Logger;

/**
 * First step of every admin API route: lets the request through only with {@code Authorization: Bearer <admin token>}.
 * Otherwise it answers 401 (no bearer credential) or 403 (wrong one, or admin access not configured) as
 * problem+json and stops the route.
 */
@ApplicationScoped
@Named("adminAccess")
public class AdminAccess implements Processor {

    static final String TYPE_BASE = "https://mfgsync.org/problems/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = Logger.getLogger("org.mfgsync.api");

    private final AdminConfig config;

    @Inject
    public AdminAccess(AdminConfig config) {
        this.config = config;
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
        } else if (config.token().isEmpty() || config.token().get().isBlank()) {
            deny(exchange, 403, "forbidden", "Admin operations are disabled",
                    "No admin token is configured (mfgsync.admin.token).");
        } else if (!sameSecret(presented, config.token().get())) {
            deny(exchange, 403, "forbidden", "Not an admin credential", "The bearer token is not the admin token.");
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
