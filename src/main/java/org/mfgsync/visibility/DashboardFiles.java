package org.mfgsync.visibility;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The operations dashboard's static files ({@code src/main/resources/ui/}), served at {@code /ui} by the route
 * {@code visibility.dashboard}: a fixed list, read once, so nothing else of the class path can be asked for. They are
 * not in {@code META-INF/resources}: Quarkus' static handler there answers every GET path, which turns the 404 of an
 * unknown API path into a 405 for the other methods. The pages hold no data (they call the admin APIs with the
 * operator's token); the content security policy lets them load nothing from anywhere else.
 */
@ApplicationScoped
@Named("dashboardFiles")
@RegisterForReflection
public class DashboardFiles {

    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private record File(byte[] content, String type) {
    }

    private final Map<String, File> files = Map.of(
            "index.html", load("index.html", "text/html; charset=UTF-8"),
            "dashboard.js", load("dashboard.js", "text/javascript; charset=UTF-8"),
            "dashboard.css", load("dashboard.css", "text/css; charset=UTF-8"));

    /**
     * GET /ui, /ui/ (the page), /ui/dashboard.js, /ui/dashboard.css; anything else under /ui is 404, another method on
     * one of these 405.
     */
    public void serve(Exchange exchange) {
        Message message = exchange.getMessage();
        String name = nameOf(message.getHeader(Exchange.HTTP_PATH, String.class), message.getHeader(Exchange.HTTP_URI, String.class));
        File file = name == null ? null : files.get(name);
        String method = message.getHeader(Exchange.HTTP_METHOD, String.class);
        message.getHeaders().clear();
        message.setHeader("X-Content-Type-Options", "nosniff");
        message.setHeader("Referrer-Policy", "no-referrer");
        if (file != null && !"GET".equals(method) && !"HEAD".equals(method)) {
            message.setHeader(Exchange.HTTP_RESPONSE_CODE, 405);
            message.setHeader("Allow", "GET, HEAD");
            message.setBody("");
            return;
        }
        if (file == null) {
            message.setHeader(Exchange.HTTP_RESPONSE_CODE, 404);
            message.setHeader(Exchange.CONTENT_TYPE, "text/plain; charset=UTF-8");
            message.setBody("Not found");
            return;
        }
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        message.setHeader(Exchange.CONTENT_TYPE, file.type());
        message.setHeader("Cache-Control", "no-cache");
        message.setHeader("Content-Security-Policy", CSP);
        message.setBody(file.content());
    }

    /** The file asked for: the part of the request path after /ui, "" and "/" being the page. */
    static String nameOf(String path, String uri) {
        String asked = uri != null ? uri : path;
        if (asked == null) {
            return "index.html";
        }
        int query = asked.indexOf('?');
        if (query >= 0) {
            asked = asked.substring(0, query);
        }
        if (asked.startsWith("/ui")) {
            asked = asked.substring(3);
        }
        if (asked.isEmpty() || asked.equals("/")) {
            return "index.html";
        }
        return asked.startsWith("/") ? asked.substring(1) : null;
    }

    private static File load(String name, String type) {
        try (InputStream in = DashboardFiles.class.getClassLoader().getResourceAsStream("ui/" + name)) {
            if (in == null) {
                throw new IllegalStateException("The dashboard file ui/" + name + " is not on the class path");
            }
            return new File(in.readAllBytes(), type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
