package org.mfgsync.visibility;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The query-string pieces the read APIs share: decoding a caller's text and echoing a caller's name in an answer. */
public final class QueryText {

    private QueryText() {
    }

    /** The URL-decoded text, or empty when it is badly encoded (a lone {@code %}): the caller refuses it by name. */
    public static Optional<String> decoded(String text) {
        try {
            return Optional.of(URLDecoder.decode(text, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A caller's parameter name echoed in an answer: short and printable. */
    public static String shown(String name) {
        String printable = name.replaceAll("[^\\x20-\\x7E]", "?");
        return printable.length() > 60 ? printable.substring(0, 60) + "..." : printable;
    }
}
