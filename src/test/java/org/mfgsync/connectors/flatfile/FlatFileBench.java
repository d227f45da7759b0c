package org.mfgsync.connectors.flatfile;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
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
 * without Kafka. Run by {@code dev/bench-flatfile.sh} with the heap capped; prints rows/s and the peak RSS.
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

        long start = System.nanoTime();
        FlatFileScan scan = flatFiles.scan(input, format, RecordErrorPolicy.REJECT_FILE);
        long scanned = System.nanoTime();
        long eventCount = 0;
        long jsonBytes = 0;
        try (FlatFiles.CloseableIterator groups = flatFiles.groups(input, format, scan)) {
            while (groups.hasNext()) {
                Map<String, Object> in = new LinkedHashMap<>();
                in.put("instance", "erp-legacy-a");
                in.put("file", file.getFileName().toString());
                in.putAll(groups.next());
                jsonBytes += CanonicalJson.MAPPER.writeValueAsBytes(events.envelope(jsonata.evaluate(mapping, in), "bench", null)).length;
                eventCount++;
            }
        }
        long end = System.nanoTime();
        double seconds = (end - start) / 1e9;
        System.out.printf("file            %s (%.0f MB)%n", file, Files.size(file) / 1e6);
        System.out.printf("records         %d%n", scan.records());
        System.out.printf("events          %d (%.0f MB of canonical JSON)%n", eventCount, jsonBytes / 1e6);
        System.out.printf("validating pass %.1f s (%.0f rows/s)%n", (scanned - start) / 1e9, scan.records() / ((scanned - start) / 1e9));
        System.out.printf("mapping pass    %.1f s (%.0f rows/s, %.0f events/s)%n", (end - scanned) / 1e9,
                scan.records() / ((end - scanned) / 1e9), eventCount / ((end - scanned) / 1e9));
        System.out.printf("total           %.1f s (%.0f rows/s end to end, both passes)%n", seconds, scan.records() / seconds);
        System.out.printf("max heap        %d MB%n", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM") || line.startsWith("VmRSS")) {
                System.out.println(line.replace("VmHWM:", "peak RSS       ").replace("VmRSS:", "RSS at end     "));
            }
        }
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
