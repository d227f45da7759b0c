package org.mfgsync.connectors.flatfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mfgsync.connectors.flatfile.CompleteDeliveryTest.awaitPublished;
import static org.mfgsync.connectors.flatfile.CompleteDeliveryTest.poExport;
import static org.mfgsync.connectors.flatfile.CompleteDeliveryTest.published;
import static org.mfgsync.connectors.flatfile.CompleteDeliveryTest.uniquePos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mfgsync.testing.Archives;
import org.mfgsync.testing.DropFiles;
import org.mfgsync.testing.FtpServer;
import org.mfgsync.testing.IntakeConventions;
import org.mfgsync.testing.SftpServer;
import org.mfgsync.testing.TestStack;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * An instance's limits through the running connectors (test instances of {@link IntakeConventions}: max-file-size
 * {@value IntakeConventions#MAX_FILE_BYTES} bytes, max-line-length {@value IntakeConventions#MAX_LINE_LENGTH},
 * max-records {@value IntakeConventions#MAX_RECORDS}): a file beyond one is rejected to {@code .error/} whole, with
 * the limit named in its reason, and nothing of it is published; a file over the size limit is never downloaded.
 */
@QuarkusTest
@WithTestResource(TestStack.class)
class FileIntakeLimitsTest {

    /** More than {@value IntakeConventions#MAX_FILE_BYTES} bytes, in valid records. */
    static final int POS_OVER_SIZE_LIMIT = 150;

    @Test
    void shouldRejectAnSftpFileOverMaxFileSizeWithoutDownloadingIt() throws IOException {
        Path folder = SftpServer.root().resolve("limits");
        List<String> pos = uniquePos(POS_OVER_SIZE_LIMIT);
        String name = "PO_" + pos.get(0) + ".csv";
        byte[] content = poExport(pos).getBytes(StandardCharsets.UTF_8);
        assertThat(content.length).isGreaterThan(IntakeConventions.MAX_FILE_BYTES);

        DropFiles.drop(folder, name, content);

        Path rejected = Archives.awaitDelivery(folder.resolve(".error"), name);
        assertThat(Files.readAllBytes(rejected)).isEqualTo(content);
        assertThat(Files.readString(Archives.reason(rejected))).contains("file: " + name)
                .contains("REJECTED: The file is " + content.length + " bytes, over the limit max-file-size of "
                        + IntakeConventions.MAX_FILE_BYTES + " bytes; it was not downloaded");
        assertThat(SftpServer.fileEvents()).noneMatch(event -> event.equals("read " + name));
        assertThat(folder.resolve(name)).doesNotExist();
        assertThat(published(IntakeConventions.TOPIC, pos)).isEmpty();
    }

    @Test
    void shouldRejectAnFtpFileOverMaxFileSizeWithoutDownloadingIt() throws IOException {
        Path folder = FtpServer.root().resolve("supplier-bolt/renamed");
        List<String> pos = uniquePos(POS_OVER_SIZE_LIMIT);
        String name = "PO_" + pos.get(0) + ".csv";
        byte[] content = poExport(pos).getBytes(StandardCharsets.UTF_8);

        DropFiles.drop(folder, name, content);

        Path rejected = Archives.awaitDelivery(folder.resolve(".error"), name);
        assertThat(Files.readAllBytes(rejected)).isEqualTo(content);
        assertThat(Files.readString(Archives.reason(rejected)))
                .contains("REJECTED: The file is " + content.length + " bytes, over the limit max-file-size of "
                        + IntakeConventions.MAX_FILE_BYTES + " bytes; it was not downloaded");
        assertThat(FtpServer.fileEvents()).noneMatch(event -> event.startsWith("RETR") && event.contains(name));
        assertThat(published(IntakeConventions.TOPIC, pos)).isEmpty();
    }

    @Test
    void shouldRejectAFileWithALineOverMaxLineLengthNamingTheLimitAndTheLine() throws IOException {
        Path folder = SftpServer.root().resolve("limits");
        List<String> pos = uniquePos(2);
        String name = "PO_" + pos.get(0) + ".csv";
        String export = poExport(pos);
        int secondLineEnd = export.indexOf('\n', export.indexOf('\n') + 1);
        String content = export.substring(0, secondLineEnd + 1) + pos.get(0) + ";0;N;3000;SUP-100;15;"
                + "X".repeat(IntakeConventions.MAX_LINE_LENGTH) + ";1;EA;20261215;1.00;EUR\n" + export.substring(secondLineEnd + 1);

        DropFiles.drop(folder, name, content.getBytes(StandardCharsets.UTF_8));

        Path rejected = Archives.awaitDelivery(folder.resolve(".error"), name);
        assertThat(Files.readString(rejected)).isEqualTo(content);
        assertThat(Files.readString(Archives.reason(rejected)))
                .contains("REJECTED: Line 3 is longer than the limit max-line-length of " + IntakeConventions.MAX_LINE_LENGTH
                        + " characters");
        assertThat(published(IntakeConventions.TOPIC, pos)).isEmpty();
    }

    @Test
    void shouldRejectOneRecordOverMaxRecordsAndTakeAFileAtTheLimit() throws IOException {
        Path folder = SftpServer.root().resolve("limits");
        // two records per PO
        List<String> over = uniquePos(IntakeConventions.MAX_RECORDS / 2 + 1);
        String overName = "PO_" + over.get(0) + ".csv";
        List<String> atLimit = uniquePos(IntakeConventions.MAX_RECORDS / 2);
        String atLimitName = "PO_" + atLimit.get(0) + ".csv";

        DropFiles.drop(folder, overName, poExport(over).getBytes(StandardCharsets.UTF_8));
        DropFiles.drop(folder, atLimitName, poExport(atLimit).getBytes(StandardCharsets.UTF_8));

        Path rejected = Archives.awaitDelivery(folder.resolve(".error"), overName);
        assertThat(Files.readString(Archives.reason(rejected))).contains("REJECTED: The file holds more than "
                + IntakeConventions.MAX_RECORDS + " records, over the limit max-records of " + IntakeConventions.MAX_RECORDS);
        Archives.awaitDelivery(folder.resolve(".done"), atLimitName);
        assertThat(awaitPublished(IntakeConventions.TOPIC, atLimit)).hasSize(atLimit.size());
        assertThat(published(IntakeConventions.TOPIC, over)).isEmpty();
    }
}
