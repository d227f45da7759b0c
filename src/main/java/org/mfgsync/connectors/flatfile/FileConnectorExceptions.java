package org.mfgsync.connectors.flatfile;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.spi.ExceptionHandler;
import org.apache.camel.support.LoggingExceptionHandler;
import org.jboss.logging.Logger;
import org.mfgsync.backbone.LogText;

/**
 * Exception handler of the inbound file connector's consumers ({@code exceptionHandler=#fileConnectorExceptions}):
 * a file left in place because it is claimed ({@link FileClaimedException}) or not complete yet
 * ({@link FileIncompleteException}) is expected and already logged by the route, so it is not logged again as an error;
 * an SFTP server whose host key is not the recorded one gets one clear error line without a stack trace (at most once a
 * minute per server); everything else (e.g. Kafka down: the file stays and is taken again) is logged as Camel's
 * consumers always do.
 */
@ApplicationScoped
@Named("fileConnectorExceptions")
public class FileConnectorExceptions implements ExceptionHandler {

    private final ExceptionHandler others;

    public FileConnectorExceptions(CamelContext camel) {
        this.others = new LoggingExceptionHandler(camel, FileConnectorExceptions.class);
    }

    @Override
    public void handleException(Throwable exception) {
        handleException(null, null, exception);
    }

    @Override
    public void handleException(String message, Throwable exception) {
        handleException(message, null, exception);
    }

    @Override
    public void handleException(String message, Exchange exchange, Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof FileClaimedException || t instanceof FileIncompleteException) {
                return;
            }
            if (t.getClass().getName().startsWith("com.jcraft.jsch.") && t.getMessage() != null
                    && HOST_KEY_REFUSED.matcher(t.getMessage()).find()) {
                hostKeyRefused(message, t.getMessage());
                return;
            }
        }
        others.handleException(message, exchange, exception);
    }

    /** JSch's words for a host key that is not the one in the known-hosts file, or not in it at all. */
    static final Pattern HOST_KEY_REFUSED = Pattern.compile("HostKey has been changed|reject HostKey|UnknownHostKey");
    static final Duration REPEAT_AFTER = Duration.ofMinutes(1);
    private static final Logger LOG = Logger.getLogger("org.mfgsync.connectors");
    private final Map<String, Instant> hostKeyLogged = new ConcurrentHashMap<>();

    /**
     * A server whose host key is not the recorded one: nothing was taken (the session never opened), the poll is tried
     * again and readiness names the connector. One error line without a stack trace, repeated at most once a minute
     * per server while it lasts.
     */
    private void hostKeyRefused(String message, String reason) {
        Matcher server = SERVER.matcher(message == null ? "" : message);
        String where = server.find() ? server.group(1) : "?";
        Instant now = Instant.now();
        Instant last = hostKeyLogged.get(where);
        if (last != null && last.plus(REPEAT_AFTER).isAfter(now)) {
            return;
        }
        hostKeyLogged.put(where, now);
        LOG.errorf("SFTP host key refused, nothing taken server=%s reason=%s: the server's key is not the one recorded in"
                + " the instance's known-hosts-file; check the key with the partner before changing that file",
                LogText.escape(where), LogText.escape(reason));
    }

    /** The server (scheme, host, port, folder) of the endpoint in Camel's poll failure message, without its options. */
    private static final Pattern SERVER = Pattern.compile("(sftp://[^?\\s\\]]+)");
}
