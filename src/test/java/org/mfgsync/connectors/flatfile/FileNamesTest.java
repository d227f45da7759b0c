package org.mfgsync.connectors.flatfile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FileNamesTest {

    @Test
    void shouldAcceptAPlainName() {
        assertThat(FileNames.problem("PO_20261127_0815.csv")).isNull();
        assertThat(FileNames.problem("PO..2026.csv")).isNull();
    }

    @Test
    void shouldRefuseNamesWithPathComponents() {
        assertThat(FileNames.problem("../../etc/passwd")).contains("has path components");
        assertThat(FileNames.problem("in\\..\\..\\PO.csv")).contains("has path components");
        assertThat(FileNames.problem("/abs/PO.csv")).contains("has path components");
        assertThat(FileNames.problem("..")).contains("folder reference");
    }

    @Test
    void shouldRefuseControlCharactersAndEmptyOrOverlongNames() {
        assertThat(FileNames.problem("PO\n.csv")).contains("control characters");
        assertThat(FileNames.problem(" ")).contains("empty");
        assertThat(FileNames.problem("x".repeat(201))).contains("longer than 200");
    }
}
