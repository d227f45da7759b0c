package org.mfgsync.backbone;

/**
 * Values from outside (file names, item and lot numbers of a partner's message) as they may appear in a plain-text
 * log line: control characters (a line break that would forge a second log line, an escape sequence of a terminal)
 * are written as {@code \n}, {@code \r}, {@code \t} or {@code \u001b}; a backslash as {@code \\}, so that the
 * escaped text reads back unambiguously. Long values are cut, marked with an ellipsis.
 */
public final class LogText {

    static final int MAX_LENGTH = 300;

    private LogText() {
    }

    public static String escape(Object value) {
        if (value == null) {
            return "null";
        }
        String text = value.toString();
        StringBuilder out = null;
        int limit = Math.min(text.length(), MAX_LENGTH);
        for (int i = 0; i < limit; i++) {
            char c = text.charAt(i);
            String replacement = switch (c) {
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                case '\\' -> "\\\\";
                default -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029'
                        ? String.format("\\u%04x", (int) c) : null;
            };
            if (replacement != null && out == null) {
                out = new StringBuilder(limit + 16).append(text, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.append(c);
                }
            }
        }
        String escaped = out == null ? text.substring(0, limit) : out.toString();
        return text.length() > MAX_LENGTH ? escaped + "…" : escaped;
    }
}
