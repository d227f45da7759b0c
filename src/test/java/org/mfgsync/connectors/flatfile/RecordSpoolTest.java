package org.mfgsync.connectors.flatfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The records the validating pass keeps for the second one come back as the layout reader gave them: same fields in
 * the same order, values equal and of the same types, on the heap as in a spool file; the second pass groups them as
 * it groups the records it reads through the layout.
 */
class RecordSpoolTest {

    @TempDir
    Path folder;

    static List<RecordReader.Parsed> records() {
        List<RecordReader.Parsed> records = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("poNumber", "45000" + i / 3);
            fields.put("revision", i % 4);
            fields.put("text", i % 7 == 0 ? "Bohrer \u00d8 12 \u2013 \ud83d\udd27 \ud83d" : "plain");
            fields.put("quantity", new BigDecimal(i % 5 == 0 ? "12.500" : "12.5"));
            fields.put("big", new BigDecimal("123456789012345678901234567890.1").negate());
            fields.put("scaled", new BigDecimal("1E+3"));
            fields.put("count", (long) i * 1_000_000_007L);
            fields.put("ratio", i % 2 == 0 ? -0.0 : Double.NaN);
            fields.put("flag", i % 3 == 0);
            fields.put("none", null);
            if (i % 10 == 0) {
                fields.put("sometimes", "here");
            }
            records.add(new RecordReader.Parsed(i + 2, i % 100 == 0 ? "other" : "line", fields));
        }
        return records;
    }

    @ParameterizedTest
    @ValueSource(longs = { FlatFiles.SPOOL_IN_MEMORY, 1 })
    void shouldGiveBackEveryRecordAsItWasKept(long inMemory) {
        List<RecordReader.Parsed> records = records();
        try (RecordSpool spool = new RecordSpool(folder, inMemory)) {
            records.forEach(spool::add);
            assertThat(spool.usable()).isTrue();
            RecordSpool.Reader reader = spool.reader();
            for (RecordReader.Parsed expected : records) {
                assertSameRecord(reader.next(), expected);
            }
            assertThat(reader.next()).isNull();
        }
        // the spool file was unlinked as it was opened
        assertThat(folder.toFile().list()).isEmpty();
    }

    @Test
    void shouldAbandonTheSpoolAtAValueItDoesNotHold() {
        try (RecordSpool spool = new RecordSpool(folder, 1)) {
            records().forEach(spool::add);
            spool.add(new RecordReader.Parsed(9, "line", new LinkedHashMap<>(Map.of("date", LocalDate.of(2026, 12, 1)))));
            assertThat(spool.usable()).isFalse();
        }
    }

    @Test
    void shouldReadTheFileAgainWhenTheSpoolFolderCannotBeWritten() throws IOException {
        Path notAFolder = Files.writeString(folder.resolve("occupied"), "a file where the spool folder should be");
        Supplier<InputStream> input = () -> {
            StringBuilder text = new StringBuilder(FileLimitsTest.HEADER);
            for (int i = 1; i <= 2000; i++) {
                text.append(FileLimitsTest.LINE.formatted(i * 10));
            }
            return new java.io.ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8));
        };
        FlatFiles flatFiles = new FlatFiles(notAFolder.resolve("spool"), 1);

        FlatFileScan scan = flatFiles.scan(input, FileLimitsTest.PO_EXPORT, RecordErrorPolicy.REJECT_FILE);

        assertThat(scan.takeSpool()).as("the spool was abandoned").isNull();
        List<Map<String, Object>> groups = groups(flatFiles, input, FileLimitsTest.PO_EXPORT, scan);
        assertThat(groups).hasSize(1);
        assertThat((List<?>) groups.get(0).get("records")).hasSize(2000);
    }

    /** Every golden flat file: the groups from the kept records are those the layout reader gives on a second read. */
    @ParameterizedTest
    @ValueSource(longs = { FlatFiles.SPOOL_IN_MEMORY, 1 })
    void shouldGroupTheKeptRecordsAsTheRecordsReadAgain(long inMemory) throws IOException {
        int files = 0;
        try (Stream<Path> instances = Files.list(Path.of("mappings"))) {
            for (Path tests : instances.map(i -> i.resolve("tests")).filter(Files::isDirectory).sorted().toList()) {
                for (Path file : csvInputs(tests)) {
                    FlatFiles.Format format = format(tests, file);
                    if (format == null) {
                        continue;
                    }
                    FlatFiles flatFiles = new FlatFiles(folder, inMemory);
                    Supplier<InputStream> input = () -> open(file);
                    FlatFileScan kept;
                    FlatFileScan readAgain;
                    try {
                        kept = flatFiles.scan(input, format, RecordErrorPolicy.PASS_GOOD_RECORDS);
                        readAgain = flatFiles.scan(input, format, RecordErrorPolicy.PASS_GOOD_RECORDS);
                    } catch (FileRejectedException | FileIncompleteException refused) {
                        continue;
                    }
                    readAgain.discardSpool();
                    assertThat(groups(flatFiles, input, format, kept)).as(file.toString())
                            .isEqualTo(groups(flatFiles, input, format, readAgain));
                    files++;
                }
            }
        }
        assertThat(files).isGreaterThanOrEqualTo(4);
    }

    private static List<Map<String, Object>> groups(FlatFiles flatFiles, Supplier<InputStream> input, FlatFiles.Format format,
            FlatFileScan scan) {
        List<Map<String, Object>> groups = new ArrayList<>();
        try (FlatFiles.CloseableIterator iterator = flatFiles.groups(input, format, scan)) {
            iterator.forEachRemaining(groups::add);
        }
        return groups;
    }

    private static List<Path> csvInputs(Path tests) throws IOException {
        try (Stream<Path> files = Files.list(tests)) {
            return files.filter(f -> f.getFileName().toString().contains(".input.") && !f.toString().endsWith(".json")
                    && !f.toString().endsWith(".xml")).sorted().toList();
        }
    }

    private static FlatFiles.Format format(Path tests, Path file) throws IOException {
        Path formatFile = tests.resolve("format.properties");
        if (!Files.exists(formatFile)) {
            return null;
        }
        java.util.Properties settings = new java.util.Properties();
        try (var reader = Files.newBufferedReader(formatFile)) {
            settings.load(reader);
        }
        if (settings.getProperty("dialect") != null || "xml".equals(settings.getProperty("format"))) {
            return null;
        }
        return new FlatFiles.Format(Path.of("mappings").resolve(settings.getProperty("layout")), settings.getProperty("stream"),
                java.nio.charset.Charset.forName(settings.getProperty("encoding", StandardCharsets.UTF_8.name())),
                settings.getProperty("groupBy"));
    }

    private static InputStream open(Path file) {
        try {
            return Files.newInputStream(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertSameRecord(RecordReader.Parsed actual, RecordReader.Parsed expected) {
        assertThat(actual.line()).isEqualTo(expected.line());
        assertThat(actual.name()).isEqualTo(expected.name());
        assertThat(new ArrayList<>(actual.fields().keySet())).isEqualTo(new ArrayList<>(expected.fields().keySet()));
        expected.fields().forEach((name, value) -> {
            Object got = actual.fields().get(name);
            assertThat(got).as(name).isEqualTo(value);
            if (value != null) {
                assertThat(got.getClass()).as(name).isEqualTo(value.getClass());
            }
        });
    }
}
