package org.mfgsync.purchasing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mfgsync.purchasing.Commits.poLine;
import static org.mfgsync.purchasing.Commits.purchaseOrder;
import static org.mfgsync.purchasing.PurchasingTestSupport.openBatchSize;
import static org.mfgsync.purchasing.PurchasingTestSupport.publish;
import static org.mfgsync.purchasing.PurchasingTestSupport.uniquePo;
import static org.mfgsync.testing.SignedWebhooks.signed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.List;
import java.util.stream.Stream;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mfgsync.testing.DropFiles;
import org.mfgsync.testing.DropFolders;
import org.mfgsync.testing.ErpLegacyBDatabase;
import org.mfgsync.testing.ErpLegacyBRows;
import org.mfgsync.testing.ErpSimulator;
import org.mfgsync.testing.KafkaProbe;
import org.mfgsync.testing.SftpServer;
import org.mfgsync.testing.TestStack;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The purchasing acceptance scenarios of issue #6 against the real connectors: supplier-acme's drop folder (commits in,
 * PO files out), erp-legacy-a on a real SFTP server (PO exports in, fixed-width commit files out), the cloud ERP
 * (WireMock: PO webhook in, commit batches out), Kafka in between.
 */
@QuarkusTest
@WithTestResource(TestStack.class)
class PurchasingAcceptanceTest {

    static final String CSV_HEADER = "PO_NUMBER,PO_LINE,SUPPLIER,ITEM,COMMITTED_QTY,UOM,COMMITTED_DATE,PREVIOUS_QTY,"
            + "PREVIOUS_DATE,REASON_CODE,PLANT,CONFIRMATION_TYPE,CONFIRMED_AT\n";
    static final String BATCHES = "/api/v1/supplier-commit-batches";

    WireMockServer erp = ErpSimulator.server();

    @Inject
    PurchaseOrderBook book;

    @Inject
    DataSource db;

    @BeforeEach
    void cloudErpAccepts() {
        erp.stubFor(post(urlEqualTo(BATCHES)).atPriority(10).willReturn(aResponse().withStatus(201)));
    }

    /**
     * Supplier schedule volatility: a burst of commit changes in one supplier file for plants 1000, 2000 and 3000. The
     * low-risk ones reach each ERP as one batch (batch-size 3 in tests): a fixed-width file on erp-legacy-a's SFTP
     * server, rows with one batch id in erp-legacy-b's staging table, one POST to the cloud ERP; the high-risk shortage
     * (plant 2000) reaches its ERP at once, as a batch of its own, with a planning recalculation request and an
     * escalation to the supplier's buyer.
     */
    @Test
    void supplierScheduleVolatility() throws Exception {
        assertThat(openBatchSize(db, "erp-legacy-a:1000")).isZero();
        assertThat(openBatchSize(db, "erp-legacy-b:2000")).isZero();
        assertThat(openBatchSize(db, "erp-cloud:3000")).isZero();
        List<String> plant1000 = bookPos("erp-legacy-a", "1000", 3);
        List<String> plant2000 = bookPos("erp-legacy-b", "2000", 3);
        List<String> plant3000 = bookPos("erp-cloud", "3000", 3);
        String shortage = bookPos("erp-legacy-b", "2000", 1).get(0);

        StringBuilder file = new StringBuilder(CSV_HEADER);
        String at = "2026-11-27T09:%02d:00Z";
        int minute = 0;
        for (String po : plant1000) {
            file.append(po).append(",10,SUP-ACME,BRK-4712,100,EA,2026-12-15,,,,1000,ACCEPT,").append(at.formatted(minute++)).append('\n');
        }
        for (String po : plant2000) {
            file.append(po).append(",10,SUP-ACME,BRK-4712,95,EA,2026-12-15,,,,2000,CHANGE,").append(at.formatted(minute++)).append('\n');
        }
        for (String po : plant3000) {
            file.append(po).append(",10,SUP-ACME,BRK-4712,100,EA,2026-12-16,,,,3000,CHANGE,").append(at.formatted(minute++)).append('\n');
        }
        file.append(shortage).append(",10,SUP-ACME,BRK-4712,40,EA,2026-12-15,100,2026-12-15,CAPACITY,2000,CHANGE,")
                .append(at.formatted(minute++)).append('\n');
        DropFiles.drop(DropFolders.root().resolve("supplier-acme/inbound"), "commits-" + shortage + ".csv",
                file.toString().getBytes(StandardCharsets.UTF_8));

        // the HIGH shortage: at once, a batch of its own in erp-legacy-b, with planning and escalation
        List<Map<String, Object>> highRows = await().atMost(Duration.ofSeconds(30)).until(() -> commitRows(shortage), r -> !r.isEmpty());
        assertThat(highRows).hasSize(1);
        assertThat(commitRowsOfBatch((String) highRows.get(0).get("BATID"))).hasSize(1);
        assertThat(await().atMost(Duration.ofSeconds(20)).until(() -> KafkaProbe.records(
                "mfgsync.planning-recalculation-requested.v1", r -> shortage.equals(r.key())), r -> !r.isEmpty())).hasSize(1);
        List<ConsumerRecord<String, String>> escalations = await().atMost(Duration.ofSeconds(20)).until(() -> KafkaProbe.records(
                "mfgsync.escalation-raised.v1", r -> shortage.equals(r.key())), r -> !r.isEmpty());
        assertThat(Commits.json(escalations.get(0).value()).path("payload").path("ownerEmail").asText()).isEqualTo("lena.vogt@example.com");

        // LOW, plant 3000: one POST to the cloud ERP with the three commits
        LoggedRequest cloudBatch = awaitCloudBatches(plant3000.get(0)).get(0);
        JsonNode batch = Commits.json(cloudBatch.getBodyAsString());
        assertThat(Commits.list(batch.path("commits")).stream().map(c -> c.path("payload").path("purchaseOrder").asText()))
                .containsExactlyInAnyOrderElementsOf(plant3000);
        assertThat(cloudBatch.getHeader("Idempotency-Key")).isEqualTo(batch.path("batchId").asText());

        // LOW, plant 1000: one fixed-width commit import file on erp-legacy-a's SFTP server with the three commits
        Path importFile = await().atMost(Duration.ofSeconds(30)).until(() -> commitFileWith(plant1000.get(0)), p -> p != null);
        List<String> lines = Files.readAllLines(importFile);
        assertThat(importFile.getFileName().toString()).startsWith("COMMIT_1000_SCB-");
        assertThat(lines.get(0)).startsWith("H");
        assertThat(lines.subList(1, lines.size() - 1)).hasSize(3)
                .allSatisfy(l -> assertThat(plant1000.stream().anyMatch(po -> l.startsWith("D" + po))).isTrue());
        assertThat(lines.get(lines.size() - 1)).isEqualTo("T000003");
        // LOW, plant 2000: the three rows of one batch in erp-legacy-b's commit staging table
        List<Map<String, Object>> lowRows = await().atMost(Duration.ofSeconds(30)).until(() -> commitRows(plant2000.get(0)), r -> !r.isEmpty());
        List<Map<String, Object>> batchRows = commitRowsOfBatch((String) lowRows.get(0).get("BATID"));
        assertThat(batchRows).extracting(r -> r.get("EBELN")).containsExactlyInAnyOrderElementsOf(plant2000);
        assertThat(batchRows).extracting(r -> r.get("WERKS")).containsOnly("2000");

        // nothing of this burst went to the wrong ERP
        assertThat(erp.findAll(postRequestedFor(urlEqualTo(BATCHES)).withRequestBody(containing(plant1000.get(0))))).isEmpty();
        assertThat(erp.findAll(postRequestedFor(urlEqualTo(BATCHES)).withRequestBody(containing(plant2000.get(0))))).isEmpty();
        assertThat(commitRows(plant3000.get(0))).isEmpty();
        assertThat(commitFileWith(plant2000.get(0))).isNull();
    }

    /**
     * Multi-ERP: the same supplier's PO revisions from three plants — erp-legacy-a's CSV export on its SFTP server, the
     * cloud ERP's webhook, erp-legacy-b's staging export table — are delivered once each to the supplier's drop folder;
     * its commits go back to the right ERP instance each (SFTP file, staging rows, REST POST).
     */
    @Test
    void multiErp() throws Exception {
        String poA = uniquePo();
        String poB = uniquePo();
        String poCloud = uniquePo();

        // erp-legacy-a exports its PO (plant 1000) to its SFTP server
        DropFiles.drop(SftpServer.root().resolve("outbound"), "PO_EXPORT_" + poA + ".csv", ("PO_NUMBER;REVISION;ACTION;PLANT;"
                + "VENDOR;PO_LINE;MATERIAL;QUANTITY;UOM;DELIVERY_DATE;NET_PRICE;CURRENCY\n"
                + poA + ";1;U;1000;SUP-ACME;10;BRK-4712;100;EA;20261215;3.10;EUR\n").getBytes(StandardCharsets.UTF_8));
        // the cloud ERP posts its PO (plant 3000)
        String document = PoRevisionWorkflowTest.cloudDocument(poCloud, 1).replace("SUP-COBALT", "SUP-ACME");
        signed().contentType(ContentType.JSON).body(document)
                .post("/api/v1/erp/erp-cloud/purchase-order-events").then().statusCode(202);
        // erp-legacy-b's export program writes its PO (plant 2000) to its staging tables
        exportFromErpLegacyB(poB);

        Path outbound = DropFolders.root().resolve("supplier-acme/outbound");
        for (String po : List.of(poA, poB, poCloud)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(outbound.resolve("PO_" + po + "_REV1.csv")));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> book.find(poA).map(b -> b.deliveredRevision() != null).orElse(false));
        assertThat(book.find(poA).orElseThrow().erpInstance()).isEqualTo("erp-legacy-a");
        assertThat(book.find(poB).orElseThrow().erpInstance()).isEqualTo("erp-legacy-b");
        assertThat(book.find(poCloud).orElseThrow().erpInstance()).isEqualTo("erp-cloud");
        try (Stream<Path> files = Files.list(outbound)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.contains(poA) || n.contains(poB) || n.contains(poCloud)))
                    .containsExactlyInAnyOrder("PO_" + poA + "_REV1.csv", "PO_" + poB + "_REV1.csv", "PO_" + poCloud + "_REV1.csv");
        }

        // the supplier commits late on all three (HIGH: each goes to its ERP at once)
        // named without a PO number: the file name travels with the commits (trace key fileName) and the checks below
        // look for PO numbers in what each ERP got
        DropFiles.drop(DropFolders.root().resolve("supplier-acme/inbound"), "late-" + System.nanoTime() + ".csv", (CSV_HEADER
                + poA + ",10,SUP-ACME,BRK-4712,100,EA,2026-12-29,,,LATE,1000,CHANGE,2026-11-27T10:00:00Z\n"
                + poB + ",10,SUP-ACME,BRK-4712,100,EA,2026-12-29,,,LATE,2000,CHANGE,2026-11-27T10:00:00Z\n"
                + poCloud + ",10,SUP-ACME,BRK-4711,1000,EA,2026-12-29,,,LATE,3000,CHANGE,2026-11-27T10:00:00Z\n")
                .getBytes(StandardCharsets.UTF_8));

        Path importFile = await().atMost(Duration.ofSeconds(30)).until(() -> commitFileWith(poA), p -> p != null);
        assertThat(Files.readAllLines(importFile)).anySatisfy(l -> assertThat(l).startsWith("D" + poA + "00010SUP-ACME"));
        assertThat(awaitCloudBatches(poCloud)).hasSize(1);
        List<Map<String, Object>> rows = await().atMost(Duration.ofSeconds(30)).until(() -> commitRows(poB), r -> !r.isEmpty());
        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.get("WERKS")).isEqualTo("2000");
            assertThat(r.get("EINDT")).isEqualTo("20261229");
        });
        // and to no other
        assertThat(erp.findAll(postRequestedFor(urlEqualTo(BATCHES)).withRequestBody(containing(poA)))).isEmpty();
        assertThat(erp.findAll(postRequestedFor(urlEqualTo(BATCHES)).withRequestBody(containing(poB)))).isEmpty();
        assertThat(commitFileWith(poCloud)).isNull();
        assertThat(commitFileWith(poB)).isNull();
        assertThat(commitRows(poA)).isEmpty();
        assertThat(commitRows(poCloud)).isEmpty();
    }

    /** erp-legacy-b's export program: one PO revision (plant 2000, supplier SUP-ACME) in its staging export tables. */
    private static void exportFromErpLegacyB(String po) throws Exception {
        ErpLegacyBRows.exportFor(new ErpLegacyBDatabase().dataSource(), "SUP-ACME", "X" + po, po, "1",
                "00010;BRK-4712;100.000;ST;20261215");
    }

    /** The rows erp-legacy-b's commit staging table holds for a PO. */
    private static List<Map<String, Object>> commitRows(String po) throws Exception {
        return rows("SELECT BATID, EBELN, EBELP, WERKS, MENGE, EINDT FROM ZMFG_COMMIT_IN WHERE EBELN = ?", po);
    }

    private static List<Map<String, Object>> commitRowsOfBatch(String batchId) throws Exception {
        return rows("SELECT BATID, EBELN, EBELP, WERKS, MENGE, EINDT FROM ZMFG_COMMIT_IN WHERE BATID = ?", batchId);
    }

    private static List<Map<String, Object>> rows(String sql, String parameter) throws Exception {
        return ErpLegacyBRows.rows(new ErpLegacyBDatabase().dataSource(), sql, parameter);
    }

    private List<String> bookPos(String erpInstance, String plant, int count) throws Exception {
        List<String> pos = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String po = uniquePo();
            book.book(purchaseOrder(erpInstance, plant, po, 1, "SUP-ACME", poLine("10", "BRK-4712", "100", "2026-12-15", plant)));
            pos.add(po);
        }
        return pos;
    }

    private List<LoggedRequest> awaitCloudBatches(String po) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> erp.findAll(postRequestedFor(urlEqualTo(BATCHES))
                .withRequestBody(containing("\"purchaseOrder\":\"" + po + "\""))), calls -> !calls.isEmpty());
    }

    /** The commit import file in erp-legacy-a's inbound folder that holds a commit to the PO, or null. */
    private static Path commitFileWith(String po) throws IOException {
        try (Stream<Path> files = Files.list(SftpServer.root().resolve("inbound"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("COMMIT_")).toList()) {
                if (Files.readString(file).contains("D" + po)) {
                    return file;
                }
            }
        }
        return null;
    }
}
