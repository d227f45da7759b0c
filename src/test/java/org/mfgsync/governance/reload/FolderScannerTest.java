package org.mfgsync.governance.reload;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watcher's rescan reads a file again only when it may have changed. */
class FolderScannerTest {

    @TempDir
    Path root;

    @Test
    void aFileUnchangedSinceWellBeforeTheLastScanIsNotReadAgain() throws Exception {
        Path file = write("routes/a.camel.yaml", "- route: {id: a}", Instant.now().minusSeconds(60));

        SourceFile first = scan().get("routes/a.camel.yaml");
        SourceFile second = scan().get("routes/a.camel.yaml");

        assertThat(second).isSameAs(first);
        assertThat(second.file()).isEqualTo(file);
    }

    @Test
    void anEditIsReadEvenWithTheSameSize() throws Exception {
        Instant old = Instant.now().minusSeconds(60);
        write("routes/a.camel.yaml", "- route: {id: a}", old);
        String before = scan().get("routes/a.camel.yaml").sha256();

        write("routes/a.camel.yaml", "- route: {id: b}", old.plusSeconds(1));

        SourceFile after = scan().get("routes/a.camel.yaml");
        assertThat(after.content()).isEqualTo("- route: {id: b}");
        assertThat(after.sha256()).isNotEqualTo(before);
    }

    @Test
    void aFileWrittenJustBeforeItWasReadIsReadAgainOnTheNextScan() throws Exception {
        Instant recent = Instant.now();
        write("routes/a.camel.yaml", "- route: {id: a}", recent);
        scan();

        // a second write in the same timestamp tick leaves size and time as they were
        write("routes/a.camel.yaml", "- route: {id: b}", recent);

        assertThat(scan().get("routes/a.camel.yaml").content()).isEqualTo("- route: {id: b}");
    }

    @Test
    void aDeletedFileIsGoneAndANewOneIsRead() throws Exception {
        Path gone = write("routes/a.camel.yaml", "- route: {id: a}", Instant.now().minusSeconds(60));
        scan();
        Files.delete(gone);
        write("routes/b.camel.yaml", "- route: {id: b}", Instant.now().minusSeconds(60));

        assertThat(scan()).containsOnlyKeys("routes/b.camel.yaml");
    }

    private Map<String, SourceFile> scan() {
        return FolderScanner.scan(root, p -> p.endsWith(".camel.yaml"));
    }

    private Path write(String relative, String content, Instant modified) throws Exception {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }
}
