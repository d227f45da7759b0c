package org.mfgsync.connectors.flatfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.inject.Inject;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.mfgsync.testing.Archives;
import org.mfgsync.testing.DropFiles;
import org.mfgsync.testing.DropFolders;
import org.mfgsync.testing.FtpServer;
import org.mfgsync.testing.KafkaProbe;
import org.mfgsync.testing.Schemas;
import org.mfgsync.testing.SftpServer;
import org.mfgsync.testing.TargetCalls;
import org.mfgsync.testing.TestStack;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The same file connector template for supplier channels: supplier-acme's local drop folder tree and supplier-bolt's
 * uploads on a real FTP server (Apache FtpServer, passive mode) → SupplierCommitChanged on Kafka; and such a commit
 * on to erp-legacy-a's SFTP import folder through its target operation.
 */
@QuarkusTest
@WithTestResource(TestStack.class)
class SupplierCommitsTest {

    static final String TOPIC = "mfgsync.supplier-commit-changed.v1";
    static final String HEADER = "PO_NUMBER,PO_LINE,SUPPLIER,ITEM,COMMITTED_QTY,UOM,COMMITTED_DATE,PREVIOUS_QTY,PREVIOUS_DATE,"
            + "REASON_CODE,PLANT,CONFIRMATION_TYPE,CONFIRMED_AT\n";
    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ProducerTemplate producer;

    @Test
    void shouldPublishTheGoodCommitsOfADropFolderFileAndReportTheBadOnesWithTheirLines() throws IOException {
        Path inbound = DropFolders.root().resolve("supplier-acme/inbound");
        String po = uniquePo();
        String name = "commits-" + po + ".csv";
        String content = HEADER + po + ",10,SUP-ACME,BRK-4711,500,EA,2026-12-15,600,2026-12-01,CAPACITY,3000,CHANGE,"
                + "2026-11-27T08:15:00+01:00\n"
                + po + ",20,SUP-ACME,BRK-4712,lots,EA,2026-12-15,,,,3000,ACCEPT,2026-11-27T08:15:00+01:00\n";
        DropFiles.drop(inbound, name, content.getBytes(StandardCharsets.UTF_8));

        List<ConsumerRecord<String, String>> events = awaitEvents(po, 1);
        assertThat(Schemas.violations("supplier-commit-changed", events.get(0).value())).isEmpty();
        JsonNode event = JSON.readTree(events.get(0).value());
        assertThat(event.path("eventType").asText()).isEqualTo("SupplierCommitChanged");
        assertThat(event.path("source").path("system").asText()).isEqualTo("supplier");
        assertThat(event.path("source").path("instance").asText()).isEqualTo("supplier-acme");
        assertThat(event.path("plant").asText()).isEqualTo("3000");
        assertThat(event.path("businessKeys").path("poLine").asText()).isEqualTo("10");
        assertThat(event.path("idempotencyKey").asText()).isEqualTo("supplier:SUP-ACME:" + po + "-10-20261127071500");
        JsonNode payload = event.path("payload");
        assertThat(payload.path("confirmationId").asText()).isEqualTo(po + "-10-20261127071500");
        assertThat(payload.path("confirmationType").asText()).isEqualTo("CHANGE");
        assertThat(payload.path("level").asText()).isEqualTo("LINE");
        assertThat(payload.path("confirmedAt").asText()).isEqualTo("2026-11-27T08:15:00+01:00");
        assertThat(payload.path("lines")).hasSize(1);
        JsonNode line = payload.path("lines").get(0);
        assertThat(line.path("poLine").asText()).isEqualTo("10");
        assertThat(line.path("confirmationType").asText()).isEqualTo("CHANGE");
        assertThat(line.path("confirmedQuantity").decimalValue()).isEqualByComparingTo("500");
        assertThat(line.path("deliveryDate").asText()).isEqualTo("2026-12-15");
        assertThat(line.path("previousCommit").path("confirmedQuantity").decimalValue()).isEqualByComparingTo("600");
        assertThat(line.path("previousCommit").path("deliveryDate").asText()).isEqualTo("2026-12-01");
        assertThat(line.path("reasonCode").asText()).isEqualTo("CAPACITY");

        Path done = inbound.resolve(".done");
        Path archived = Archives.awaitDelivery(done, name);
        assertThat(Files.readString(archived)).isEqualTo(content);
        assertThat(Files.readString(Archives.reason(archived)))
                .contains("PARTLY PROCESSED: 1 of 2 records are invalid")
                .contains("line 3: field committedQuantity 'lots'");
        assertThat(KafkaProbe.records(TOPIC, r -> po.equals(r.key()))).hasSize(1);
    }

    @Test
    void shouldRejectAnEmptyFileWithItsReasonAndKeepIt() throws IOException {
        Path inbound = DropFolders.root().resolve("supplier-acme/inbound");
        String name = "commits-empty-" + uniquePo() + ".csv";
        DropFiles.drop(inbound, name, new byte[0]);

        assertThat(Files.readString(Archives.reason(Archives.awaitDelivery(inbound.resolve(".error"), name))))
                .contains("REJECTED: The file is empty (0 bytes)");
    }

    @Test
    void shouldTakeCommitsFromTheFtpServerWithTheSameTemplate() throws IOException {
        Path inbound = FtpServer.root().resolve("supplier-bolt/inbound");
        String po = uniquePo();
        String name = "commits-" + po + ".csv";
        DropFiles.drop(inbound, name, (HEADER + po + ",10,SUP-BOLT,HYD-0815,40,EA,2026-12-01,,,,3000,ACCEPT,2026-11-27T16:00:00Z\n"
                + po + ",20,SUP-BOLT,HYD-0816,4,EA,2026-12-02,,,,3000,ACCEPT,2026-11-27T16:00:00Z\n").getBytes(StandardCharsets.UTF_8));

        List<ConsumerRecord<String, String>> events = awaitEvents(po, 2);
        assertThat(events).extracting(r -> JSON.readTree(r.value()).path("source").path("instance").asText())
                .containsOnly("supplier-bolt");
        assertThat(events).extracting(r -> JSON.readTree(r.value()).path("businessKeys").path("poLine").asText())
                .containsExactly("10", "20");
        assertThat(events).extracting(r -> JSON.readTree(r.value()).path("idempotencyKey").asText())
                .containsExactly("supplier:SUP-BOLT:" + po + "-10-20261127160000", "supplier:SUP-BOLT:" + po + "-20-20261127160000");
        assertThat(events).allSatisfy(r -> assertThat(Schemas.violations("supplier-commit-changed", r.value())).isEmpty());
        Archives.awaitDelivery(inbound.resolve(".done"), name);
        assertThat(inbound.resolve(name)).doesNotExist();
    }

    @Test
    void shouldNotTakeAFileWhileItIsStillBeingWritten() throws Exception {
        Path inbound = DropFolders.root().resolve("supplier-acme/inbound");
        String po = uniquePo();
        Path file = inbound.resolve("commits-growing-" + po + ".csv");
        Files.writeString(file, HEADER);
        ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger written = new AtomicInteger();
        try {
            // a slow writer appends one record every 200 ms, written in place (no temp name + rename)
            writer.scheduleAtFixedRate(() -> {
                int line = written.incrementAndGet() * 10;
                if (line <= 150) {
                    try {
                        Files.writeString(file, po + "," + line + ",SUP-ACME,BRK-4711,5,EA,2026-12-15,,,,3000,ACCEPT,"
                                + "2026-11-27T08:15:00+01:00\n",
                                StandardOpenOption.APPEND);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }, 0, 200, TimeUnit.MILLISECONDS);

            // while it grows the file stays where it is and nothing of it is published
            await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(4))
                    .until(() -> Files.exists(file) && KafkaProbe.records(TOPIC, r -> po.equals(r.key())).isEmpty());
        } finally {
            await().atMost(Duration.ofSeconds(10)).until(() -> written.get() > 15);
            writer.shutdownNow();
        }
        // once complete, every record of it is published
        assertThat(awaitEvents(po, 15)).hasSize(15);
        Archives.awaitDelivery(inbound.resolve(".done"), file.getFileName().toString());
    }

    @Test
    void shouldWriteACommitFromADropFolderToErpLegacyAAsAFixedWidthFileOverSftp() throws IOException {
        Path inbound = DropFolders.root().resolve("supplier-acme/inbound");
        String po = uniquePo();
        DropFiles.drop(inbound, "commits-" + po + ".csv",
                (HEADER + po + ",30,SUP-ACME,BRK-4711,1250.5,EA,2027-02-01,,,LATE,1000,CHANGE,2026-11-27T08:15:00+01:00\n")
                        .getBytes(StandardCharsets.UTF_8));

        // drop folder → SupplierCommitChanged on Kafka → (the supplier-commit workflow batches it for plant 1000's ERP)
        // → direct:erp.erp-legacy-a.supplier-commits → erp-legacy-a's import folder, header/detail/trailer
        ConsumerRecord<String, String> published = awaitEvents(po, 1).get(0);
        String batchId = "supplier:SUP-ACME:" + po + "-30-20261127071500";
        String batch = "{\"batchId\": \"" + batchId + "\", \"erpInstance\": \"erp-legacy-a\", \"plant\": \"1000\", "
                + "\"createdAt\": \"2026-11-27T08:16:00+01:00\", \"correlationId\": \"" + KafkaProbe.header(published, "correlationId")
                + "\", \"commits\": [" + published.value() + "]}";
        Exchange call = TargetCalls.call(producer, "direct:erp.erp-legacy-a.supplier-commits", batch, batchId, "erp-legacy-a");
        assertThat(call.getException()).isNull();

        Path written = SftpServer.root().resolve("inbound").resolve("COMMIT_1000_" + batchId.replace(':', '_') + ".txt");
        List<String> lines = Files.readAllLines(written);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("HMFGSYNC   202611270816001000      " + batchId);
        assertThat(lines.get(1)).isEqualTo("D" + po + "00030SUP-ACME  BRK-4711          0000001250.500EA 20270201LATE      ");
        assertThat(lines.get(2)).isEqualTo("T000001");
        try (Stream<Path> files = Files.list(written.getParent())) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.startsWith(".part-"));
        }
    }

    static String uniquePo() {
        return "46" + ThreadLocalRandom.current().nextLong(10_000_000L, 99_999_999L);
    }

    static List<ConsumerRecord<String, String>> awaitEvents(String po, int count) {
        return await().atMost(Duration.ofSeconds(30))
                .until(() -> KafkaProbe.records(TOPIC, r -> po.equals(r.key())), found -> found.size() >= count);
    }
}
