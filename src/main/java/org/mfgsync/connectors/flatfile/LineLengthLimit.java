package org.mfgsync.connectors.flatfile;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;

/**
 * Fails the reading of a file as soon as one line grows beyond the limit, before the line is held whole in memory (a
 * record reader buffers the whole line of a record). Line ends ({@code \n}, {@code \r\n}) are not counted.
 */
final class LineLengthLimit extends FilterReader {

    /** A line longer than the limit; an {@link IOException}, so that it comes out of the record reader as a read error. */
    static final class LineTooLongException extends IOException {
        final long line;

        LineTooLongException(long line, int maxLineLength) {
            super(FileLimits.lineTooLong(line, maxLineLength), null);
            this.line = line;
        }
    }

    private final int maxLineLength;
    private long line = 1;
    private int length;

    LineLengthLimit(Reader in, int maxLineLength) {
        super(in);
        this.maxLineLength = maxLineLength;
    }

    @Override
    public int read() throws IOException {
        int c = super.read();
        if (c >= 0) {
            count((char) c);
        }
        return c;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        int read = super.read(buffer, offset, length);
        for (int i = 0; i < read; i++) {
            count(buffer[offset + i]);
        }
        return read;
    }

    private void count(char c) throws LineTooLongException {
        if (c == '\n') {
            line++;
            length = 0;
        } else if (c != '\r' && ++length > maxLineLength) {
            throw new LineTooLongException(line, maxLineLength);
        }
    }
}
