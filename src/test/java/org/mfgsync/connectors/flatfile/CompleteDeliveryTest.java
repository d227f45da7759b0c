package org.mfgsync.connectors.flatfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.mfgsync.testing.Archives;
import org.mfgsync.testing.DropFiles;
import org.mfgsync.testing.FtpServer;
import org.mfgsync.testing.IntakeConventions;
import org.mfgsync.testing.KafkaProbe;
import org.mfgsync.testing.SftpServer;
import org.mfgsync.testing.TestStack;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A file is taken only once it is completely delivered by its partner's convention, through the running connectors
 * against the test SFTP and FTP servers (the test instances of {@link IntakeConventions}): uploads that pause for longer than the poll interval (mid-line and on a line
 * boundary) are never taken early and are published whole once complete; a marker-file partner's file waits for its
 * marker; a rename partner's temporary name is never taken; a file whose trailer is missing waits for it. The writers write the servers' files in steps, pausing
 * while the test watches that nothing is taken.
 */
@QuarkusTest
@WithTestResource(TestStack.class)
class CompleteDeliveryTest {

    static final String PO_HEADER = "PO_NUMBER;REVISION;ACTION;PLANT;VENDOR;PO_LINE;MATERIAL;QUANTITY;UOM;DELIVERY_DATE;NET_PRICE;CURRENCY\n";
    /** Longer than the poll interval (300 ms) many times over, shorter than the slow instances' minimum age (5 s). */
    static final Duration PAUSE = Duration.ofMillis(2500);

    @Test
    void shouldNotTakeAnSftpUploadPausedMidLineAndPublishItWholeOnceComplete() throws IOException {
        List<String> pos = uniquePos(40);
        String content = poExport(pos);
        int cut = content.indexOf('\n', content.length() / 2) - 7;
        assertThat(content.charAt(cut)).isNotEqualTo('\n');

        assertPausedUploadTakenWhole(SftpServer.root().resolve("slow"), "PO_" + pos.get(0) + ".csv", content, cut, pos);
    }

    @Test
    void shouldNotTakeAnSftpUploadPausedOnALineBoundaryAndPublishItWholeOnceComplete() throws IOException {
        List<String> pos = uniquePos(40);
        String content = poExport(pos);
        // after line 41 (the header and 40 of the 80 records): the part is a valid file of its own
        int cut = nthLineEnd(content, 41) + 1;

        assertPausedUploadTakenWhole(SftpServer.root().resolve("slow"), "PO_" + pos.get(0) + ".csv", content, cut, pos);
    }

    @Test
    void shouldNotTakeAnFtpUploadPausedOnALineBoundaryAndPublishItWholeOnceComplete() throws IOException {
        List<String> pos = uniquePos(15);
        String content = poExport(pos);
        int cut = nthLineEnd(content, 16) + 1;

        assertPausedUploadTakenWhole(FtpServer.root().resolve("supplier-bolt/slow"), "PO_" + pos.get(0) + ".csv", content,
                cut, pos);
    }

    @Test
    void shouldNotTakeAnFtpUploadPausedMidLineAndPublishItWholeOnceComplete() throws IOException {
        List<String> pos = uniquePos(5);
        String content = poExport(pos);
        int cut = nthLineEnd(content, 6) - 12;
        assertThat(content.charAt(cut)).isNotEqualTo('\n');

        assertPausedUploadTakenWhole(FtpServer.root().resolve("supplier-bolt/slow"), "PO_" + pos.get(0) + ".csv", content,
                cut, pos);
    }

    @Test
    void shouldTakeAMarkerPartnersFileOnlyOnceItsMarkerIsThere() throws IOException {
        Path folder = SftpServer.root().resolve("marker");
        Files.createDirectories(folder);
        List<String> pos = uniquePos(3);
        String name = "PO_" + pos.get(0) + ".csv";
        String content = poExport(pos);
        Files.writeString(folder.resolve(name), content);

        // complete and unchanged for longer than the test profile's minimum age (1 s), but without its marker: never taken
        await().during(PAUSE).atMost(PAUSE.plusSeconds(2)).pollInterval(Duration.ofMillis(100))
                .until(() -> Files.exists(folder.resolve(name)) && Archives.deliveries(folder.resolve(".done"), name).isEmpty()
                        && Archives.deliveries(folder.resolve(".error"), name).isEmpty());
        assertThat(published(IntakeConventions.TOPIC, pos)).isEmpty();

        Files.writeString(folder.resolve(name + ".done"), "");
        await().atMost(Duration.ofSeconds(30)).until(() -> Archives.delivery(folder.resolve(".done"), name) != null);
        assertThat(Files.readString(Archives.delivery(folder.resolve(".done"), name))).isEqualTo(content);
        assertThat(awaitPublished(IntakeConventions.TOPIC, pos)).hasSize(pos.size());
        await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(folder.resolve(name + ".done")));
        assertThat(folder.resolve(name)).doesNotExist();
    }

    @Test
    void shouldNeverTakeARenamePartnersTemporaryNameAndTakeTheFileOnceRenamed() throws IOException {
        Path folder = FtpServer.root().resolve("supplier-bolt/renamed");
        Files.createDirectories(folder);
        List<String> pos = uniquePos(20);
        String name = "PO_" + pos.get(0) + ".csv";
        String content = poExport(pos);
        Path part = folder.resolve(name + ".part");
        Path tmp = folder.resolve("PO_" + pos.get(0) + ".tmp");
        Path hidden = folder.resolve(".PO_" + pos.get(0) + ".csv");
        Files.writeString(part, content.substring(0, content.length() / 2));
        Files.writeString(tmp, content);
        Files.writeString(hidden, content);

        // every name is included by this instance, yet the temporary and hidden ones are never taken
        await().during(PAUSE).atMost(PAUSE.plusSeconds(2)).pollInterval(Duration.ofMillis(100))
                .until(() -> Files.exists(part) && Files.exists(tmp) && Files.exists(hidden)
                        && !Files.exists(folder.resolve(".done")) && !Files.exists(folder.resolve(".error")));
        Files.writeString(part, content.substring(content.length() / 2), StandardOpenOption.APPEND);
        Files.move(part, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE);

        // under its final name it is taken at once: no minimum age for a rename partner
        await().atMost(Duration.ofSeconds(IntakeConventions.STABLE_SECONDS))
                .until(() -> Archives.delivery(folder.resolve(".done"), name) != null);
        assertThat(Files.readString(Archives.delivery(folder.resolve(".done"), name))).isEqualTo(content);
        assertThat(awaitPublished(IntakeConventions.TOPIC, pos)).hasSize(pos.size());
        assertThat(tmp).exists();
        assertThat(hidden).exists();
        try (var archived = Files.list(folder.resolve(".done"))) {
            assertThat(archived.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".tmp") || n.startsWith(".PO"));
        }
    }

    @Test
    void shouldWaitForAMissingTrailerAndPublishTheWholeFileOnceItIsThere() throws IOException {
        Path folder = SftpServer.root().resolve("trailer");
        Files.createDirectories(folder);
        List<String> pos = uniquePos(2);
        String name = "COMMIT_" + pos.get(0) + ".txt";
        String header = "HMFGSYNC   20261127081542" + "%-10s%-100s".formatted("1000", "commit-batch:erp-legacy-a:1000:x") + "\n";
        String details = "";
        for (String po : pos) {
            details += "D" + po + "00010SUP-100   BRK-4711          0000000500.000EA 20261215          \n";
        }
        // header and details written, unchanged for longer than the minimum age (1 s), the trailer not yet
        Files.writeString(folder.resolve(name), header + details);
        await().during(PAUSE).atMost(PAUSE.plusSeconds(2)).pollInterval(Duration.ofMillis(100))
                .until(() -> Files.exists(folder.resolve(name)) && !Files.exists(folder.resolve(".done"))
                        && !Files.exists(folder.resolve(".error")));
        assertThat(published(IntakeConventions.TOPIC, pos)).isEmpty();

        Files.writeString(folder.resolve(name), "T000002\n", StandardOpenOption.APPEND);

        Path archived = Archives.awaitDelivery(folder.resolve(".done"), name);
        assertThat(Files.readString(archived)).isEqualTo(header + details + "T000002\n");
        assertThat(awaitPublished(IntakeConventions.TOPIC, pos)).hasSize(2);
        assertThat(folder.resolve(".error")).doesNotExist();
    }

    @Test
    void shouldKeepEveryRejectedDeliveryOfTheSameNameWithItsOwnReason() throws IOException {
        Path folder = FtpServer.root().resolve("supplier-bolt/renamed");
        String name = "PO_" + uniquePos(1).get(0) + ".csv";
        DropFiles.drop(folder, name, new byte[0]);
        await().atMost(Duration.ofSeconds(30)).until(() -> Archives.deliveries(folder.resolve(".error"), name).size() == 1);
        DropFiles.drop(folder, name, PO_HEADER.getBytes(StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(30)).until(() -> Archives.deliveries(folder.resolve(".error"), name).size() == 2);

        List<Path> rejected = Archives.deliveries(folder.resolve(".error"), name);
        assertThat(Files.readString(rejected.get(0))).isEmpty();
        assertThat(Files.readString(Archives.reason(rejected.get(0)))).contains("file: " + name)
                .contains("archivedAs: " + rejected.get(0).getFileName()).contains("REJECTED: The file is empty (0 bytes)");
        assertThat(Files.readString(rejected.get(1))).isEqualTo(PO_HEADER);
        assertThat(Files.readString(Archives.reason(rejected.get(1)))).contains("file: " + name)
                .contains("archivedAs: " + rejected.get(1).getFileName()).contains("REJECTED: The file holds no records, only its header");
    }

    @Test
    void shouldQuarantineAFileThatFailsEveryAttemptWithTheAttemptsAndTheLastFailure() throws IOException {
        Path folder = IntakeConventions.poisonFolder();
        List<String> pos = uniquePos(2);
        String name = "PO_" + pos.get(0) + ".csv";
        String content = poExport(pos);
        DropFiles.drop(folder, name, content.getBytes(StandardCharsets.UTF_8));

        Path quarantined = Archives.awaitDelivery(folder.resolve(".error"), name);
        assertThat(Files.readString(quarantined)).isEqualTo(content);
        assertThat(Files.readString(Archives.reason(quarantined)))
                .contains("REJECTED: Quarantined: taken 3 times without being finished (the maximum is 3); last failure: "
                        + "IllegalStateException: The mapping gave no business key 'shipment' to partition by");
        assertThat(folder.resolve(name)).doesNotExist();
        assertThat(published(IntakeConventions.TOPIC, pos)).isEmpty();

        // once what failed is fixed, the same file delivered again is taken again (here: it fails again, and is counted afresh)
        DropFiles.drop(folder, name, content.getBytes(StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(30)).until(() -> Archives.deliveries(folder.resolve(".error"), name).size() == 2);
    }

    /**
     * Writes the first {@code cut} characters, pauses while checking that nothing is taken, writes the rest, and
     * expects the whole file published once and archived unchanged.
     */
    private static void assertPausedUploadTakenWhole(Path folder, String name, String content, int cut,
            List<String> keys) throws IOException {
        Files.createDirectories(folder);
        Path file = folder.resolve(name);
        Files.writeString(file, content.substring(0, cut));

        await().during(PAUSE).atMost(PAUSE.plusSeconds(2)).pollInterval(Duration.ofMillis(100))
                .until(() -> Files.exists(file) && Archives.deliveries(folder.resolve(".done"), name).isEmpty()
                        && Archives.deliveries(folder.resolve(".error"), name).isEmpty());
        Files.writeString(file, content.substring(cut), StandardOpenOption.APPEND);

        await().atMost(Duration.ofSeconds(40)).until(() -> Archives.delivery(folder.resolve(".done"), name) != null);
        assertThat(Files.readString(Archives.delivery(folder.resolve(".done"), name))).isEqualTo(content);
        assertThat(Archives.deliveries(folder.resolve(".error"), name)).isEmpty();
        List<ConsumerRecord<String, String>> events = awaitPublished(IntakeConventions.TOPIC, keys);
        // every record published, once
        assertThat(events.stream().map(ConsumerRecord::key).collect(Collectors.toSet())).isEqualTo(Set.copyOf(keys));
        assertThat(events).hasSize(keys.size());
    }

    /** Two lines per PO: 40 POs make 80 records. */
    static String poExport(List<String> pos) {
        StringBuilder csv = new StringBuilder(PO_HEADER);
        for (String po : pos) {
            csv.append(po).append(";0;N;3000;SUP-100;10;BRK-4711;500;EA;20261215;12.50;EUR\n");
            csv.append(po).append(";0;N;3000;SUP-100;20;BRK-4712;20;EA;20261216;1.50;EUR\n");
        }
        return csv.toString();
    }

    static int nthLineEnd(String text, int n) {
        int at = -1;
        for (int i = 0; i < n; i++) {
            at = text.indexOf('\n', at + 1);
        }
        return at;
    }

    static List<String> uniquePos(int count) {
        long first = ThreadLocalRandom.current().nextLong(10_000_000L, 90_000_000L);
        List<String> pos = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            pos.add("47" + (first + i));
        }
        return pos;
    }

    static List<ConsumerRecord<String, String>> published(String topic, List<String> keys) {
        Set<String> wanted = Set.copyOf(keys);
        return KafkaProbe.records(topic, r -> wanted.contains(r.key()));
    }

    static List<ConsumerRecord<String, String>> awaitPublished(String topic, List<String> keys) {
        await().atMost(Duration.ofSeconds(30)).until(() -> published(topic, keys).size() >= keys.size());
        return published(topic, keys);
    }
}
