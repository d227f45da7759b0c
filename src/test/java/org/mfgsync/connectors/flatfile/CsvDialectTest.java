package org.mfgsync.connectors.flatfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A partner's CSV bound by header name onto mfgsync's standard commit layout: byte order mark, quote and escape,
 * extra columns refused by setting, a duplicate or missing header, a record with another number of fields, and a
 * dialect that names what the layout does not have. The shipped example (supplier-echo) is pinned by golden files.
 */
class CsvDialectTest {

    static final Path LAYOUT = Path.of("mappings/supplier-standard-csv/supplier-commits.beanio.xml");
    static final String HEADER = "PO_NUMBER,PO_LINE,SUPPLIER,ITEM,COMMITTED_QTY,UOM,COMMITTED_DATE,PREVIOUS_QTY,PREVIOUS_DATE,"
            + "REASON_CODE,PLANT,CONFIRMATION_TYPE,CONFIRMED_AT";
    static final String RECORD = "4500017001,10,SUP-100,BRK-4711,500,EA,2026-12-15,,,,3000,ACCEPT,2026-11-27T08:15:00+01:00";

    @TempDir
    Path dir;

    CsvDialect dialect(String properties) throws IOException {
        Path file = dir.resolve("test.dialect.properties");
        Files.writeString(file, properties);
        return CsvDialect.load(file, LAYOUT);
    }

    FlatFileScan scan(CsvDialect dialect, byte[] content) {
        return new FlatFiles().scan(() -> new ByteArrayInputStream(content), FlatFiles.Format.of(dialect, "supplier-commits", "none"),
                RecordErrorPolicy.REJECT_FILE);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldReadTheLayoutsOwnFormThroughADialectWithoutSettings() throws IOException {
        assertThat(scan(dialect(""), utf8(HEADER + "\n" + RECORD + "\n")).records()).isEqualTo(1);
    }

    @Test
    void shouldPassOverAByteOrderMarkUnlessForbiddenAndRequireItWhereRequired() throws IOException {
        byte[] withBom = utf8("\uFEFF" + HEADER + "\n" + RECORD + "\n");
        byte[] withoutBom = utf8(HEADER + "\n" + RECORD + "\n");

        assertThat(scan(dialect("bom=optional"), withBom).records()).isEqualTo(1);
        assertThat(scan(dialect("bom=required"), withBom).records()).isEqualTo(1);
        assertThatThrownBy(() -> scan(dialect("bom=forbidden"), withBom)).isInstanceOf(FileRejectedException.class)
                .hasMessageContaining("starts with a byte order mark").hasMessageContaining("bom=forbidden");
        assertThatThrownBy(() -> scan(dialect("bom=required"), withoutBom)).isInstanceOf(FileRejectedException.class)
                .hasMessageContaining("does not start with the byte order mark").hasMessageContaining("bom=required");
    }

    @Test
    void shouldReadQuotedFieldsWithTheDialectsEscape() throws IOException {
        String header = "REMARK|" + HEADER.replace(',', '|');
        String record = "'it\\'s | late'|" + RECORD.replace(',', '|');

        FlatFileScan scan = scan(dialect("delimiter=|\nquote='\nescape=\\\\\n"), utf8(header + "\n" + record + "\n"));

        assertThat(scan.records()).isEqualTo(1);
        assertThat(scan.invalidRecords()).isZero();
    }

    @Test
    void shouldRefuseAnExtraColumnWhereTheDialectSaysSoNamingIt() throws IOException {
        byte[] content = utf8(HEADER + ",REMARK\n" + RECORD + ",x\n");

        assertThat(scan(dialect("extra-columns=ignore"), content).records()).isEqualTo(1);
        assertThatThrownBy(() -> scan(dialect("extra-columns=refuse"), content)).isInstanceOf(FileRejectedException.class)
                .hasMessageContaining("the column 'REMARK'").hasMessageContaining("extra-columns=refuse");
    }

    @Test
    void shouldRefuseAMissingRequiredColumnNamingItAndTakeAMissingOptionalOneWithItsDefault() throws IOException {
        String header = HEADER.replace(",REASON_CODE", "");
        String record = RECORD.replace(",,,,3000", ",,,3000");

        assertThatThrownBy(() -> scan(dialect("column.REASON_CODE=Grund"), utf8(header + "\n" + record + "\n")))
                .isInstanceOf(FileRejectedException.class).hasMessageContaining("The header has no column 'Grund' (REASON_CODE)");
        assertThat(scan(dialect("optional=REASON_CODE\ndefault.REASON_CODE=NONE"), utf8(header + "\n" + record + "\n"))
                .records()).isEqualTo(1);
    }

    @Test
    void shouldRefuseADuplicateHeaderAndARecordWithAnotherNumberOfFields() throws IOException {
        assertThatThrownBy(() -> scan(dialect(""), utf8(HEADER + ",item\n" + RECORD + ",x\n")))
                .isInstanceOf(FileRejectedException.class).hasMessage("The header names the column 'item' twice");
        assertThatThrownBy(() -> scan(dialect(""), utf8(HEADER + "\n" + RECORD + "\n" + RECORD + ",extra\n")))
                .isInstanceOf(FileRejectedException.class).hasMessageStartingWith("Line 3 has 14 fields, the header 13");
    }

    @Test
    void shouldRefuseADialectThatNamesAColumnTheLayoutDoesNotHave() {
        assertThatThrownBy(() -> dialect("column.PO_NUMMER=Bestellnummer")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'column.PO_NUMMER' names no column");
        assertThatThrownBy(() -> dialect("delimiters=;")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown key 'delimiters'");
    }
}
