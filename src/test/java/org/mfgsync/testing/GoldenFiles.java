package org.mfgsync.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.mfgsync.canonical.CanonicalJson;

/**
 * Golden-file comparison for the mapping tests: the actual output must equal the expected file beside the input.
 * {@code -Dgolden.update=true} writes the actual output as the new expected file (to review in the diff).
 */
public final class GoldenFiles {

    public static final boolean UPDATE = Boolean.getBoolean("golden.update");

    private GoldenFiles() {
    }

    /** Text compared character for character. */
    public static void assertText(Path expected, String actual) throws IOException {
        String expectedText = expectedOf(expected, actual);
        assertThat(actual).isEqualTo(expectedText);
    }

    /** JSON compared as trees (formatting and key order aside). */
    public static void assertJson(Path expected, String actual) throws IOException {
        String expectedText = expectedOf(expected, actual);
        assertThat(CanonicalJson.MAPPER.readTree(actual)).isEqualTo(CanonicalJson.MAPPER.readTree(expectedText));
    }

    private static String expectedOf(Path expected, String actual) throws IOException {
        if (UPDATE) {
            Files.writeString(expected, actual);
        }
        if (!Files.exists(expected)) {
            fail("No " + expected + "; the test gave:\n" + actual);
        }
        return Files.readString(expected);
    }
}
