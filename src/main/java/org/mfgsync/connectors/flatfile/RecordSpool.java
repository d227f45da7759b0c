package org.mfgsync.connectors.flatfile;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

/**
 * The business records of a file as the validating pass read them, in a compact binary form, so that the second pass
 * reads them back instead of parsing the file through its layout again (which was as costly as the mapping itself).
 * A record comes back as the layout reader gave it: the same field names in the same order, values of the same types
 * and equal ({@code BigDecimal} with its scale, text char for char), its line and record name.
 * <p>
 * Up to {@code inMemory} bytes are kept on the heap; beyond, the spool is a file in {@code directory} that is unlinked
 * as soon as it is open (POSIX), so that it takes no disk space once closed and none is left behind by a process that
 * dies. A value of a type the form does not hold (the layouts give text, numbers and booleans) abandons the spool:
 * the second pass then reads the file through its layout as before.
 */
final class RecordSpool implements Closeable {

    private static final Logger LOG = Logger.getLogger("org.mfgsync.connectors");

    // value tags
    private static final byte SAME = 0;
    private static final byte LATIN1 = 1;
    private static final byte UTF16 = 2;
    private static final byte INT = 3;
    private static final byte LONG = 4;
    private static final byte DECIMAL = 5;
    private static final byte BIG_DECIMAL = 6;
    private static final byte DOUBLE = 7;
    private static final byte TRUE = 8;
    private static final byte FALSE = 9;
    private static final byte NULL = 10;

    private static final int CHUNK = 64 * 1024;

    private final Path directory;
    private final long inMemory;
    private final List<byte[]> chunks = new ArrayList<>();
    private byte[] chunk = new byte[CHUNK];
    private int at;
    private long bytes;
    private FileChannel file;
    private long records;
    private boolean abandoned;
    private boolean closed;

    /** Names (fields, records) by their index in the spool; a name is written out the first time only. */
    private final Map<String, Integer> names = new HashMap<>();
    /** The value each field (by name index) had in the record before: a value that repeats is written as SAME. */
    private final List<Object> previous = new ArrayList<>();

    RecordSpool(Path directory, long inMemory) {
        this.directory = directory;
        this.inMemory = inMemory;
    }

    /** False once a value could not be kept: the spool is then empty and must not be read. */
    boolean usable() {
        return !abandoned && !closed;
    }

    long records() {
        return records;
    }

    /** Keeps one record; abandons the spool (and frees it) at a value type it does not hold or a file it cannot write. */
    void add(RecordReader.Parsed record) {
        add(record.line(), record.name(), record.fields(), false);
    }

    /**
     * Keeps one record as the layout reader gave it: its fields as {@link RecordReader#fieldsOf} would copy them
     * (empty ones left out, dates as text), without the copy.
     */
    void add(RecordReader.Read record) {
        add(record.line(), record.name(), record.values(), true);
    }

    /** @param asRead the values as the layout reader gave them, to be filtered and converted as fieldsOf does */
    private void add(long line, String recordName, Map<String, Object> values, boolean asRead) {
        if (!usable()) {
            return;
        }
        try {
            writeLong(line);
            writeName(recordName);
            int count = 0;
            for (Object value : values.values()) {
                if (!asRead || RecordReader.kept(value)) {
                    count++;
                }
            }
            writeInt(count);
            for (Map.Entry<String, Object> field : values.entrySet()) {
                Object value = field.getValue();
                if (!asRead || RecordReader.kept(value)) {
                    int name = writeName(field.getKey());
                    writeValue(name, asRead ? RecordReader.jsonValue(value) : value);
                }
            }
            records++;
        } catch (Unsupported e) {
            LOG.debugf("Records kept for the second pass abandoned: %s", e.getMessage());
            abandon();
        } catch (IOException e) {
            LOG.warnf("Records kept for the second pass abandoned, the file is read again instead: %s", e.toString());
            abandon();
        }
    }

    private void abandon() {
        abandoned = true;
        close();
    }

    private static final class Unsupported extends Exception {
        Unsupported(String message) {
            super(message, null, false, false);
        }
    }

    private int writeName(String name) throws IOException {
        Integer index = names.get(name);
        if (index != null) {
            writeInt(index);
            return index;
        }
        int next = names.size();
        names.put(name, next);
        previous.add(null);
        // a new name: its index, then its text
        writeInt(next);
        writeString(name);
        return next;
    }

    private void writeValue(int name, Object value) throws IOException, Unsupported {
        Object before = previous.get(name);
        // equals is exact for the kept types (BigDecimal's includes the scale, Double's the bits)
        if (value != null && before != null && value.getClass() == before.getClass() && value.equals(before)) {
            writeByte(SAME);
            return;
        }
        previous.set(name, value);
        if (value == null) {
            writeByte(NULL);
        } else if (value instanceof String text) {
            writeString(text);
        } else if (value instanceof Integer i) {
            writeByte(INT);
            writeLong(i);
        } else if (value instanceof Long l) {
            writeByte(LONG);
            writeLong(l);
        } else if (value instanceof BigDecimal d) {
            if (d.unscaledValue().bitLength() < 63) {
                writeByte(DECIMAL);
                writeLong(d.unscaledValue().longValue());
            } else {
                writeByte(BIG_DECIMAL);
                byte[] unscaled = d.unscaledValue().toByteArray();
                writeInt(unscaled.length);
                writeBytes(unscaled, 0, unscaled.length);
            }
            writeLong(d.scale());
        } else if (value instanceof Double v) {
            writeByte(DOUBLE);
            long bits = Double.doubleToRawLongBits(v);
            for (int shift = 56; shift >= 0; shift -= 8) {
                writeByte((byte) (bits >>> shift));
            }
        } else if (value instanceof Boolean b) {
            writeByte(b ? TRUE : FALSE);
        } else {
            throw new Unsupported("a value of type " + value.getClass().getName());
        }
    }

    /** Text as Latin-1 bytes where every char fits, else as its UTF-16 chars (a text is kept char for char). */
    private void writeString(String text) throws IOException {
        int length = text.length();
        if (CHUNK - at >= length + 6) {
            // the common case, straight into the chunk: tag, length (at most 5 bytes for the text lengths here), chars
            int start = at;
            chunk[at++] = LATIN1;
            for (long v = (long) length << 1; ; v >>>= 7) {
                if ((v & ~0x7FL) == 0) {
                    chunk[at++] = (byte) v;
                    break;
                }
                chunk[at++] = (byte) ((v & 0x7F) | 0x80);
            }
            for (int i = 0; i < length; i++) {
                char c = text.charAt(i);
                if (c >= 256) {
                    at = start;
                    writeStringByByte(text);
                    return;
                }
                chunk[at++] = (byte) c;
            }
            bytes += at - start;
            return;
        }
        writeStringByByte(text);
    }

    private void writeStringByByte(String text) throws IOException {
        int length = text.length();
        boolean latin1 = true;
        for (int i = 0; i < length && latin1; i++) {
            latin1 = text.charAt(i) < 256;
        }
        writeByte(latin1 ? LATIN1 : UTF16);
        writeInt(length);
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (!latin1) {
                writeByte((byte) (c >>> 8));
            }
            writeByte((byte) c);
        }
    }

    private void writeInt(int value) throws IOException {
        writeLong(value);
    }

    /** Zig-zag variable-length: small numbers of either sign take one or two bytes. */
    private void writeLong(long value) throws IOException {
        long v = (value << 1) ^ (value >> 63);
        if (CHUNK - at >= 10) {
            // room for the longest form: straight into the chunk
            int start = at;
            while ((v & ~0x7FL) != 0) {
                chunk[at++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            chunk[at++] = (byte) v;
            bytes += at - start;
            return;
        }
        while ((v & ~0x7FL) != 0) {
            writeByte((byte) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        writeByte((byte) v);
    }

    private void writeBytes(byte[] source, int offset, int length) throws IOException {
        for (int i = 0; i < length; i++) {
            writeByte(source[offset + i]);
        }
    }

    private void writeByte(byte b) throws IOException {
        if (at == CHUNK) {
            flushChunk();
        }
        chunk[at++] = b;
        bytes++;
    }

    /** A full chunk: kept on the heap while the spool is small, else written to its file. */
    private void flushChunk() throws IOException {
        if (file == null && (long) (chunks.size() + 1) * CHUNK > inMemory) {
            openFile();
        }
        if (file != null) {
            ByteBuffer out = ByteBuffer.wrap(chunk, 0, at);
            while (out.hasRemaining()) {
                file.write(out);
            }
        } else {
            chunks.add(chunk);
            chunk = new byte[CHUNK];
        }
        at = 0;
    }

    private void openFile() throws IOException {
        Files.createDirectories(directory);
        Path path = Files.createTempFile(directory, "mfgsync-records-", ".spool");
        // DELETE_ON_CLOSE unlinks a file at once on POSIX systems (the open channel keeps it), at close on Windows
        file = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE,
                StandardOpenOption.DELETE_ON_CLOSE);
        for (byte[] kept : chunks) {
            ByteBuffer out = ByteBuffer.wrap(kept);
            while (out.hasRemaining()) {
                file.write(out);
            }
        }
        chunks.clear();
    }

    /** The records in the order they were added; the spool must not be added to any more. */
    Reader reader() {
        if (!usable()) {
            throw new IllegalStateException("The record spool is not usable");
        }
        return new Reader();
    }

    /** Frees the spool: its memory, its file. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        chunks.clear();
        chunk = null;
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Reads the records back, one at a time. */
    final class Reader {
        private final List<String> nameTexts = new ArrayList<>();
        private final List<Object> previousValues = new ArrayList<>();
        private final long total = records;
        private final long end = bytes;
        private final int lastChunkLength = at;
        private long read;
        private byte[] buffer;
        private int position;
        private int limit;
        private long offset;
        private int nextChunk;

        /** The next record, or null after the last one. */
        RecordReader.Parsed next() {
            if (read == total) {
                return null;
            }
            try {
                long line = readLong();
                String recordName = readName();
                int count = readInt();
                Map<String, Object> fields = new LinkedHashMap<>((count + 1) * 4 / 3 + 1);
                for (int i = 0; i < count; i++) {
                    int name = readNameIndex();
                    fields.put(nameTexts.get(name), readValue(name));
                }
                read++;
                return new RecordReader.Parsed(line, recordName, fields);
            } catch (IOException e) {
                throw new UncheckedIOException("The records kept for the second pass cannot be read", e);
            }
        }

        private String readName() throws IOException {
            return nameTexts.get(readNameIndex());
        }

        private int readNameIndex() throws IOException {
            int index = readInt();
            if (index == nameTexts.size()) {
                // interned, as a compiled mapping's names are: a field is then found by identity
                nameTexts.add(readString(readByte()).intern());
                previousValues.add(null);
            }
            return index;
        }

        private Object readValue(int name) throws IOException {
            byte tag = readByte();
            if (tag == SAME) {
                return previousValues.get(name);
            }
            Object value = switch (tag) {
                case NULL -> null;
                case LATIN1, UTF16 -> readString(tag);
                case INT -> (int) readLong();
                case LONG -> readLong();
                case DECIMAL -> {
                    long unscaled = readLong();
                    yield BigDecimal.valueOf(unscaled, (int) readLong());
                }
                case BIG_DECIMAL -> {
                    byte[] unscaled = new byte[readInt()];
                    for (int i = 0; i < unscaled.length; i++) {
                        unscaled[i] = readByte();
                    }
                    yield new BigDecimal(new BigInteger(unscaled), (int) readLong());
                }
                case DOUBLE -> {
                    long bits = 0;
                    for (int i = 0; i < 8; i++) {
                        bits = (bits << 8) | (readByte() & 0xFF);
                    }
                    yield Double.longBitsToDouble(bits);
                }
                case TRUE -> Boolean.TRUE;
                case FALSE -> Boolean.FALSE;
                default -> throw new IOException("unknown value tag " + tag);
            };
            previousValues.set(name, value);
            return value;
        }

        private String readString(byte tag) throws IOException {
            int length = readInt();
            if (tag == LATIN1 && limit - position >= length) {
                String text = new String(buffer, position, length, StandardCharsets.ISO_8859_1);
                position += length;
                return text;
            }
            char[] chars = new char[length];
            for (int i = 0; i < length; i++) {
                chars[i] = tag == UTF16 ? (char) (((readByte() & 0xFF) << 8) | (readByte() & 0xFF)) : (char) (readByte() & 0xFF);
            }
            return new String(chars);
        }

        private int readInt() throws IOException {
            return (int) readLong();
        }

        private long readLong() throws IOException {
            long v = 0;
            int shift = 0;
            byte b;
            do {
                b = readByte();
                v |= (long) (b & 0x7F) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            return (v >>> 1) ^ -(v & 1);
        }

        private byte readByte() throws IOException {
            if (position == limit) {
                refill();
            }
            return buffer[position++];
        }

        private void refill() throws IOException {
            if (closed) {
                throw new IOException("the spool is closed");
            }
            if (file == null) {
                // on the heap: the full chunks, then the one being filled
                if (nextChunk < chunks.size()) {
                    buffer = chunks.get(nextChunk++);
                    limit = CHUNK;
                } else if (nextChunk == chunks.size()) {
                    nextChunk++;
                    buffer = chunk;
                    limit = lastChunkLength;
                } else {
                    throw new IOException("read past the end of the spool");
                }
                position = 0;
                return;
            }
            long inFile = end - lastChunkLength;
            if (offset < inFile) {
                if (buffer == null || buffer == chunk) {
                    buffer = new byte[CHUNK];
                }
                ByteBuffer in = ByteBuffer.wrap(buffer, 0, (int) Math.min(CHUNK, inFile - offset));
                while (in.hasRemaining()) {
                    if (file.read(in, offset + in.position()) < 0) {
                        throw new IOException("the spool file ends early");
                    }
                }
                offset += in.limit();
                limit = in.limit();
            } else if (offset == inFile) {
                // the last chunk never went to the file
                buffer = chunk;
                limit = lastChunkLength;
                offset += lastChunkLength;
            } else {
                throw new IOException("read past the end of the spool");
            }
            position = 0;
        }
    }
}
