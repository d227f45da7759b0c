package org.mfgsync.connectors.flatfile;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Supplier;

import org.beanio.StreamFactory;

/**
 * Streams a flat file through its BeanIO layout in two passes: {@link #scan} validates every record (and the
 * header and trailer), {@link #groups} then yields the file's valid records grouped by a key field, one group at
 * a time (e.g. all lines of one purchase order, which an ERP export writes one after the other). The records the
 * first pass read are kept for the second ({@link RecordSpool}: on the heap up to {@value #SPOOL_IN_MEMORY} bytes,
 * beyond in a file of the spool folder), which then does not parse the file through its layout again.
 */
public final class FlatFiles {

    /** {@code none}: every record is a group of its own. */
    public static final String NO_GROUPING = "none";

    /** Trailer field that, where a layout has it, must equal the number of business records. */
    static final String TRAILER_COUNT = "recordCount";

    /** Kept records of one file held on the heap; a larger file's go to a file (most files are far smaller). */
    static final long SPOOL_IN_MEMORY = 8L * 1024 * 1024;

    private final RecordLayouts layouts = new RecordLayouts();
    private final Path spoolFolder;
    private final long spoolInMemory;

    /** Kept records beyond the heap's share go to the temporary folder. */
    public FlatFiles() {
        this(Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** @param spoolFolder where the kept records of a large file go between the two passes */
    public FlatFiles(Path spoolFolder) {
        this(spoolFolder, SPOOL_IN_MEMORY);
    }

    FlatFiles(Path spoolFolder, long spoolInMemory) {
        this.spoolFolder = spoolFolder;
        this.spoolInMemory = spoolInMemory;
    }

    /** How one kind of file is read: layout file, stream name in it, text encoding, field that groups records. */
    public record Format(Path layout, String stream, Charset encoding, String groupBy, CsvDialect dialect) {
        public Format {
            Objects.requireNonNull(layout);
            Objects.requireNonNull(stream);
            Objects.requireNonNull(encoding);
            Objects.requireNonNull(groupBy);
        }

        /** A file in the layout's own form. */
        public Format(Path layout, String stream, Charset encoding, String groupBy) {
            this(layout, stream, encoding, groupBy, null);
        }

        /** A partner's CSV bound by header name onto a layout: the dialect names the layout and the encoding. */
        public static Format of(CsvDialect dialect, String stream, String groupBy) {
            return new Format(dialect.layout(), stream, dialect.encoding(), groupBy, dialect);
        }

        boolean grouped() {
            return !NO_GROUPING.equals(groupBy);
        }
    }

    /**
     * First pass: reads the whole file, keeps only counts and errors. Throws {@link FileRejectedException} for what
     * makes the file unusable whatever the policy (empty, wrong encoding, header or trailer wrong) and, under
     * {@link RecordErrorPolicy#REJECT_FILE}, for any invalid record.
     */
    public FlatFileScan scan(Supplier<InputStream> input, Format format, RecordErrorPolicy policy) {
        return scan(input, format, policy, FileLimits.NONE);
    }

    /**
     * First pass within an instance's limits: a line longer than {@link FileLimits#maxLineLength()} or more records
     * than {@link FileLimits#maxRecords()} reject the file, naming the limit, as soon as they are met.
     */
    public FlatFileScan scan(Supplier<InputStream> input, Format format, RecordErrorPolicy policy, FileLimits limits) {
        StreamFactory factory = layouts.factory(format.layout());
        boolean trailerExpected = layouts.hasRecord(format.layout(), RecordReader.TRAILER);
        FlatFileScan scan = new FlatFileScan();
        RecordSpool spool = new RecordSpool(spoolFolder, spoolInMemory);
        try {
            scan(input, format, policy, limits, factory, trailerExpected, scan, spool);
        } catch (RuntimeException | Error e) {
            spool.close();
            throw e;
        }
        if (spool.usable()) {
            scan.keep(spool);
        }
        return scan;
    }

    private void scan(Supplier<InputStream> input, Format format, RecordErrorPolicy policy, FileLimits limits,
            StreamFactory factory, boolean trailerExpected, FlatFileScan scan, RecordSpool spool) {
        Long trailerCount = null;
        boolean trailerSeen = false;
        long lastLine = 0;
        try (InputStream in = nonEmpty(input.get());
                RecordReader reader = new RecordReader(factory, format.stream(), in, format.encoding(),
                        format.grouped() ? format.groupBy() : null, limits.maxLineLength(), format.dialect())) {
            RecordReader.Read record;
            do {
                record = reader.read();
                for (RecordReader.Invalid invalid : reader.drainInvalid()) {
                    if (trailerExpected && !trailerSeen && RecordReader.TRAILER.equals(invalid.recordName())
                            && invalid.error().message().startsWith("Expected record/group 'trailer'")) {
                        throw new FileIncompleteException("The file ends after line " + lastLine
                                + " without its trailer record: it is incomplete");
                    }
                    if (!invalid.isDetail()) {
                        throw new FileRejectedException("The " + invalid.recordName()
                                + " record does not match the layout (missing, extra or renamed columns or fields)",
                                List.of(invalid.error()));
                    }
                    scan.invalid(invalid);
                }
                if (record != null) {
                    lastLine = record.line();
                    if (record.isDetail()) {
                        scan.countRecord();
                        if (scan.records() > limits.maxRecords()) {
                            throw new FileRejectedException(limits.tooManyRecords());
                        }
                        spool.add(record);
                    } else if (RecordReader.TRAILER.equals(record.name())) {
                        trailerSeen = true;
                        if (record.parsed().fields().get(TRAILER_COUNT) instanceof Number count) {
                            trailerCount = count.longValue();
                        }
                    }
                }
            } while (record != null);
        } catch (FileRejectedException e) {
            // a file cut before its trailer: BeanIO stops at the end, where the trailer should have been
            if (trailerExpected && !trailerSeen && RecordReader.missingAtEnd(e, RecordReader.TRAILER)) {
                throw new FileIncompleteException("The file ends after line " + lastLine
                        + " without its trailer record: it is incomplete");
            }
            throw e;
        } catch (RecordReader.WrongEncodingException e) {
            throw new FileRejectedException("Line " + firstUndecodableLine(input, format.encoding())
                    + " is not valid " + format.encoding().name() + " text: the file has the wrong encoding");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (trailerExpected && !trailerSeen) {
            throw new FileIncompleteException("The file ends after line " + lastLine
                    + " without its trailer record: it is incomplete");
        }
        if (trailerCount != null && trailerCount != scan.records()) {
            throw new FileIncompleteException("The trailer announces " + trailerCount + " records but the file holds "
                    + scan.records() + ": the file is incomplete or was changed");
        }
        if (scan.records() == 0) {
            throw new FileRejectedException("The file holds no records, only its header");
        }
        if (scan.invalidRecords() > 0) {
            if (policy == RecordErrorPolicy.REJECT_FILE) {
                throw new FileRejectedException(scan.invalidRecords() + " of " + scan.records()
                        + " records are invalid; policy reject-file publishes nothing of this file", scan.errors());
            }
            if (format.grouped() && scan.hasInvalidWithoutGroup()) {
                throw new FileRejectedException(scan.invalidRecords() + " of " + scan.records() + " records are invalid "
                        + "and not every one can be tied to its " + format.groupBy()
                        + ", so the good records cannot be told apart safely", scan.errors());
            }
        }
    }

    /**
     * Second pass: the valid records, one group at a time, each as {@code {"records": [...], "firstLine": n}} with
     * every record's fields plus its {@code line}. Groups named in {@code scan} as holding an invalid record are
     * skipped whole. The iterator must be closed (Camel's splitter does).
     */
    public CloseableIterator groups(Supplier<InputStream> input, Format format, FlatFileScan scan) {
        RecordSpool spool = scan.takeSpool();
        if (spool != null) {
            RecordSpool.Reader records = spool.reader();
            return new CloseableIterator(new RecordSource() {
                @Override
                public RecordReader.Parsed next() {
                    return records.next();
                }

                @Override
                public void close() {
                    spool.close();
                }
            }, format, scan);
        }
        StreamFactory factory = layouts.factory(format.layout());
        InputStream in = input.get();
        RecordReader reader = new RecordReader(factory, format.stream(), new BufferedInputStream(in, 64 * 1024),
                format.encoding(), format.grouped() ? format.groupBy() : null, Integer.MAX_VALUE, format.dialect());
        return new CloseableIterator(new RecordSource() {
            /** The next valid business record; header, trailer and invalid records (reported by the scan) are passed over. */
            @Override
            public RecordReader.Parsed next() {
                RecordReader.Parsed record;
                do {
                    record = reader.next();
                    reader.drainInvalid();
                } while (record != null && !record.isDetail());
                return record;
            }

            @Override
            public void close() {
                reader.close();
            }
        }, format, scan);
    }

    /** The valid business records of a file in order, for the second pass: kept by the first, or read again. */
    private interface RecordSource {
        /** The next record, or null at the end. */
        RecordReader.Parsed next();

        void close();
    }

    /** The first line (1-based) that does not decode strictly; reads line by line, never the whole file. */
    static long firstUndecodableLine(Supplier<InputStream> input, Charset charset) {
        var decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        long line = 1;
        ByteArrayOutputStream current = new ByteArrayOutputStream();
        try (InputStream in = new BufferedInputStream(input.get(), 64 * 1024)) {
            int b;
            while (true) {
                b = in.read();
                if (b == '\n' || b < 0) {
                    try {
                        decoder.reset().decode(ByteBuffer.wrap(current.toByteArray()));
                    } catch (CharacterCodingException bad) {
                        return line;
                    }
                    if (b < 0) {
                        return line;
                    }
                    current.reset();
                    line++;
                } else {
                    current.write(b);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream nonEmpty(InputStream in) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, 64 * 1024);
        buffered.mark(1);
        if (buffered.read() < 0) {
            buffered.close();
            throw new FileRejectedException("The file is empty (0 bytes)");
        }
        buffered.reset();
        return buffered;
    }

    /** Groups of valid records, read lazily from the file. */
    public static final class CloseableIterator implements Iterator<Map<String, Object>>, Closeable {

        private final RecordSource records;
        private final Format format;
        private final FlatFileScan scan;
        private RecordReader.Parsed lookahead;
        private Map<String, Object> nextGroup;
        private boolean done;
        private boolean endOfFile;
        private boolean closed;

        private CloseableIterator(RecordSource records, Format format, FlatFileScan scan) {
            this.records = records;
            this.format = format;
            this.scan = scan;
        }

        @Override
        public boolean hasNext() {
            if (nextGroup == null && !done) {
                nextGroup = readGroup();
                if (nextGroup == null) {
                    done = true;
                    close();
                }
            }
            return nextGroup != null;
        }

        @Override
        public Map<String, Object> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Map<String, Object> group = nextGroup;
            nextGroup = null;
            return group;
        }

        private Map<String, Object> readGroup() {
            while (true) {
                List<Map<String, Object>> records = new ArrayList<>();
                String key = null;
                long firstLine = 0;
                RecordReader.Parsed record;
                while ((record = take()) != null) {
                    String recordKey = format.grouped() ? String.valueOf(record.fields().get(format.groupBy())) : null;
                    if (!records.isEmpty() && (!format.grouped() || !recordKey.equals(key))) {
                        lookahead = record;
                        break;
                    }
                    if (records.isEmpty()) {
                        key = recordKey;
                        firstLine = record.line();
                    }
                    // the record's own map (RecordReader makes one per record), its line number last
                    Map<String, Object> fields = record.fields();
                    fields.put("line", record.line());
                    records.add(fields);
                }
                if (records.isEmpty()) {
                    return null;
                }
                if (format.grouped() && scan.isHeldBack(key)) {
                    continue;
                }
                Map<String, Object> group = new LinkedHashMap<>();
                group.put("firstLine", firstLine);
                group.put("records", records);
                return group;
            }
        }

        private RecordReader.Parsed take() {
            if (lookahead != null) {
                RecordReader.Parsed taken = lookahead;
                lookahead = null;
                return taken;
            }
            if (endOfFile) {
                return null;
            }
            RecordReader.Parsed record = records.next();
            endOfFile = record == null;
            return record;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                records.close();
            }
        }
    }
}
