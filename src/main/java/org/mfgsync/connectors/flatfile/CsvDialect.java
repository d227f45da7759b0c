package org.mfgsync.connectors.flatfile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * A partner's CSV dialect, bound by header name onto one of mfgsync's CSV layouts ({@code <name>.dialect.properties}
 * under {@code mappings/}, parameter {@code dialect} of the file connector, beside its {@code layout}): the partner's columns may come in any
 * order, under their own names, with columns of their own; its delimiter, quote, escape, encoding, byte order mark,
 * decimal comma and date patterns are its own. {@link CsvDialectReader} rewrites each file into the layout's own form
 * (its header, its column order, {@code .} decimals, ISO dates) as it is read, so the layout validates and types every
 * record as it does for mfgsync's own format, with the same line numbers.
 * <p>
 * Keys (the columns are those of the layout's header record): {@code delimiter} (default {@code ,}; {@code tab} for a tab), {@code quote} (default {@code "}), {@code escape}
 * (default: the quote doubled), {@code encoding} (default UTF-8), {@code bom} ({@code optional}, {@code required} or
 * {@code forbidden}; default {@code optional}), {@code extra-columns} ({@code ignore} or {@code refuse}; default
 * {@code ignore}), {@code column.<LAYOUT_COLUMN>} (the partner's header for it; default the same name, compared
 * without case), {@code optional} (layout columns the partner may leave out, comma-separated), {@code default.<COLUMN>}
 * (the value of an optional column the partner left out), {@code decimal-comma} (columns whose decimals have a comma),
 * {@code date.<COLUMN>} (the partner's pattern of a date column, e.g. {@code dd.MM.uuuu}).
 */
public record CsvDialect(Path file, Path layout, List<String> layoutColumns, char delimiter, char quote, char escape, Charset encoding,
        String bom, boolean refuseExtraColumns, Map<String, String> partnerNames, Set<String> optional,
        Map<String, String> defaults, Set<String> decimalComma, Map<String, DateTimeFormatter> datePatterns) {

    static final DateTimeFormatter ISO_DATE = DateTimeFormatter.ISO_LOCAL_DATE;

    /**
     * Reads a dialect file bound onto a layout (its header record names the columns); an unknown key, a column the
     * layout does not have or a value out of its set fails, naming the file and the key.
     */
    public static CsvDialect load(Path file, Path layoutFile) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the CSV dialect " + file, e);
        }
        Set<String> known = Set.of("delimiter", "quote", "escape", "encoding", "bom", "extra-columns",
                "optional", "decimal-comma");
        for (String key : p.stringPropertyNames()) {
            if (!known.contains(key) && !key.startsWith("column.") && !key.startsWith("default.") && !key.startsWith("date.")) {
                throw invalid(file, "unknown key '" + key + "'");
            }
        }
        String layout = layoutFile.getFileName().toString();
        List<String> columns = headerColumns(layoutFile);
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, String> defaults = new LinkedHashMap<>();
        Map<String, DateTimeFormatter> dates = new LinkedHashMap<>();
        for (String key : p.stringPropertyNames()) {
            int dot = key.indexOf('.');
            if (dot < 0) {
                continue;
            }
            String column = key.substring(dot + 1);
            if (!columns.contains(column)) {
                throw invalid(file, "'" + key + "' names no column of " + layout + " " + columns);
            }
            String value = p.getProperty(key).trim();
            switch (key.substring(0, dot)) {
                case "column" -> names.put(column, value);
                case "default" -> defaults.put(column, value);
                case "date" -> dates.put(column, DateTimeFormatter.ofPattern(value, Locale.ROOT)
                        .withResolverStyle(ResolverStyle.STRICT));
                default -> throw invalid(file, "unknown key '" + key + "'");
            }
        }
        Set<String> optional = columnList(p.getProperty("optional"), columns, file, "optional");
        Set<String> decimalComma = columnList(p.getProperty("decimal-comma"), columns, file, "decimal-comma");
        String bom = p.getProperty("bom", "optional").trim();
        if (!Set.of("optional", "required", "forbidden").contains(bom)) {
            throw invalid(file, "'bom' must be optional, required or forbidden, not '" + bom + "'");
        }
        String extra = p.getProperty("extra-columns", "ignore").trim();
        if (!Set.of("ignore", "refuse").contains(extra)) {
            throw invalid(file, "'extra-columns' must be ignore or refuse, not '" + extra + "'");
        }
        char quote = single(p.getProperty("quote", "\""), file, "quote");
        return new CsvDialect(file, layoutFile, columns, delimiter(p.getProperty("delimiter", ","), file), quote,
                single(p.getProperty("escape", String.valueOf(quote)), file, "escape"),
                Charset.forName(p.getProperty("encoding", "UTF-8").trim()), bom, "refuse".equals(extra), names, optional,
                defaults, decimalComma, dates);
    }

    /** The partner's header of a layout column. */
    String partnerName(String column) {
        return partnerNames.getOrDefault(column, column);
    }

    /** The column names of the layout's header record, in its order (their literals). */
    static List<String> headerColumns(Path layout) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setNamespaceAware(true);
            NodeList records = factory.newDocumentBuilder().parse(layout.toFile()).getElementsByTagNameNS("*", "record");
            for (int i = 0; i < records.getLength(); i++) {
                Element record = (Element) records.item(i);
                if (RecordReader.HEADER.equals(record.getAttribute("name"))) {
                    List<String> columns = new ArrayList<>();
                    NodeList fields = record.getElementsByTagNameNS("*", "field");
                    for (int f = 0; f < fields.getLength(); f++) {
                        columns.add(((Element) fields.item(f)).getAttribute("literal"));
                    }
                    return List.copyOf(columns);
                }
            }
        } catch (Exception e) {
            throw new IllegalArgumentException("Cannot read the header record of the layout " + layout + ": " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("The layout " + layout + " has no header record to bind columns by name");
    }

    private static Set<String> columnList(String value, List<String> columns, Path file, String key) {
        Set<String> found = new TreeSet<>();
        if (value == null || value.isBlank()) {
            return found;
        }
        for (String column : value.split(",")) {
            String name = column.trim();
            if (!columns.contains(name)) {
                throw invalid(file, "'" + key + "' names '" + name + "', no column of the layout " + columns);
            }
            found.add(name);
        }
        return found;
    }

    private static char delimiter(String value, Path file) {
        return "tab".equals(value.trim()) ? '\t' : single(value, file, "delimiter");
    }

    private static char single(String value, Path file, String key) {
        if (value.length() != 1) {
            throw invalid(file, "'" + key + "' must be one character, not '" + value + "'");
        }
        return value.charAt(0);
    }

    private static IllegalArgumentException invalid(Path file, String problem) {
        return new IllegalArgumentException("CSV dialect " + file.getFileName() + ": " + problem);
    }
}
