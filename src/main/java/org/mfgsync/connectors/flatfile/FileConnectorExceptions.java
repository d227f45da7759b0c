package org.mfgsync.connectors.flatfile;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.spi.ExceptionHandler;
import org.apache.camel.support.LoggingExceptionHandler;

/**
 * Exception handler of the inbound file connector's consumers ({@code exceptionHandler=#fileConnectorExceptions}):
 * a file left in place because it is claimed ({@link FileClaimedException}) or not complete yet
 * ({@link FileIncompleteException}) is expected and already logged by the route, so it is not logged again as an error; everything else (e.g. Kafka down: the file stays and is taken again)
 * is logged as Camel's consumers always do.
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
        }
        others.handleException(message, exchange, exception);
    }
}
