package org.mfgsync.canonical;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;

/**
 * Timestamps of canonical events ({@code date-time} in the schemas: {@code 2026-03-02T08:15:00.123+01:00}) read and
 * written without {@link DateTimeFormatter}: the formatter's generic field resolution was 3 % of the CPU of the core
 * path, for a form that is always the same. The wire form is unchanged: what the formatter wrote
 * ({@link DateTimeFormatter#ISO_OFFSET_DATE_TIME}: seconds always, the fraction without trailing zeros, {@code Z} for
 * UTC) is what is written, and any text the fast reader does not take is read by the formatter, as before.
 */
public final class CanonicalTimes {

    private CanonicalTimes() {
    }

    static SimpleModule module() {
        SimpleModule module = new SimpleModule("canonical-times");
        module.addDeserializer(OffsetDateTime.class, new Reader());
        module.addSerializer(OffsetDateTime.class, new Writer());
        return module;
    }

    /** An RFC 3339 date-time as the canonical events carry it, offset kept. */
    public static OffsetDateTime parse(String text) {
        OffsetDateTime fast = parseFast(text);
        return fast != null ? fast : OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|±HH:MM)}, or null when the text has any other form. */
    static OffsetDateTime parseFast(String text) {
        int n = text.length();
        if (n < 20 || text.charAt(4) != '-' || text.charAt(7) != '-' || (text.charAt(10) != 'T' && text.charAt(10) != 't')
                || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4), month = digits(text, 5, 2), day = digits(text, 8, 2);
        int hour = digits(text, 11, 2), minute = digits(text, 14, 2), second = digits(text, 17, 2);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        int i = 19, nano = 0;
        if (text.charAt(i) == '.') {
            int start = ++i;
            while (i < n && i - start < 9 && Character.isDigit(text.charAt(i))) {
                nano = nano * 10 + (text.charAt(i) - '0');
                i++;
            }
            if (i == start || (i < n && Character.isDigit(text.charAt(i)))) {
                return null;
            }
            for (int scale = i - start; scale < 9; scale++) {
                nano *= 10;
            }
        }
        ZoneOffset offset;
        if (i == n - 1 && (text.charAt(i) == 'Z' || text.charAt(i) == 'z')) {
            offset = ZoneOffset.UTC;
        } else if (i == n - 6 && (text.charAt(i) == '+' || text.charAt(i) == '-') && text.charAt(i + 3) == ':') {
            int hours = digits(text, i + 1, 2), minutes = digits(text, i + 4, 2);
            if ((hours | minutes) < 0) {
                return null;
            }
            int sign = text.charAt(i) == '-' ? -1 : 1;
            try {
                offset = ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
            } catch (DateTimeException e) {
                return null;
            }
        } else {
            return null;
        }
        try {
            return OffsetDateTime.of(year, month, day, hour, minute, second, nano, offset);
        } catch (DateTimeException e) {
            return null; // an impossible date: the formatter names it
        }
    }

    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** As {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME} formats it. */
    static String format(OffsetDateTime time) {
        StringBuilder out = new StringBuilder(35);
        int year = time.getYear();
        if (year < 0 || year > 9999) {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time);
        }
        pad(out, year, 4).append('-');
        pad(out, time.getMonthValue(), 2).append('-');
        pad(out, time.getDayOfMonth(), 2).append('T');
        pad(out, time.getHour(), 2).append(':');
        pad(out, time.getMinute(), 2).append(':');
        pad(out, time.getSecond(), 2);
        int nano = time.getNano();
        if (nano != 0) {
            int digits = 9;
            while (nano % 10 == 0) {
                nano /= 10;
                digits--;
            }
            out.append('.');
            pad(out, nano, digits);
        }
        out.append(time.getOffset().getId());
        return out.toString();
    }

    private static StringBuilder pad(StringBuilder out, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            out.append('0');
        }
        return out.append(digits);
    }

    static final class Reader extends StdScalarDeserializer<OffsetDateTime> {

        Reader() {
            super(OffsetDateTime.class);
        }

        @Override
        public OffsetDateTime deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                return (OffsetDateTime) context.handleUnexpectedToken(OffsetDateTime.class, parser);
            }
            String text = parser.getText().trim();
            OffsetDateTime fast = parseFast(text);
            if (fast != null) {
                return fast;
            }
            try {
                return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            } catch (DateTimeParseException e) {
                return (OffsetDateTime) context.handleWeirdStringValue(OffsetDateTime.class, text,
                        "not an RFC 3339 date-time: %s", e.getMessage());
            }
        }
    }

    static final class Writer extends StdScalarSerializer<OffsetDateTime> {

        Writer() {
            super(OffsetDateTime.class);
        }

        @Override
        public void serialize(OffsetDateTime value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            generator.writeString(format(value));
        }
    }
}
