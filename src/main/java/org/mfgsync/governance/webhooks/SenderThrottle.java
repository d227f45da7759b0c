package org.mfgsync.governance.webhooks;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A token bucket for one sender: {@code burst} calls at once, refilled at {@code perSecond} calls a second. A call that
 * finds no token is refused with the time until the next one; other senders have buckets of their own.
 */
final class SenderThrottle {

    private final double perNano;
    private final double capacity;
    private final LongSupplier nanoClock;
    private double tokens;
    private long refilledAt;
    /** Calls refused since the refusals were last reported, and when that was. */
    private long refusedSinceReport;
    private long reportedAt;

    SenderThrottle(double perSecond, int burst, LongSupplier nanoClock) {
        if (perSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("A rate limit needs a rate above 0 and a burst of at least 1");
        }
        this.perNano = perSecond / TimeUnit.SECONDS.toNanos(1);
        this.capacity = burst;
        this.nanoClock = nanoClock;
        this.tokens = burst;
        this.refilledAt = nanoClock.getAsLong();
        this.reportedAt = refilledAt - Long.MAX_VALUE / 2;
    }

    /** Takes a token: 0 when the call may go on, else the nanoseconds until a token is there again. */
    synchronized long take() {
        long now = nanoClock.getAsLong();
        tokens = Math.min(capacity, tokens + (now - refilledAt) * perNano);
        refilledAt = now;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        refusedSinceReport++;
        return (long) Math.ceil((1 - tokens) / perNano);
    }

    /**
     * The calls refused since the last report, when one is due ({@code everyNanos} since the last), else 0: refusals
     * come in bursts, and one log line per period says how many.
     */
    synchronized long refusalsToReport(long everyNanos) {
        long now = nanoClock.getAsLong();
        if (refusedSinceReport == 0 || now - reportedAt < everyNanos) {
            return 0;
        }
        long refused = refusedSinceReport;
        refusedSinceReport = 0;
        reportedAt = now;
        return refused;
    }

    /** Whole calls that may still go on now (for the {@code RateLimit} header). */
    synchronized int remaining() {
        return (int) Math.floor(tokens);
    }

    int burst() {
        return (int) capacity;
    }

    /** Seconds to refill a full burst: the window the {@code RateLimit-Policy} header names. */
    long windowSeconds() {
        return Math.max(1, (long) Math.ceil(capacity / (perNano * TimeUnit.SECONDS.toNanos(1))));
    }
}
