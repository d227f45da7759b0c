package org.mfgsync.backbone;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Random identifiers for events, deliveries, claims and correlation: version 4 UUIDs from the thread's own generator.
 * {@link UUID#randomUUID()} draws from one shared SecureRandom, and every webhook, consumer and hand-over thread queued
 * on its lock (tens of seconds of blocked time per minute at 150 lots/s). These ids identify, they are not secrets.
 */
public final class Ids {

    private Ids() {
    }

    public static UUID randomUuid() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long most = (random.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
        long least = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(most, least);
    }

    public static String randomId() {
        return randomUuid().toString();
    }
}
