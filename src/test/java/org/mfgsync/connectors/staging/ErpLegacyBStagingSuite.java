package org.mfgsync.connectors.staging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.inject.Inject;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.mfgsync.canonical.CanonicalJson;
import org.mfgsync.resilience.ExceptionRecord;
import org.mfgsync.resilience.ExceptionStore;
import org.mfgsync.resilience.FailureClassifier;
import org.mfgsync.testing.ErpLegacyBRows;
import org.mfgsync.testing.KafkaProbe;
import org.mfgsync.testing.Schemas;
import org.mfgsync.testing.StagingDatabase;

/**
 * erp-legacy-b end to end through its routes (routes/erp/erp-legacy-b.camel.yaml) against a real database acting as
 * the ERP's, and a real Kafka broker: exported rows become PurchaseOrderChanged events and are marked published; a
 * bad row is marked failed with its reason and recorded as an exception while the good ones are published; the
 * outbound endpoints write their rows once per idempotency key; an unreachable database fails the call as transient.
 * Run on H2 ({@link ErpLegacyBStagingTest}) and on PostgreSQL ({@link ErpLegacyBStagingOnPostgresTest}).
 */
abstract class ErpLegacyBStagingSuite {

    static final String TOPIC = "mfgsync.purchase-order-changed.v1";
    static final AtomicLong EXPORTS = new AtomicLong(System.currentTimeMillis() * 10);

    @Inject
    ProducerTemplate producer;

    @Inject
    ExceptionStore exceptions;

    abstract StagingDatabase erp();

    @Test
    void shouldPublishEachExportedPurchaseOrderAndMarkItPublished() throws Exception {
        String po1 = uniquePo();
        String po2 = uniquePo();
        String exp1 = nextExport();
        String exp2 = nextExport();
        ErpLegacyBRows.export(erp().dataSource(), exp1, po1, "0", "00010;BRK-4711;500.000;ST;20261215",
                "00020;HYD-0815;1200.500;KG;20270110");
        ErpLegacyBRows.export(erp().dataSource(), exp2, po2, "2", "00010;BRK-4711;40.000;PAK;20261201");

        ConsumerRecord<String, String> record = awaitEvent(po1);
        JsonNode event = CanonicalJson.MAPPER.readTree(record.value());
        assertThat(Schemas.violations("purchase-order-changed", record.value())).isEmpty();
        assertThat(event.path("source").path("instance").asText()).isEqualTo("erp-legacy-b");
        assertThat(event.path("plant").asText()).isEqualTo("2000");
        assertThat(event.path("idempotencyKey").asText()).isEqualTo("erp-legacy-b:" + po1 + ":0");
        assertThat(event.path("payload").path("changeType").asText()).isEqualTo("CREATED");
        assertThat(event.path("payload").path("lines")).hasSize(2);
        assertThat(event.path("payload").path("lines").get(0).path("unitOfMeasure").asText()).isEqualTo("EA");
        assertThat(event.path("payload").path("lines").get(1).path("quantity").decimalValue()).isEqualByComparingTo("1200.5");
        assertThat(KafkaProbe.header(record, "eventType")).isEqualTo("PurchaseOrderChanged");
        assertThat(KafkaProbe.header(record, "schemaVersion")).isEqualTo("1.0");
        assertThat(KafkaProbe.header(record, "eventId")).isEqualTo(event.path("eventId").asText());
        assertThat(KafkaProbe.header(record, "idempotencyKey")).isEqualTo("erp-legacy-b:" + po1 + ":0");
        String correlationId = KafkaProbe.header(record, "correlationId");
        assertThat(correlationId).isEqualTo(event.path("correlationId").asText()).isNotBlank();
        assertThat(CanonicalJson.MAPPER.readTree(awaitEvent(po2).value()).path("payload").path("changeType").asText())
                .isEqualTo("REVISED");

        Map<String, Object> header = awaitStatus(exp1, "P");
        assertThat(header).containsEntry("ZCORR", correlationId);
        assertThat(header.get("ZMSG")).isNull();
        awaitStatus(exp2, "P");
        assertThat(KafkaProbe.records(TOPIC, r -> po1.equals(r.key()))).as("published once").hasSize(1);
    }

    @Test
    void shouldMarkABadRowFailedWithItsReasonAndStillPublishTheGoodOnes() throws Exception {
        String badPo = uniquePo();
        String goodPo = uniquePo();
        String bad = nextExport();
        String good = nextExport();
        ErpLegacyBRows.export(erp().dataSource(), bad, badPo, "0", "00010;BRK-4711;500.000;ST;20261215",
                "00020;BRK-4712;zwölf;ST;20261215");
        ErpLegacyBRows.export(erp().dataSource(), good, goodPo, "0", "00010;BRK-4711;5.000;ST;20261215");

        awaitEvent(goodPo);
        Map<String, Object> failed = awaitStatus(bad, "E");
        assertThat(failed.get("ZMSG")).isEqualTo("export " + bad + " item 00020: MENGE 'zwölf' is not a number");
        awaitStatus(good, "P");
        assertThat(KafkaProbe.records(TOPIC, r -> badPo.equals(r.key()))).isEmpty();

        List<ExceptionRecord> recorded = exceptions.list(new ExceptionRecord.Filter(null, null, null, badPo, null, null, null), 10);
        assertThat(recorded).singleElement().satisfies(r -> {
            assertThat(r.step()).isEqualTo("erp-legacy-b.purchase-orders-in");
            assertThat(r.error()).contains("MENGE 'zwölf' is not a number");
            assertThat(r.businessKeys()).containsEntry("purchaseOrder", badPo).containsEntry("supplier", "SUP-100")
                    .containsEntry("plant", "2000");
            assertThat(r.correlationId()).isEqualTo(failed.get("ZCORR"));
        });
        assertThat(KafkaProbe.records("mfgsync.dead-letter.v1",
                r -> ("erp-legacy-b:export:" + bad).equals(KafkaProbe.header(r, "idempotencyKey")))).hasSize(1);
    }

    @Test
    void shouldWriteAStockStatusRowOnceHoweverOftenItIsCalled() throws Exception {
        String lot = "L-" + ThreadLocalRandom.current().nextInt(1_000_000);
        String key = "qms:2000:IL-" + lot + ":REJECTED";
        String event = inventoryStatusChanged(key, lot);

        assertThat(call("direct:erp.erp-legacy-b.inventory-status", key, event).getException()).isNull();
        assertThat(call("direct:erp.erp-legacy-b.inventory-status", key, event).getException()).as("a repeat is no error").isNull();

        List<Map<String, Object>> rows = ErpLegacyBRows.rows(erp().dataSource(), "SELECT * FROM ZMFG_STOCK_IN WHERE CHARG = ?", lot);
        assertThat(rows).singleElement().satisfies(row -> assertThat(row)
                .containsEntry("IDEMK", key).containsEntry("WERKS", "2000").containsEntry("MATNR", "BRK-4711")
                .containsEntry("MENGE", "500.000").containsEntry("MEINS", "ST").containsEntry("BESTQ", "S")
                .containsEntry("GRUND", "INSPECTION_REJECTED").containsEntry("XBLNR", "IL-2026-000123")
                .containsEntry("ZCORR", "corr-" + key).containsEntry("ZSTAT", "N"));
    }

    @Test
    void shouldWriteTheRowsOfACommitBatchOnceWithTheBatchId() throws Exception {
        String batchId = "commit-batch:erp-legacy-b:2000:" + ThreadLocalRandom.current().nextLong(1L << 40);
        String batch = Files.readString(Path.of("mappings/erp-legacy-b/tests/two-commits.supplier-commits.json"))
                .replace("commit-batch:erp-legacy-b:2000:20261127T0915", batchId);

        assertThat(call("direct:erp.erp-legacy-b.supplier-commits", batchId, batch).getException()).isNull();
        assertThat(call("direct:erp.erp-legacy-b.supplier-commits", batchId, batch).getException()).isNull();

        List<Map<String, Object>> rows = ErpLegacyBRows.rows(erp().dataSource(),
                "SELECT BATID, POSNR, EBELN, EBELP, CNFTY, MENGE, MEINS, EINDT FROM ZMFG_COMMIT_IN WHERE BATID = ? ORDER BY POSNR", batchId);
        assertThat(rows).extracting(r -> r.get("POSNR") + "|" + r.get("EBELN") + "|" + r.get("EBELP") + "|" + r.get("CNFTY")
                + "|" + r.get("MENGE") + "|" + r.get("MEINS") + "|" + r.get("EINDT"))
                .containsExactly("1|4500004711|00010|C|1000.000|ST|20261218", "2|4500004711|00020|B|0.000|KG|null",
                        "3|4500009002|null|A|null|null|null");
    }

    @Test
    void shouldFailAsTransientWhileTheDatabaseIsDownAndWriteOnceItIsBack() throws Exception {
        String lot = "L-" + ThreadLocalRandom.current().nextInt(1_000_000);
        String key = "qms:2000:IL-" + lot + ":REJECTED";
        String event = inventoryStatusChanged(key, lot);

        erp().outage();
        Exchange down;
        try {
            down = call("direct:erp.erp-legacy-b.inventory-status", key, event);
        } finally {
            erp().recover();
        }
        assertThat(down.getException()).isNotNull();
        assertThat(FailureClassifier.isTransient(down.getException())).as("held and retried by the caller, %s", down.getException()).isTrue();

        assertThat(call("direct:erp.erp-legacy-b.inventory-status", key, event).getException()).isNull();
        assertThat(ErpLegacyBRows.rows(erp().dataSource(), "SELECT * FROM ZMFG_STOCK_IN WHERE CHARG = ?", lot)).hasSize(1);
    }

    Exchange call(String endpoint, String key, String body) {
        return producer.send(endpoint, exchange -> {
            exchange.setProperty("idempotencyKey", key);
            exchange.setProperty("correlationId", "corr-" + key);
            exchange.setProperty("target", "erp-legacy-b");
            exchange.getMessage().setBody(body);
        });
    }

    static String inventoryStatusChanged(String key, String lot) throws Exception {
        String sample = Files.readString(Path.of("mappings/erp-legacy-b/tests/blocked-lot.inventory-status.json"));
        return sample.replace("qms:2000:IL-2026-000123:REJECTED", key).replace("L-88231", lot);
    }

    Map<String, Object> awaitStatus(String expnr, String status) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> ErpLegacyBRows.header(erp().dataSource(), expnr),
                header -> status.equals(header.get("ZSTAT")));
    }

    static ConsumerRecord<String, String> awaitEvent(String po) {
        return await().atMost(Duration.ofSeconds(30))
                .until(() -> KafkaProbe.records(TOPIC, r -> po.equals(r.key())), found -> !found.isEmpty()).get(0);
    }

    static String uniquePo() {
        return "45" + ThreadLocalRandom.current().nextLong(10_000_000L, 99_999_999L);
    }

    static String nextExport() {
        return String.valueOf(EXPORTS.incrementAndGet());
    }
}
