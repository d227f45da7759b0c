package org.mfgsync.connectors.flatfile;

import java.io.Closeable;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.beanio.BeanReader;
import org.beanio.BeanReaderException;
import org.beanio.InvalidRecordException;
import org.beanio.RecordContext;
import org.beanio.StreamFactory;

/**
 * Reads a flat file one record at a time through a BeanIO layout: nothing but the current record is held in memory.
 * Text is decoded strictly (a byte sequence that is not valid in the declared encoding rejects the file instead of
 * becoming replacement characters). Invalid records do not stop the reading: each is collected with its line number
 * and the raw text of its fields, and reading goes on with the next record.
 */
final class RecordReader implements Closeable {

    /** Text that is not valid in the declared encoding; {@link FlatFiles} finds the line. */
    static final class WrongEncodingException extends RuntimeException {
        final Charset charset;

        WrongEncodingException(Charset charset) {
            super(charset.name(), null, false, false);
            this.charset = charset;
        }
    }

    /** Records with these names describe the file, not business data; their errors make the whole file invalid. */
    static final String HEADER = "header";
    static final String TRAILER = "trailer";

    /** One well-formed record: where it starts, its layout record name and its typed fields (a map the caller may keep). */
    record Parsed(long line, String name, Map<String, Object> fields) {
        boolean isDetail() {
            return !HEADER.equals(name) && !TRAILER.equals(name);
        }
    }

    /** One invalid record with the raw text of the field the records are grouped by, if it could be read. */
    record Invalid(RecordError error, String recordName, String groupKey) {
        boolean isDetail() {
            return !HEADER.equals(recordName) && !TRAILER.equals(recordName);
        }
    }

    private final BeanReader reader;
    private final Charset charset;
    private final String groupBy;
    private final List<Invalid> invalid = new ArrayList<>();

    RecordReader(StreamFactory layouts, String stream, InputStream in, Charset charset, String groupBy) {
        this(layouts, stream, in, charset, groupBy, Integer.MAX_VALUE, null);
    }

    /**
     * A reader that rejects the file ({@link FileRejectedException}) at the first line longer than
     * {@code maxLineLength} and, with a dialect, reads the partner's CSV through it ({@link CsvDialectReader}).
     */
    RecordReader(StreamFactory layouts, String stream, InputStream in, Charset charset, String groupBy, int maxLineLength,
            CsvDialect dialect) {
        this.charset = charset;
        this.groupBy = groupBy;
        var decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        Reader text = new InputStreamReader(in, decoder);
        if (maxLineLength < Integer.MAX_VALUE) {
            text = new LineLengthLimit(text, maxLineLength);
        }
        if (dialect != null) {
            text = new CsvDialectReader(text, dialect);
        }
        this.reader = layouts.createReader(stream, new UnlockedBufferedReader(text, 64 * 1024));
        this.reader.setErrorHandler(this::collect);
    }

    /** The next well-formed record, or null at the end of the file; invalid ones met on the way go to {@link #drainInvalid}. */
    Parsed next() {
        Read read = read();
        return read == null ? null : read.parsed();
    }

    /**
     * One well-formed record as the layout reader gave it, before its fields are copied out: the validating pass
     * copies only what it needs (a trailer's count; {@link RecordSpool} keeps a business record's fields from it).
     */
    record Read(long line, String name, Map<String, Object> values) {
        boolean isDetail() {
            return !HEADER.equals(name) && !TRAILER.equals(name);
        }

        Parsed parsed() {
            return new Parsed(line, name, fieldsOf(values));
        }
    }

    /** As {@link #next}, the record's fields not yet copied. */
    @SuppressWarnings("unchecked")
    Read read() {
        Object bean;
        try {
            bean = reader.read();
        } catch (BeanReaderException e) {
            if (causedByEncoding(e)) {
                throw new WrongEncodingException(charset);
            }
            LineLengthLimit.LineTooLongException tooLong = lineTooLong(e);
            if (tooLong != null) {
                throw new FileRejectedException(tooLong.getMessage());
            }
            FileRejectedException byDialect = rejectedByDialect(e);
            if (byDialect != null) {
                throw byDialect;
            }
            throw new FileRejectedException("The file does not match its layout: " + describe(e));
        }
        if (bean == null) {
            return null;
        }
        return new Read(reader.getLineNumber(), reader.getRecordName(), (Map<String, Object>) bean);
    }

    /** A record's fields as the mappings see them, in a map of their own. */
    static Map<String, Object> fieldsOf(Map<String, Object> values) {
        // room for every field and the line number FlatFiles adds, without growing
        Map<String, Object> fields = new LinkedHashMap<>((values.size() + 1) * 4 / 3 + 1);
        for (Map.Entry<String, Object> field : values.entrySet()) {
            Object v = field.getValue();
            if (kept(v)) {
                fields.put(field.getKey(), jsonValue(v));
            }
        }
        return fields;
    }

    /** An empty field is an absent field: the mapping leaves it out instead of writing null or "". */
    static boolean kept(Object value) {
        return value != null && !"".equals(value);
    }

    /** Invalid records met since the last call. */
    List<Invalid> drainInvalid() {
        if (invalid.isEmpty()) {
            return List.of();
        }
        List<Invalid> drained = List.copyOf(invalid);
        invalid.clear();
        return drained;
    }

    private void collect(BeanReaderException e) throws Exception {
        if (causedByEncoding(e) || lineTooLong(e) != null || rejectedByDialect(e) != null) {
            throw e;
        }
        RecordContext context = e.getRecordCount() > 0 ? e.getRecordContext() : null;
        long line = context != null ? context.getLineNumber() : reader.getLineNumber();
        String name = context != null ? context.getRecordName() : null;
        String key = null;
        if (context != null && groupBy != null && e instanceof InvalidRecordException) {
            try {
                key = context.getFieldText(groupBy);
            } catch (RuntimeException ignored) {
                key = null;
            }
        }
        invalid.add(new Invalid(new RecordError(line, describe(e)), name, key == null ? null : key.trim()));
    }

    /**
     * True when the reading stopped at the end of the file because a record of this name, which the layout requires,
     * never came (BeanIO: "Expected record/group 'trailer'").
     */
    static boolean missingAtEnd(FileRejectedException e, String recordName) {
        String message = e.getMessage();
        return message != null && message.contains("Expected record") && message.contains("'" + recordName + "'");
    }

    static String describe(BeanReaderException e) {
        RecordContext context = e.getRecordCount() > 0 ? e.getRecordContext() : null;
        if (context == null) {
            return e.getMessage();
        }
        Set<String> problems = new LinkedHashSet<>();
        if (context.hasFieldErrors()) {
            // sorted, so that the same record always gives the same report
            for (Map.Entry<String, Collection<String>> field : new TreeMap<>(context.getFieldErrors()).entrySet()) {
                String text = context.getFieldText(field.getKey());
                String value = text == null ? "missing" : "'" + text + "'";
                for (String message : field.getValue()) {
                    problems.add("field " + field.getKey() + " " + value + ": " + message);
                }
            }
        }
        if (context.hasRecordErrors()) {
            problems.addAll(context.getRecordErrors());
        }
        return problems.isEmpty() ? e.getMessage() : String.join("; ", problems);
    }

    private static LineLengthLimit.LineTooLongException lineTooLong(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof LineLengthLimit.LineTooLongException tooLong) {
                return tooLong;
            }
        }
        return null;
    }

    /** The dialect's refusal of the file (a missing column, a record with too many fields), wherever BeanIO wrapped it. */
    private static FileRejectedException rejectedByDialect(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof FileRejectedException rejected) {
                return rejected;
            }
        }
        return null;
    }

    private static boolean causedByEncoding(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CharacterCodingException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Dates become ISO-8601 text, numbers stay exact: what the JSON mappings see. A date-time with an offset always
     * keeps its seconds ({@code 08:15:00+01:00}, where {@code toString()} would drop them), as the canonical
     * date-time requires.
     */
    static Object jsonValue(Object value) {
        if (value instanceof OffsetDateTime dateTime) {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(dateTime);
        }
        return value instanceof TemporalAccessor ? value.toString() : value;
    }

    private boolean closed;

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            reader.close();
        }
    }
}
