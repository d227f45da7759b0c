package org.mfgsync.canonical;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;

import com.fasterxml.jackson.databind.exc.InvalidFormatException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CanonicalTimesTest {

    record Stamp(OffsetDateTime at) {
    }

    @Test
    void writesWhatTheIsoFormatterWrote() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            OffsetDateTime time = randomTime(random);
            assertEquals(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time), CanonicalTimes.format(time), time::toString);
        }
    }

    @Test
    void readsWhatItWroteAndKeepsTheOffset() throws Exception {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            OffsetDateTime time = randomTime(random);
            String json = CanonicalJson.MAPPER.writeValueAsString(new Stamp(time));
            OffsetDateTime read = CanonicalJson.MAPPER.readValue(json, Stamp.class).at();
            assertEquals(time, read, json);
            assertEquals(time.getOffset(), read.getOffset(), json);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "2026-03-02T08:15:00Z", "2026-03-02T08:15:00.1+01:00", "2026-03-02T08:15:00.123456789-05:30",
            "2026-12-31T23:59:59.000Z", "2026-03-02t08:15:00z", "2024-02-29T00:00:00+14:00" })
    void fastReadingAgreesWithTheFormatter(String text) {
        assertEquals(OffsetDateTime.parse(text.toUpperCase(), DateTimeFormatter.ISO_OFFSET_DATE_TIME), CanonicalTimes.parseFast(text));
    }

    @ParameterizedTest
    @ValueSource(strings = { "2026-03-02T08:15Z", "2026-03-02T08:15:00", "2026-03-02T08:15:00.Z", "2026-03-02T08:15:00.1234567890Z",
            "2026-02-30T08:15:00Z", "2026-03-02T24:00:00Z", "2026-03-02T08:15:00+0100", "2026-03-02T08:15:00+19:00", "20260302T081500Z" })
    void otherFormsAreLeftToTheFormatter(String text) {
        assertNull(CanonicalTimes.parseFast(text));
    }

    @Test
    void minutesWithoutSecondsAreStillReadAsBefore() throws Exception {
        assertEquals(OffsetDateTime.of(2026, 3, 2, 8, 15, 0, 0, ZoneOffset.UTC),
                CanonicalJson.MAPPER.readValue("{\"at\":\"2026-03-02T08:15Z\"}", Stamp.class).at());
    }

    @Test
    void anImpossibleDateIsRefused() {
        assertThrows(InvalidFormatException.class, () -> CanonicalJson.MAPPER.readValue("{\"at\":\"2026-02-30T08:15:00Z\"}", Stamp.class));
    }

    private static OffsetDateTime randomTime(Random random) {
        int[] nanos = { 0, 100_000_000, 120_000_000, 123_000_000, 123_400_000, 123_456_000, 123_456_789, 1, 999_999_999 };
        ZoneOffset offset = random.nextInt(3) == 0 ? ZoneOffset.UTC
                : ZoneOffset.ofTotalSeconds((random.nextInt(27 * 4) - 12 * 4) * 15 * 60);
        return OffsetDateTime.of(1970 + random.nextInt(100), 1 + random.nextInt(12), 1 + random.nextInt(28), random.nextInt(24),
                random.nextInt(60), random.nextInt(60), nanos[random.nextInt(nanos.length)], offset);
    }
}
