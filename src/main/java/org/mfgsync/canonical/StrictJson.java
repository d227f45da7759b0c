package org.mfgsync.canonical;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Reads a JSON document that came in from outside, refusing what a lax parser would silently accept: bytes that are
 * not UTF-8 (never turned into U+FFFD), a byte order mark, an empty body, duplicate keys (the last one would win),
 * anything after the document ({@code {...} {"x":1}}), comments, single quotes, NaN, numbers a double cannot hold
 * ({@code 1e400} would become infinite) and integers beyond 64 bits. Each refusal names where it is: line, column and
 * byte offset for what is not well-formed ({@link MalformedJsonException}), the JSON path for a number out of range
 * ({@link SchemaViolationException}, rule {@code number-range}).
 */
public final class StrictJson {

    /** Strict parsing: duplicates fail, trailing tokens fail; numbers kept exact for the range check. */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .disable(JsonParser.Feature.ALLOW_COMMENTS)
            .build();

    private static final BigDecimal MAX_DOUBLE = new BigDecimal(Double.MAX_VALUE);
    private static final BigDecimal MIN_DOUBLE = new BigDecimal(Double.MIN_VALUE);
    private static final int MAX_INTEGER_BITS = 63;

    private StrictJson() {
    }

    /** The parsed document; throws {@link MalformedJsonException} or {@link SchemaViolationException}. */
    public static JsonNode read(byte[] body) {
        return parse(text(body));
    }

    /** The parsed document of a body already decoded by {@link #text}. */
    public static JsonNode parse(String text) {
        JsonNode document;
        try {
            document = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw malformed(e, text);
        }
        if (document == null || document.isMissingNode()) {
            throw new MalformedJsonException("empty-body", "The body holds no JSON document", 1, 1, 0);
        }
        List<SchemaViolation> outOfRange = new ArrayList<>();
        numbersOutOfRange(document, "$", outOfRange);
        if (!outOfRange.isEmpty()) {
            throw new SchemaViolationException("json", outOfRange);
        }
        return document;
    }

    /** The body as text, checked strictly as UTF-8; refuses an empty body and a byte order mark. */
    public static String text(byte[] body) {
        if (body == null || body.length == 0) {
            throw new MalformedJsonException("empty-body", "The body is empty; a JSON document is expected", 1, 1, 0);
        }
        if (body.length >= 3 && (body[0] & 0xff) == 0xef && (body[1] & 0xff) == 0xbb && (body[2] & 0xff) == 0xbf) {
            throw new MalformedJsonException("utf-8", "The body starts with a byte order mark, which JSON does not allow", 1, 1, 0);
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate(body.length);
        var result = decoder.decode(in, out, true);
        if (result.isError()) {
            int offset = in.position();
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < offset; i++) {
                if (body[i] == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            String bytes = String.format("0x%02x", body[offset] & 0xff);
            throw new MalformedJsonException("utf-8", "The body is not UTF-8: byte " + bytes + " at byte offset " + offset
                    + " is not valid UTF-8 (send the document encoded as UTF-8)", line,
                    new String(body, lineStart, offset - lineStart, StandardCharsets.UTF_8).length() + 1, offset);
        }
        decoder.flush(out);
        out.flip();
        return out.toString();
    }

    private static MalformedJsonException malformed(JsonProcessingException e, String text) {
        JsonLocation at = e.getLocation();
        int line = at == null ? 0 : at.getLineNr();
        int column = at == null ? 0 : at.getColumnNr();
        long offset = at == null ? -1 : byteOffset(text, at.getCharOffset());
        String message = e.getOriginalMessage();
        String rule = message.startsWith("Duplicate field") ? "duplicate-key"
                : message.startsWith("Trailing token") ? "trailing-content"
                : message.contains("'NaN'") || message.contains("Infinity") ? "non-finite-number"
                : "well-formed-json";
        return new MalformedJsonException(rule, "The body is not well-formed UTF-8 JSON: " + message, line, column, offset);
    }

    private static long byteOffset(String text, long charOffset) {
        if (charOffset < 0 || charOffset > text.length()) {
            return -1;
        }
        return text.substring(0, (int) charOffset).getBytes(StandardCharsets.UTF_8).length;
    }

    private static void numbersOutOfRange(JsonNode node, String path, List<SchemaViolation> found) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                numbersOutOfRange(field.getValue(), path + "." + field.getKey(), found);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                numbersOutOfRange(node.get(i), path + "[" + i + "]", found);
            }
        } else if (node.isBigInteger() || node.isIntegralNumber()) {
            BigInteger value = node.bigIntegerValue();
            if (value.bitLength() > MAX_INTEGER_BITS) {
                found.add(new SchemaViolation(path, "number-range", value + " is beyond the range of a 64-bit integer"));
            }
        } else if (node.isNumber()) {
            BigDecimal value = node.decimalValue();
            if (value.abs().compareTo(MAX_DOUBLE) > 0) {
                found.add(new SchemaViolation(path, "number-range", abbreviated(value)
                        + " is beyond the range of a double (it would become infinite)"));
            } else if (value.signum() != 0 && value.abs().compareTo(MIN_DOUBLE) < 0) {
                found.add(new SchemaViolation(path, "number-range", abbreviated(value)
                        + " is too small for a double (it would become 0)"));
            }
        }
    }

    private static String abbreviated(BigDecimal value) {
        String text = value.toString();
        return text.length() > 40 ? text.substring(0, 37) + "..." : text;
    }
}
