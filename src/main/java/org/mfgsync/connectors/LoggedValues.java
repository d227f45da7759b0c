package org.mfgsync.connectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Header;
import org.mfgsync.backbone.LogText;
import org.mfgsync.canonical.EventHeaders;

/**
 * Values of a message as a route's log line may show them (bean {@code loggedValues}): what a partner chose, escaped by
 * {@link LogText} so that a control character cannot forge a log line. The QMS's lot disposition key, for one, holds
 * the item and lot as the QMS sent them ({@code qms:<plant>:<item>:<lot>:disposition:<disposition>}):
 * {@code idempotencyKey=${bean:loggedValues?method=idempotencyKey}}.
 */
@ApplicationScoped
@Named("loggedValues")
public class LoggedValues {

    public String idempotencyKey(@Header(EventHeaders.IDEMPOTENCY_KEY) String key) {
        return LogText.escape(key);
    }
}
