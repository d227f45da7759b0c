package org.mfgsync.connectors.flatfile;

import java.io.IOException;
import java.io.Reader;

/**
 * A buffered reader for one thread. BeanIO's record readers take their text one character at a time
 * ({@code Reader.read()}); {@link java.io.BufferedReader#read()} takes a lock for each, which was a quarter of the time
 * of reading a record. This one does not lock; a file's reader is only ever used by the thread reading that file.
 * Mark and reset work as in {@link java.io.BufferedReader} (BeanIO's comment skipping uses them).
 */
final class UnlockedBufferedReader extends Reader {

    private final Reader in;
    private char[] buffer;
    private int position;
    private int limit;
    /** Position of the mark in the buffer, or -1. */
    private int mark = -1;
    private int readAheadLimit;

    UnlockedBufferedReader(Reader in, int size) {
        this.in = in;
        this.buffer = new char[size];
    }

    @Override
    public int read() throws IOException {
        if (position >= limit && !fill()) {
            return -1;
        }
        return buffer[position++];
    }

    @Override
    public int read(char[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (position >= limit && !fill()) {
            return -1;
        }
        int n = Math.min(length, limit - position);
        System.arraycopy(buffer, position, target, offset, n);
        position += n;
        return n;
    }

    /** Reads more into the buffer, keeping what a mark still needs; false at the end of the text. */
    private boolean fill() throws IOException {
        int keep = 0;
        if (mark >= 0) {
            if (position - mark >= readAheadLimit) {
                // read past the mark's limit: the mark is gone, as in BufferedReader
                mark = -1;
            } else {
                keep = position - mark;
                if (readAheadLimit > buffer.length) {
                    char[] larger = new char[readAheadLimit];
                    System.arraycopy(buffer, mark, larger, 0, keep);
                    buffer = larger;
                } else {
                    System.arraycopy(buffer, mark, buffer, 0, keep);
                }
                mark = 0;
            }
        }
        position = keep;
        limit = keep;
        int n;
        do {
            n = in.read(buffer, keep, buffer.length - keep);
        } while (n == 0);
        if (n < 0) {
            return false;
        }
        limit = keep + n;
        return true;
    }

    @Override
    public boolean ready() throws IOException {
        return position < limit || in.ready();
    }

    @Override
    public boolean markSupported() {
        return true;
    }

    @Override
    public void mark(int readAheadLimit) throws IOException {
        if (readAheadLimit < 0) {
            throw new IllegalArgumentException("Read-ahead limit < 0");
        }
        this.readAheadLimit = readAheadLimit;
        this.mark = position;
    }

    @Override
    public void reset() throws IOException {
        if (mark < 0) {
            throw new IOException("Stream not marked, or the mark is no longer valid");
        }
        position = mark;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
