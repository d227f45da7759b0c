package org.mfgsync.governance.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies a signed webhook call, the same way for every sender and every webhook:
 * <pre>
 * X-Mfgsync-Timestamp:   Unix time in seconds, within the tolerance (5 minutes) of this instance's clock
 * X-Mfgsync-Delivery-Id: the sender's id of this delivery (1-100 of A-Z a-z 0-9 . _ : -), the same on a retry
 * X-Mfgsync-Signature:   v1=&lt;hex HMAC-SHA256 over timestamp + "." + the raw request body, keyed with the secret&gt;
 * </pre>
 * The sender is the one whose path prefix the request's path is under; it may have two active secrets (rotation), and a
 * signature made with either verifies. Every expected signature is computed and compared in constant time, whichever
 * matches. A refusal says why only to this instance's log: the caller gets the same answer for an unknown sender, a
 * sender without a secret, a missing header and a wrong or stale signature.
 */
public final class WebhookVerifier {

    public static final String TIMESTAMP_HEADER = "X-Mfgsync-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Mfgsync-Signature";
    public static final String DELIVERY_ID_HEADER = "X-Mfgsync-Delivery-Id";
    /** The signature scheme's prefix in {@value #SIGNATURE_HEADER}; a later scheme would be {@code v2=}. */
    public static final String SCHEME = "v1=";
    static final String ALGORITHM = "HmacSHA256";
    /** A shorter secret can be guessed: the sender is treated as having none. */
    static final int MIN_SECRET_LENGTH = 16;
    /** The current secret and the next one, while it is rotated. */
    static final int MAX_SECRETS = 2;
    /** Signatures read from one header at most (a sender rotating its own secret may send two). */
    static final int MAX_SIGNATURES = 4;
    static final Pattern DELIVERY_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");
    static final Pattern TIMESTAMP = Pattern.compile("[0-9]{1,12}");

    /** Why a call was refused (for the log and the metrics; never told to the caller). */
    public enum Reason {
        UNKNOWN_SENDER("unknown-sender"), NO_SECRET("no-secret"), MISSING_HEADER("missing-header"),
        MALFORMED_HEADER("malformed-header"), BAD_SIGNATURE("bad-signature"), STALE_TIMESTAMP("stale-timestamp");

        private final String label;

        Reason(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** The outcome: verified (the sender and its delivery id) or refused (the sender if known, and why). */
    public record Verdict(String sender, String deliveryId, Reason refusal) {
        public boolean verified() {
            return refusal == null;
        }
    }

    record Sender(String name, List<String> paths, List<SecretKeySpec> keys) {
    }

    private final List<String> protectedPaths;
    /** Longest path prefix first, so the most specific sender wins. */
    private final List<Map.Entry<String, Sender>> byPath;
    private final long toleranceSeconds;
    private final Clock clock;

    WebhookVerifier(List<String> protectedPaths, List<Sender> senders, Duration tolerance, Clock clock) {
        this.protectedPaths = protectedPaths.stream().map(WebhookVerifier::asPrefix).toList();
        List<Map.Entry<String, Sender>> entries = new ArrayList<>();
        for (Sender sender : senders) {
            for (String path : sender.paths()) {
                String prefix = asPrefix(path);
                if (this.protectedPaths.stream().noneMatch(prefix::startsWith)) {
                    throw new IllegalStateException("mfgsync.webhooks.senders." + sender.name() + ".paths: " + path
                            + " is not under a protected path (mfgsync.webhooks.paths=" + this.protectedPaths + ")");
                }
                if (entries.stream().anyMatch(e -> e.getKey().equals(prefix))) {
                    throw new IllegalStateException("mfgsync.webhooks.senders." + sender.name() + ".paths: " + path
                            + " is another sender's path too");
                }
                entries.add(Map.entry(prefix, sender));
            }
        }
        entries.sort(Comparator.comparingInt((Map.Entry<String, Sender> e) -> e.getKey().length()).reversed());
        this.byPath = List.copyOf(entries);
        this.toleranceSeconds = tolerance.toSeconds();
        this.clock = clock;
    }

    /** The verifier of the configuration; a sender path outside the protected paths or three secrets fail the start. */
    static WebhookVerifier of(WebhookConfig config, Clock clock) {
        List<Sender> senders = new ArrayList<>();
        config.senders().forEach((name, sender) -> {
            List<String> secrets = sender.secrets().orElse(List.of()).stream().map(String::trim).filter(s -> !s.isEmpty())
                    .toList();
            if (secrets.size() > MAX_SECRETS) {
                throw new IllegalStateException("mfgsync.webhooks.senders." + name + ".secrets holds " + secrets.size()
                        + " secrets; at most " + MAX_SECRETS + " (the current one and the next) are active");
            }
            senders.add(new Sender(name, sender.paths(), secrets.stream().filter(s -> s.length() >= MIN_SECRET_LENGTH)
                    .map(s -> new SecretKeySpec(s.getBytes(StandardCharsets.UTF_8), ALGORITHM)).toList()));
        });
        return new WebhookVerifier(config.paths(), senders, config.tolerance(), clock);
    }

    /** Senders that refuse every call: no secret, or only ones shorter than {@value #MIN_SECRET_LENGTH} characters. */
    List<String> sendersWithoutSecret() {
        return byPath.stream().map(Map.Entry::getValue).filter(s -> s.keys().isEmpty()).map(Sender::name).distinct().toList();
    }

    /** Whether only signed calls may reach this path. */
    public boolean protects(String path) {
        String candidate = asPrefix(path);
        for (String prefix : protectedPaths) {
            if (candidate.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** The protected path prefixes, each ending in '/'. */
    List<String> protectedPaths() {
        return protectedPaths;
    }

    /** Verifies one call to a protected path: its path, its three headers (null when missing) and its raw body. */
    public Verdict verify(String path, String timestamp, String signature, String deliveryId, byte[] body) {
        Sender sender = senderOf(path);
        if (sender == null) {
            return new Verdict(null, null, Reason.UNKNOWN_SENDER);
        }
        if (sender.keys().isEmpty()) {
            return new Verdict(sender.name(), null, Reason.NO_SECRET);
        }
        if (timestamp == null || signature == null || deliveryId == null) {
            return new Verdict(sender.name(), null, Reason.MISSING_HEADER);
        }
        if (!TIMESTAMP.matcher(timestamp).matches() || !DELIVERY_ID.matcher(deliveryId).matches()) {
            return new Verdict(sender.name(), null, Reason.MALFORMED_HEADER);
        }
        List<byte[]> presented = signatures(signature);
        if (presented.isEmpty()) {
            return new Verdict(sender.name(), null, Reason.MALFORMED_HEADER);
        }
        boolean matches = false;
        for (SecretKeySpec key : sender.keys()) {
            byte[] expected = hmac(key, timestamp, body);
            for (byte[] candidate : presented) {
                matches |= MessageDigest.isEqual(expected, candidate);
            }
        }
        if (!matches) {
            return new Verdict(sender.name(), null, Reason.BAD_SIGNATURE);
        }
        // checked after the signature, so that "stale" in the log means a genuine call that came too late (a replay, or
        // a clock that is off), not a forgery
        if (Math.abs(clock.millis() / 1000 - Long.parseLong(timestamp)) > toleranceSeconds) {
            return new Verdict(sender.name(), null, Reason.STALE_TIMESTAMP);
        }
        return new Verdict(sender.name(), deliveryId, null);
    }

    private Sender senderOf(String path) {
        String candidate = asPrefix(path);
        for (Map.Entry<String, Sender> entry : byPath) {
            if (candidate.startsWith(entry.getKey())) {
                return entry.getValue();
            }
        }
        return null;
    }

    /** The {@code v1=} signatures of the header (comma-separated), decoded; others and malformed ones are left out. */
    static List<byte[]> signatures(String header) {
        List<byte[]> signatures = new ArrayList<>(1);
        for (String part : header.split(",", MAX_SIGNATURES + 1)) {
            String entry = part.trim();
            if (signatures.size() < MAX_SIGNATURES && entry.startsWith(SCHEME) && entry.length() == SCHEME.length() + 64) {
                try {
                    signatures.add(HexFormat.of().parseHex(entry, SCHEME.length(), entry.length()));
                } catch (IllegalArgumentException notHex) {
                    // left out: it matches nothing
                }
            }
        }
        return signatures;
    }

    /** The signature a sender computes: {@code v1=} and the hex HMAC-SHA256 of {@code timestamp + "." + body}. */
    public static String sign(String secret, String timestamp, byte[] body) {
        return SCHEME + HexFormat.of().formatHex(hmac(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM),
                timestamp, body));
    }

    static byte[] hmac(SecretKeySpec key, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '.');
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String asPrefix(String path) {
        return path.endsWith("/") ? path : path + "/";
    }
}
