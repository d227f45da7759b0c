package org.mfgsync.connectors.flatfile;

import java.io.IOException;
import java.io.Reader;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a partner's CSV file in its {@link CsvDialect} and gives it, as it is read, in the form of the layout it is
 * bound onto: the layout's header line, then each record with the layout's columns in the layout's order (found by
 * header name), {@code .} decimals and ISO dates, quoted as the layout reads CSV. One line out per line in, so that
 * the layout's errors name the partner's line numbers. Nothing but the current record is held.
 */
final class CsvDialectReader extends Reader {

    private final Reader in;
    private final CsvDialect dialect;
    /** For each layout column, the partner's column index, or -1 for an optional column the partner left out. */
    private int[] sourceIndex;
    private int sourceColumns;
    private final StringBuilder pending = new StringBuilder();
    private int pendingAt;
    private long line = 1;
    private boolean started;
    private boolean ended;
    private int lookahead = -2;

    CsvDialectReader(Reader in, CsvDialect dialect) {
        this.in = in;
        this.dialect = dialect;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        while (pendingAt >= pending.length()) {
            pending.setLength(0);
            pendingAt = 0;
            if (!fill()) {
                return -1;
            }
        }
        int n = Math.min(length, pending.length() - pendingAt);
        pending.getChars(pendingAt, pendingAt + n, buffer, offset);
        pendingAt += n;
        return n;
    }

    /** Puts the next output line into {@link #pending}; false at the end. */
    private boolean fill() throws IOException {
        if (!started) {
            started = true;
            header();
            pending.append(String.join(",", dialect.layoutColumns())).append('\n');
            return true;
        }
        if (ended) {
            return false;
        }
        long recordLine = line;
        List<String> fields = record();
        if (fields == null) {
            ended = true;
            return false;
        }
        if (fields.size() == 1 && fields.get(0).isEmpty()) {
            // an empty line stays an empty line: the layout reports it with its number
            pending.append('\n');
            return true;
        }
        if (fields.size() != sourceColumns) {
            throw new FileRejectedException("Line " + recordLine + " has " + fields.size() + " fields, the header "
                    + sourceColumns + " (delimiter '" + printable(dialect.delimiter()) + "')");
        }
        List<String> columns = dialect.layoutColumns();
        for (int c = 0; c < columns.size(); c++) {
            String column = columns.get(c);
            String value = sourceIndex[c] < 0 ? dialect.defaults().getOrDefault(column, "") : fields.get(sourceIndex[c]).trim();
            if (c > 0) {
                pending.append(',');
            }
            pending.append(quoted(converted(column, value)));
        }
        pending.append('\n');
        return true;
    }

    private void header() throws IOException {
        int first = next();
        if (first == '\uFEFF') {
            if ("forbidden".equals(dialect.bom())) {
                throw new FileRejectedException("The file starts with a byte order mark, which its dialect "
                        + dialect.file().getFileName() + " forbids (bom=forbidden)");
            }
        } else {
            if ("required".equals(dialect.bom())) {
                throw new FileRejectedException("The file does not start with the byte order mark its dialect "
                        + dialect.file().getFileName() + " requires (bom=required)");
            }
            lookahead = first;
        }
        List<String> header = record();
        if (header == null) {
            throw new FileRejectedException("The file is empty (0 bytes)");
        }
        sourceColumns = header.size();
        List<String> names = header.stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
        for (int i = 0; i < names.size(); i++) {
            if (names.indexOf(names.get(i)) != i) {
                throw new FileRejectedException("The header names the column '" + header.get(i).trim() + "' twice");
            }
        }
        List<String> columns = dialect.layoutColumns();
        sourceIndex = new int[columns.size()];
        boolean[] used = new boolean[names.size()];
        List<String> missing = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
            String partner = dialect.partnerName(columns.get(c));
            sourceIndex[c] = names.indexOf(partner.toLowerCase(Locale.ROOT));
            if (sourceIndex[c] >= 0) {
                used[sourceIndex[c]] = true;
            } else if (!dialect.optional().contains(columns.get(c))) {
                missing.add("'" + partner + "'" + (partner.equals(columns.get(c)) ? "" : " (" + columns.get(c) + ")"));
            }
        }
        if (!missing.isEmpty()) {
            throw new FileRejectedException("The header has no column " + String.join(", ", missing)
                    + ", required by the dialect " + dialect.file().getFileName());
        }
        if (dialect.refuseExtraColumns()) {
            List<String> extra = new ArrayList<>();
            for (int i = 0; i < used.length; i++) {
                if (!used[i]) {
                    extra.add("'" + header.get(i).trim() + "'");
                }
            }
            if (!extra.isEmpty()) {
                throw new FileRejectedException("The header has the column " + String.join(", ", extra)
                        + " that the dialect " + dialect.file().getFileName() + " does not know (extra-columns=refuse)");
            }
        }
    }

    /** The fields of the next record, or null at the end of the file. */
    private List<String> record() throws IOException {
        int c = next();
        if (c < 0) {
            return null;
        }
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean fieldStart = true;
        while (true) {
            if (c < 0) {
                if (quoted) {
                    throw new FileRejectedException("Line " + line + " ends inside a quoted field: the file is cut");
                }
                fields.add(field.toString());
                return fields;
            }
            char ch = (char) c;
            if (quoted) {
                if (ch == dialect.escape() && dialect.escape() != dialect.quote()) {
                    int escaped = next();
                    if (escaped >= 0) {
                        field.append((char) escaped);
                    }
                } else if (ch == dialect.quote()) {
                    int after = next();
                    if (after == dialect.quote() && dialect.escape() == dialect.quote()) {
                        field.append(dialect.quote());
                    } else {
                        quoted = false;
                        lookahead = after;
                    }
                } else {
                    if (ch == '\n') {
                        line++;
                    }
                    field.append(ch);
                }
            } else if (ch == dialect.quote() && fieldStart) {
                quoted = true;
            } else if (ch == dialect.delimiter()) {
                fields.add(field.toString());
                field.setLength(0);
                fieldStart = true;
                c = next();
                continue;
            } else if (ch == '\n') {
                line++;
                fields.add(field.toString());
                return fields;
            } else if (ch != '\r') {
                field.append(ch);
            }
            fieldStart = false;
            c = next();
        }
    }

    private int next() throws IOException {
        if (lookahead != -2) {
            int c = lookahead;
            lookahead = -2;
            return c;
        }
        return in.read();
    }

    private String converted(String column, String value) {
        if (value.isEmpty()) {
            return value;
        }
        if (dialect.decimalComma().contains(column) && value.indexOf(',') >= 0) {
            // 1.234,5 -> 1234.5: the dot groups thousands where the comma marks the decimals
            return value.replace(".", "").replace(',', '.');
        }
        var pattern = dialect.datePatterns().get(column);
        if (pattern != null) {
            try {
                return CsvDialect.ISO_DATE.format(java.time.LocalDate.parse(value, pattern));
            } catch (DateTimeParseException notADate) {
                // left as it came: the layout refuses it with the field and line named
                return value;
            }
        }
        return value;
    }

    private static String quoted(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    private static String printable(char c) {
        return c == '\t' ? "\\t" : String.valueOf(c);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
