package org.mfgsync.connectors.flatfile;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import org.mfgsync.canonical.CanonicalJson;
import org.mfgsync.connectors.mapping.MappedEvents;
import org.mfgsync.mapping.MappingRegistry;
import org.mfgsync.testing.ValidatedMappings;

/**
 * Benchmark (not a test): generates an erp-legacy-a purchase order CSV of the given size and runs it through what
 * the inbound file connector does per file — validating pass, streaming pass, JSONata mapping, envelope, JSON — but
 * without Kafka; then, in the same JVM, through a hand-written plain-Java loop (split, parse, map, the same envelope
 * and Jackson mapper) as the floor to compare with. Run by {@code dev/bench-flatfile.sh} with the heap capped; prints
 * a table and {@code RESULT key=value} lines (rows/s of the mapping pass and of the plain loop, their ratio, the peak
 * RSS of the connector passes) that the script merges into {@code target/bench/results.json}.
 */
public final class FlatFileBench {

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        long bytes = Long.parseLong(args[1]);
        if (!Files.exists(file) || Files.size(file) < bytes) {
            generate(file, bytes);
        }
        Supplier<InputStream> input = () -> {
            try {
                return Files.newInputStream(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        Path mappings = Path.of("mappings");
        FlatFiles flatFiles = new FlatFiles();
        FlatFiles.Format format = new FlatFiles.Format(mappings.resolve("erp-legacy-a/purchase-orders.beanio.xml"),
                "purchase-orders", Charset.forName("UTF-8"), "poNumber");
        MappingRegistry jsonata = ValidatedMappings.loadedFrom(mappings);
        MappedEvents events = new MappedEvents(Clock.systemUTC(), UUID::randomUUID);
        String mapping = "erp-legacy-a/purchase-order-changed";

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long start = System.nanoTime();
        long startCpu = threads.getCurrentThreadCpuTime();
        FlatFileScan scan = flatFiles.scan(input, format, RecordErrorPolicy.REJECT_FILE);
        long scanned = System.nanoTime();
        long scannedCpu = threads.getCurrentThreadCpuTime();
        long eventCount = 0;
        long jsonBytes = 0;
        // as the connector has it, in an exchange property
        String fileName = file.getFileName().toString();
        try (FlatFiles.CloseableIterator groups = flatFiles.groups(input, format, scan)) {
            while (groups.hasNext()) {
                Map<String, Object> in = new LinkedHashMap<>();
                in.put("instance", "erp-legacy-a");
                in.put("file", fileName);
                in.putAll(groups.next());
                jsonBytes += CanonicalJson.MAPPER.writeValueAsBytes(events.envelope(jsonata.evaluate(mapping, in), "bench", null)).length;
                eventCount++;
            }
        }
        long end = System.nanoTime();
        long endCpu = threads.getCurrentThreadCpuTime();
        long peakRssKb = procStatusKb("VmHWM");
        long rssKb = procStatusKb("VmRSS");

        // the floor: the same file parsed, mapped and written by hand-written Java, same JVM, same run
        long plainStart = System.nanoTime();
        long plainStartCpu = threads.getCurrentThreadCpuTime();
        long[] plain = plainLoop(file, events);
        long plainEnd = System.nanoTime();
        long plainEndCpu = threads.getCurrentThreadCpuTime();
        if (plain[1] != eventCount) {
            throw new IllegalStateException("The plain loop made " + plain[1] + " events, the connector " + eventCount);
        }

        double mappingSeconds = (end - scanned) / 1e9;
        double plainSeconds = (plainEnd - plainStart) / 1e9;
        long rowsPerSecond = Math.round(scan.records() / mappingSeconds);
        long plainRowsPerSecond = Math.round(plain[0] / plainSeconds);
        double ratio = (double) rowsPerSecond / plainRowsPerSecond;
        double seconds = (end - start) / 1e9;
        System.out.printf("file            %s (%.0f MB)%n", file, Files.size(file) / 1e6);
        System.out.printf("records         %d%n", scan.records());
        System.out.printf("events          %d (%.0f MB of canonical JSON)%n", eventCount, jsonBytes / 1e6);
        System.out.printf("validating pass %.1f s (%.0f rows/s)%n", (scanned - start) / 1e9, scan.records() / ((scanned - start) / 1e9));
        System.out.printf("mapping pass    %.1f s (%d rows/s, %.0f events/s)%n", mappingSeconds, rowsPerSecond,
                eventCount / mappingSeconds);
        System.out.printf("total           %.1f s (%.0f rows/s end to end, both passes)%n", seconds, scan.records() / seconds);
        System.out.printf("plain loop      %.1f s (%d rows/s: split, parse, map, Jackson by hand; %d MB of JSON)%n",
                plainSeconds, plainRowsPerSecond, plain[2] / 1_000_000);
        System.out.printf("ratio           %.3f (mapping pass / plain loop)%n", ratio);
        // on a shared machine the wall clock measures the neighbours too: the same figures per CPU second of this thread
        long cpuRowsPerSecond = Math.round(scan.records() / ((endCpu - scannedCpu) / 1e9));
        long plainCpuRowsPerSecond = Math.round(plain[0] / ((plainEndCpu - plainStartCpu) / 1e9));
        System.out.printf("per CPU second  mapping pass %d rows, validating pass %d rows, plain loop %d rows, ratio %.3f%n",
                cpuRowsPerSecond, Math.round(scan.records() / ((scannedCpu - startCpu) / 1e9)), plainCpuRowsPerSecond,
                (double) cpuRowsPerSecond / plainCpuRowsPerSecond);
        System.out.printf("max heap        %d MB%n", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        System.out.printf("peak RSS        %d MB (connector passes; %d MB at their end)%n", peakRssKb / 1024, rssKb / 1024);
        System.out.println("RESULT flatfile_rows_per_s=" + rowsPerSecond);
        System.out.println("RESULT flatfile_plain_rows_per_s=" + plainRowsPerSecond);
        System.out.printf("RESULT flatfile_ratio=%.3f%n", ratio);
        System.out.println("RESULT flatfile_peak_rss_mb=" + peakRssKb / 1024);
        System.out.println("RESULT flatfile_records=" + scan.records());
        System.out.printf("RESULT flatfile_validating_rows_per_s=%d%n", Math.round(scan.records() / ((scanned - start) / 1e9)));
        System.out.println("RESULT flatfile_cpu_rows_per_s=" + cpuRowsPerSecond);
        System.out.println("RESULT flatfile_plain_cpu_rows_per_s=" + plainCpuRowsPerSecond);
        System.out.printf("RESULT flatfile_cpu_ratio=%.3f%n", (double) cpuRowsPerSecond / plainCpuRowsPerSecond);
    }

    private static long procStatusKb(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private static final Map<String, String> CHANGE_TYPES = Map.of("N", "CREATED", "U", "REVISED", "D", "CANCELLED");
    private static final Map<String, String> LINE_CHANGES = Map.of("N", "ADDED", "U", "CHANGED", "D", "CANCELLED");
    private static final DateTimeFormatter COMPACT_DATE = DateTimeFormatter.ofPattern("uuuuMMdd");

    /**
     * What a hand-written connector would do with the same file: split each line, parse its numbers and date, group
     * the lines of one PO, build the canonical event as the JSONata mapping does, wrap it in the same envelope and
     * write it with the same Jackson mapper. Returns rows, events and JSON bytes.
     */
    static long[] plainLoop(Path file, MappedEvents events) throws IOException {
        long rows = 0;
        long eventCount = 0;
        long jsonBytes = 0;
        String instance = "erp-legacy-a";
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            in.readLine();
            List<String[]> group = new ArrayList<>();
            String line;
            while (true) {
                line = in.readLine();
                String[] fields = line == null ? null : split(line, ';', 12);
                if (!group.isEmpty() && (fields == null || !fields[0].equals(group.get(0)[0]))) {
                    jsonBytes += CanonicalJson.MAPPER.writeValueAsBytes(
                            events.envelope(plainMapping(instance, group), "bench", null)).length;
                    eventCount++;
                    group = new ArrayList<>();
                }
                if (fields == null) {
                    break;
                }
                group.add(fields);
                rows++;
            }
        }
        return new long[] { rows, eventCount, jsonBytes };
    }

    private static String[] split(String line, char delimiter, int count) {
        String[] fields = new String[count];
        int from = 0;
        for (int i = 0; i < count - 1; i++) {
            int to = line.indexOf(delimiter, from);
            fields[i] = line.substring(from, to);
            from = to + 1;
        }
        fields[count - 1] = line.substring(from);
        return fields;
    }

    private static Map<String, Object> plainMapping(String instance, List<String[]> records) {
        String[] first = records.get(0);
        int revision = Integer.parseInt(first[1]);
        List<Map<String, Object>> lines = new ArrayList<>(records.size());
        for (String[] r : records) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("poLine", r[5]);
            line.put("lineChange", LINE_CHANGES.get(r[2]));
            line.put("item", r[6]);
            line.put("quantity", new BigDecimal(r[7]));
            line.put("unitOfMeasure", r[8]);
            line.put("needDate", LocalDate.parse(r[9], COMPACT_DATE).toString());
            if (!r[10].isEmpty()) {
                line.put("price", Map.of("amount", new BigDecimal(r[10]), "currency", r[11]));
            }
            line.put("deliveryPlant", r[3]);
            lines.add(line);
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("purchaseOrder", first[0]);
        payload.put("revision", revision);
        payload.put("changeType", CHANGE_TYPES.get(first[2]));
        payload.put("supplier", first[4]);
        payload.put("currency", first[11].isEmpty() ? "XXX" : first[11]);
        payload.put("lines", lines);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("eventType", "PurchaseOrderChanged");
        event.put("schemaVersion", "1.0");
        event.put("source", Map.of("system", "erp-legacy", "instance", instance));
        event.put("plant", first[3]);
        event.put("businessKeys", Map.of("purchaseOrder", first[0], "supplier", first[4]));
        event.put("idempotencyKey", instance + ":" + first[0] + ":" + revision);
        event.put("payload", payload);
        return event;
    }

    /** Purchase orders of 1 to 5 lines, written streaming until the size is reached. */
    static void generate(Path file, long bytes) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        long written = 0;
        long po = 4_500_000_000L;
        LocalDate base = LocalDate.of(2026, 12, 1);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            String header = "PO_NUMBER;REVISION;ACTION;PLANT;VENDOR;PO_LINE;MATERIAL;QUANTITY;UOM;DELIVERY_DATE;NET_PRICE;CURRENCY\n";
            out.write(header);
            written += header.length();
            while (written < bytes) {
                po++;
                int lines = (int) (po % 5) + 1;
                for (int line = 1; line <= lines; line++) {
                    String date = base.plusDays(po % 90).toString().replace("-", "");
                    String row = po + ";" + (po % 4) + ";" + (po % 4 == 0 ? "N" : "U") + ";3000;SUP-" + (po % 700) + ";"
                            + (line * 10) + ";MAT-" + (po % 100_000) + "-" + line + ";" + (po % 997 + 1) + ".5;EA;" + date
                            + ";" + (po % 313) + ".25;EUR\n";
                    out.write(row);
                    written += row.length();
                }
            }
        }
    }
}
