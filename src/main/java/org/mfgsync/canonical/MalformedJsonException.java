package org.mfgsync.canonical;

/**
 * A JSON body that is not a well-formed UTF-8 JSON document, with what is wrong ({@link #rule()}: {@code empty-body},
 * {@code utf-8}, {@code duplicate-key}, {@code trailing-content}, {@code non-finite-number}, {@code well-formed-json})
 * and where: line and column (1-based, in characters) and byte offset (0-based; -1 when unknown).
 */
public class MalformedJsonException extends RuntimeException {

    private final String rule;
    private final int line;
    private final int column;
    private final long byteOffset;

    public MalformedJsonException(String rule, String message, int line, int column, long byteOffset) {
        super(message, null, false, false);
        this.rule = rule;
        this.line = line;
        this.column = column;
        this.byteOffset = byteOffset;
    }

    public String rule() {
        return rule;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    public long byteOffset() {
        return byteOffset;
    }

    /** Where, for a reader: {@code line 1, column 12 (byte 11)}. */
    public String location() {
        return "line " + line + ", column " + column + (byteOffset >= 0 ? " (byte " + byteOffset + ")" : "");
    }
}
