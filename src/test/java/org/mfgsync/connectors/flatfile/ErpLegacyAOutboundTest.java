package org.mfgsync.connectors.flatfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.mfgsync.canonical.CanonicalJson;
import org.mfgsync.resilience.FailureClassifier;
import org.mfgsync.testing.SftpServer;
import org.mfgsync.testing.TargetCalls;
import org.mfgsync.testing.TestStack;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * erp-legacy-a's target operations against a real SFTP server (Apache MINA SSHD): {@code direct:erp.erp-legacy-a.supplier-commits}
 * (a commit batch → one fixed-width commit import file) and {@code direct:erp.erp-legacy-a.inventory-status} (a stock
 * status file), called as a workflow calls them. The server records every write and rename, so the tests see what a
 * reader of the import folder could have seen.
 */
@QuarkusTest
@WithTestResource(TestStack.class)
class ErpLegacyAOutboundTest {

    static final String COMMITS = "direct:erp.erp-legacy-a.supplier-commits";
    static final String INVENTORY = "direct:erp.erp-legacy-a.inventory-status";
    static final Path GOLDEN = Path.of("mappings/erp-legacy-a/tests");

    @Inject
    ProducerTemplate producer;

    Path imports = SftpServer.root().resolve("inbound");

    @Test
    void shouldWriteOneCommitImportFileForABatchUnderATemporaryNameFirst() throws IOException {
        String batchId = "commit-batch:erp-legacy-a:1000:" + UUID.randomUUID();
        String name = "COMMIT_1000_" + batchId.replace(':', '_') + ".txt";

        Exchange call = TargetCalls.call(producer, COMMITS, batch(batchId), batchId, "erp-legacy-a");

        assertThat(call.getException()).isNull();
        List<String> lines = Files.readAllLines(imports.resolve(name));
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).startsWith("HMFGSYNC   202611271500001000      " + batchId).hasSize(135);
        assertThat(lines.subList(1, 4)).containsExactly(
                "D450000471100010SUP-100   BRK-4711          0000001000.000EA 20261218          ",
                "D450000471100020SUP-100                     0000000250.250KG         NO-STOCK  ",
                "D450001700100020SUP-100   BRK-4712          0000000800.000KG 20270120CAPACITY  ");
        assertThat(lines.get(4)).isEqualTo("T000003");
        // written under .part-<name> only, then renamed: the final name never held half a file
        List<String> events = eventsAbout(name);
        assertThat(events).last().isEqualTo("rename .part-" + name + " " + name);
        assertThat(events.subList(0, events.size() - 1)).isNotEmpty().allMatch(e -> e.equals("write .part-" + name));
        assertThat(imports.resolve(".part-" + name)).doesNotExist();
        // the caller's document is given back as it was
        assertThat(call.getMessage().getBody(String.class)).isEqualTo(batch(batchId));
        assertThat(call.getMessage().getHeaders()).doesNotContainKey(Exchange.FILE_NAME);
    }

    @Test
    void shouldWriteTheSameBatchOnlyOnceWhenCalledAgainWithTheSameKey() throws IOException {
        String batchId = "commit-batch:erp-legacy-a:1000:" + UUID.randomUUID();
        String name = "COMMIT_1000_" + batchId.replace(':', '_') + ".txt";

        assertThat(TargetCalls.call(producer, COMMITS, batch(batchId), batchId, "erp-legacy-a").getException()).isNull();
        // erp-legacy-a imports the file and takes it away; the workflow's retry must not give it the batch again
        Files.delete(imports.resolve(name));
        assertThat(TargetCalls.call(producer, COMMITS, batch(batchId), batchId, "erp-legacy-a").getException()).isNull();

        assertThat(imports.resolve(name)).doesNotExist();
        assertThat(eventsAbout(name)).filteredOn(e -> e.startsWith("rename")).hasSize(1);
    }

    @Test
    void shouldFailAsTransientWhileTheSftpServerIsDownAndWriteOnceItIsBack() throws IOException {
        String batchId = "commit-batch:erp-legacy-a:1000:" + UUID.randomUUID();
        String name = "COMMIT_1000_" + batchId.replace(':', '_') + ".txt";

        SftpServer.takeDown();
        Exchange failed;
        try {
            failed = TargetCalls.call(producer, COMMITS, batch(batchId), batchId, "erp-legacy-a");
        } finally {
            SftpServer.restart();
        }
        // the workflow's policy holds and retries it; nothing was written
        assertThat(failed.getException()).isNotNull();
        assertThat(FailureClassifier.isTransient(failed.getException())).as("%s", failed.getException()).isTrue();
        assertThat(imports.resolve(name)).doesNotExist();

        // the retry with the same key writes it: the failed attempt did not count as done
        assertThat(TargetCalls.call(producer, COMMITS, batch(batchId), batchId, "erp-legacy-a").getException()).isNull();
        assertThat(Files.readAllLines(imports.resolve(name))).hasSize(5).last().isEqualTo("T000003");
    }

    @Test
    void shouldFailAsPermanentWhenErpLegacyAHasNoFormForACommitOfTheBatch() throws IOException {
        String batchId = "commit-batch:erp-legacy-a:1000:" + UUID.randomUUID();
        ObjectNode batch = (ObjectNode) CanonicalJson.MAPPER.readTree(batch(batchId));
        ((ArrayNode) batch.path("commits")).add(CanonicalJson.MAPPER.readTree(
                Files.readString(Path.of("schemas/samples/supplier-commit-changed/valid-header-accept-from-cxml.json"))));

        Exchange failed = TargetCalls.call(producer, COMMITS, batch.toString(), batchId, "erp-legacy-a");

        assertThat(FailureClassifier.isPermanent(failed.getException())).as("%s", failed.getException()).isTrue();
        assertThat(failed.getException()).hasMessageContaining("confirmation CONF-88121 of PO 4500009002 has no lines");
        assertThat(imports.resolve("COMMIT_1000_" + batchId.replace(':', '_') + ".txt")).doesNotExist();
        assertThat(eventsAbout(batchId.replace(':', '_'))).isEmpty();
    }

    @Test
    void shouldRefuseACallWithoutIdempotencyKeyAsPermanent() throws IOException {
        Exchange failed = producer.send(COMMITS, exchange -> exchange.getMessage().setBody(batch("no-key")));

        assertThat(FailureClassifier.isPermanent(failed.getException())).isTrue();
        assertThat(failed.getException()).hasMessageContaining("no exchange property 'idempotencyKey'");
    }

    @Test
    void shouldWriteAStockStatusFileForABlockAndForAnUnblock() throws IOException {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String blockKey = "qms:1000:IL-" + run + ":REJECTED";
        String unblockKey = "qms:1000:NCR-" + run + ":USE_AS_IS";

        assertThat(TargetCalls.call(producer, INVENTORY, inventoryEvent("inventory-status-block", blockKey), blockKey,
                "erp-legacy-a").getException()).isNull();
        assertThat(TargetCalls.call(producer, INVENTORY, inventoryEvent("inventory-status-unblock", unblockKey), unblockKey,
                "erp-legacy-a").getException()).isNull();

        String blocked = "STOCK_1000_qms_1000_IL-" + run + "_REJECTED.txt";
        String released = "STOCK_1000_qms_1000_NCR-" + run + "_USE_AS_IS.txt";
        assertThat(Files.readString(imports.resolve(blocked))).isEqualTo(expectedWithoutName("inventory-status-block"));
        assertThat(Files.readString(imports.resolve(released))).isEqualTo(expectedWithoutName("inventory-status-unblock"));
        assertThat(eventsAbout(blocked)).last().isEqualTo("rename .part-" + blocked + " " + blocked);
    }

    /** The golden batch of two commits under another batch id. */
    static String batch(String batchId) throws IOException {
        ObjectNode batch = (ObjectNode) CanonicalJson.MAPPER.readTree(Files.readString(GOLDEN.resolve("supplier-commits-two-commits.canonical.json")));
        batch.put("batchId", batchId);
        return batch.toString();
    }

    static String inventoryEvent(String goldenCase, String idempotencyKey) throws IOException {
        ObjectNode event = (ObjectNode) CanonicalJson.MAPPER.readTree(Files.readString(GOLDEN.resolve(goldenCase + ".canonical.json")));
        event.put("idempotencyKey", idempotencyKey);
        return event.toString();
    }

    /** The golden file's content (its first line is the file name). */
    static String expectedWithoutName(String goldenCase) throws IOException {
        String expected = Files.readString(GOLDEN.resolve(goldenCase + ".expected.txt"));
        return expected.substring(expected.indexOf('\n') + 1);
    }

    static List<String> eventsAbout(String name) {
        return SftpServer.fileEvents().stream().filter(e -> e.contains(name)).toList();
    }
}
