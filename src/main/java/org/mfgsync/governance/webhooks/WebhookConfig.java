package org.mfgsync.governance.webhooks;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Inbound webhook verification ({@code mfgsync.webhooks.*}): which paths only signed calls may reach, how far a call's
 * timestamp may be from now, and each sender's path and secrets. Secrets come from the environment or a Kubernetes
 * secret, never from git, and are never logged.
 */
@ConfigMapping(prefix = "mfgsync.webhooks")
public interface WebhookConfig {

    /**
     * Path prefixes under which every request, whatever route answers it (a hot-reloaded one included), must be signed
     * by a sender of {@link #senders()}; anything else under them is refused with 401 before any route sees it.
     */
    @WithDefault("/api/v1/qms/,/api/v1/erp/")
    List<String> paths();

    /** How far a call's {@code X-Mfgsync-Timestamp} may be from this instance's clock, either way. */
    @WithDefault("5m")
    Duration tolerance();

    /**
     * Verified calls a second one sender may make on average (a token bucket per sender, refilled at this rate); a
     * call over it is answered 429 with Retry-After. A sender's own {@code rate-limit} overrides it.
     */
    @WithDefault("1000")
    double rateLimit();

    /** Calls one sender may make at once above its rate (the bucket's size); a sender's own {@code burst} overrides it. */
    @WithDefault("2000")
    int burst();

    /** The senders by name (the QMS, each ERP instance that posts webhooks). */
    Map<String, Sender> senders();

    interface Sender {
        /**
         * The path prefixes this sender posts under (each inside one of {@link WebhookConfig#paths()}), e.g.
         * {@code /api/v1/erp/erp-cloud/}: a call there is verified with this sender's secrets and no other's.
         */
        List<String> paths();

        /**
         * The sender's active secrets, comma-separated: one, or two while a secret is rotated (a call signed with
         * either verifies). Each at least 16 characters; a sender without one is refused every call (401).
         */
        Optional<List<String>> secrets();

        /** This sender's calls a second ({@link WebhookConfig#rateLimit()} when unset). */
        Optional<Double> rateLimit();

        /** This sender's burst ({@link WebhookConfig#burst()} when unset). */
        Optional<Integer> burst();
    }
}
