package org.mfgsync.connectors.flatfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

/**
 * An instance's limits on one flat file (erp-legacy-a's PO export layout): a line longer than max-line-length and a
 * record beyond max-records reject the file naming the limit; a file exactly at both limits is read.
 */
class FileLimitsTest {

    static final FlatFiles.Format PO_EXPORT = new FlatFiles.Format(
            Path.of("mappings/erp-legacy-a/purchase-orders.beanio.xml"), "purchase-orders", StandardCharsets.UTF_8, "poNumber");
    static final String HEADER = "PO_NUMBER;REVISION;ACTION;PLANT;VENDOR;PO_LINE;MATERIAL;QUANTITY;UOM;DELIVERY_DATE;NET_PRICE;CURRENCY\n";
    static final String LINE = "4500001;0;N;3000;SUP-100;%d;BRK-4711;500;EA;20261215;12.50;EUR\n";

    static Supplier<InputStream> file(int records) {
        StringBuilder text = new StringBuilder(HEADER);
        for (int i = 1; i <= records; i++) {
            text.append(LINE.formatted(i * 10));
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        return () -> new ByteArrayInputStream(bytes);
    }

    @Test
    void shouldReadAFileExactlyAtItsLimits() {
        FileLimits limits = new FileLimits(1_000_000, HEADER.length() - 1, 5);

        FlatFileScan scan = new FlatFiles().scan(file(5), PO_EXPORT, RecordErrorPolicy.REJECT_FILE, limits);

        assertThat(scan.records()).isEqualTo(5);
    }

    @Test
    void shouldRejectAFileWithOneRecordMoreThanMaxRecordsNamingTheLimit() {
        FileLimits limits = new FileLimits(1_000_000, 1000, 5);

        assertThatThrownBy(() -> new FlatFiles().scan(file(6), PO_EXPORT, RecordErrorPolicy.REJECT_FILE, limits))
                .isInstanceOf(FileRejectedException.class)
                .hasMessage("The file holds more than 5 records, over the limit max-records of 5");
    }

    @Test
    void shouldRejectALineLongerThanMaxLineLengthNamingTheLimitAndTheLine() {
        FileLimits limits = new FileLimits(1_000_000, 200, 1000);
        String longLine = "4500001;0;N;3000;SUP-100;30;" + "X".repeat(10_000) + ";500;EA;20261215;12.50;EUR\n";
        byte[] bytes = (HEADER + LINE.formatted(10) + LINE.formatted(20) + longLine + LINE.formatted(40))
                .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> new FlatFiles().scan(() -> new ByteArrayInputStream(bytes), PO_EXPORT,
                RecordErrorPolicy.PASS_GOOD_RECORDS, limits))
                .isInstanceOf(FileRejectedException.class)
                .hasMessage("Line 4 is longer than the limit max-line-length of 200 characters");
    }

    @Test
    void shouldNotCountLineEndsAgainstMaxLineLength() {
        String crlf = (HEADER + LINE.formatted(10)).replace("\n", "\r\n");
        byte[] bytes = crlf.getBytes(StandardCharsets.UTF_8);
        FileLimits limits = new FileLimits(1_000_000, HEADER.length() - 1, 10);

        FlatFileScan scan = new FlatFiles().scan(() -> new ByteArrayInputStream(bytes), PO_EXPORT,
                RecordErrorPolicy.REJECT_FILE, limits);

        assertThat(scan.records()).isEqualTo(1);
    }
}
