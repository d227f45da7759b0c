package org.mfgsync.connectors.staging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mfgsync.resilience.FailureClassifier;
import org.mfgsync.testing.ErpLegacyBRows;

/**
 * The staging-table behaviour erp-legacy-b relies on, against a real database — the same suite on H2
 * ({@link StagingTablesOnH2Test}) and on PostgreSQL ({@link StagingTablesOnPostgresTest}): claiming with several
 * pollers, marking in the claim's transaction, exactly-once inserts, and an unreachable database as transient.
 * The statements are the instance's own, read from routes/erp/erp-legacy-b.camel.yaml.
 */
abstract class StagingTablesContract {

    static final String INSTANCE = "erp-legacy-b";

    /** The database, with the tables of dev/simulators/erp-legacy-b/staging-tables.sql, through a pool like the app's. */
    abstract DataSource database();

    /** A JDBC URL of this database kind on which nothing listens. */
    abstract String unreachableJdbcUrl();

    final StagingClaim.Queries queries = ErpLegacyBRoutes.purchaseOrderQueries();

    @BeforeEach
    void emptyTables() throws SQLException {
        for (String table : List.of("ZMFG_POHDR_OUT", "ZMFG_POITM_OUT", "ZMFG_STOCK_IN", "ZMFG_COMMIT_IN")) {
            ErpLegacyBRows.execute(database(), "DELETE FROM " + table);
        }
    }

    @Test
    void shouldNotLetASecondPollerClaimWhatTheFirstHolds() throws Exception {
        for (int i = 1; i <= 6; i++) {
            ErpLegacyBRows.export(database(), "EXP-" + i, "45000300" + i, "0", "00010;BRK-4711;5.000;ST;20261215");
        }

        try (StagingClaim first = StagingClaim.open(INSTANCE, database(), queries, 3);
                StagingClaim second = StagingClaim.open(INSTANCE, database(), queries, 3)) {
            assertThat(keys(first)).containsExactly("EXP-1", "EXP-2", "EXP-3");
            // PostgreSQL hands the next three to the second poller; H2 locks every candidate of an ordered claim, so
            // there the second poller gets nothing until the first commits — either way nothing is claimed twice
            assertThat(keys(second)).doesNotContainAnyElementsOf(keys(first));
        }
    }

    @Test
    void shouldPublishEveryDocumentExactlyOnceWithTwoPollersRacing() throws Exception {
        int documents = 24;
        for (int i = 1; i <= documents; i++) {
            ErpLegacyBRows.export(database(), String.format("EXP-%03d", i), "45000310" + i, "0",
                    "00010;BRK-4711;1.000;ST;20261215");
        }
        List<String> claimed = Collections.synchronizedList(new ArrayList<>());
        CyclicBarrier start = new CyclicBarrier(2);
        Callable<Void> poller = () -> {
            start.await();
            while (!ErpLegacyBRows.rows(database(), "SELECT EXPNR FROM ZMFG_POHDR_OUT WHERE ZSTAT = 'N'").isEmpty()) {
                try (StagingClaim claim = StagingClaim.open(INSTANCE, database(), queries, 4)) {
                    for (StagedDocument document : claim.documents()) {
                        claimed.add(document.key());
                        claim.markPublished(document.key(), "corr-" + document.key());
                    }
                    claim.commit();
                }
            }
            return null;
        };
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Void>> done = pool.invokeAll(List.of(poller, poller), 2, TimeUnit.MINUTES);
            for (Future<Void> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(claimed).hasSize(documents).doesNotHaveDuplicates();
        assertThat(ErpLegacyBRows.rows(database(), "SELECT EXPNR FROM ZMFG_POHDR_OUT WHERE ZSTAT = 'P'")).hasSize(documents);
    }

    @Test
    void shouldClaimARevisionOnlyAfterTheEarlierExportOfThatOrderIsDone() throws Exception {
        ErpLegacyBRows.export(database(), "EXP-1", "4500032001", "0", "00010;BRK-4711;5.000;ST;20261215");
        ErpLegacyBRows.export(database(), "EXP-2", "4500032001", "1", "00010;BRK-4711;6.000;ST;20261215");
        ErpLegacyBRows.export(database(), "EXP-3", "4500032002", "0", "00010;BRK-4711;7.000;ST;20261215");

        try (StagingClaim first = StagingClaim.open(INSTANCE, database(), queries, 1)) {
            assertThat(keys(first)).containsExactly("EXP-1");
            try (StagingClaim second = StagingClaim.open(INSTANCE, database(), queries, 10)) {
                assertThat(keys(second)).as("revision 1 waits for revision 0 of the same order").doesNotContain("EXP-2", "EXP-1");
            }
            first.markPublished("EXP-1", "corr-1");
            first.commit();
        }
        try (StagingClaim next = StagingClaim.open(INSTANCE, database(), queries, 10)) {
            assertThat(keys(next)).containsExactly("EXP-2", "EXP-3");
            assertThat(next.documents().get(0).items()).extracting(i -> i.get("MENGE")).containsExactly("6.000");
        }
    }

    @Test
    void shouldLeaveTheRowsNewWhenTheClaimIsNotCommitted() throws Exception {
        ErpLegacyBRows.export(database(), "EXP-1", "4500033001", "0", "00010;BRK-4711;5.000;ST;20261215");

        try (StagingClaim crashed = StagingClaim.open(INSTANCE, database(), queries, 10)) {
            crashed.markPublished("EXP-1", "corr-1");
            // no commit: a crash after publishing
        }

        assertThat(ErpLegacyBRows.header(database(), "EXP-1")).containsEntry("ZSTAT", "N");
        try (StagingClaim again = StagingClaim.open(INSTANCE, database(), queries, 10)) {
            assertThat(keys(again)).containsExactly("EXP-1");
        }
    }

    @Test
    void shouldMarkAFailedDocumentWithItsReasonAndTheOthersPublished() throws Exception {
        ErpLegacyBRows.export(database(), "EXP-1", "4500034001", "0", "00010;BRK-4711;zwölf;ST;20261215");
        ErpLegacyBRows.export(database(), "EXP-2", "4500034002", "0", "00010;BRK-4711;5.000;ST;20261215");

        try (StagingClaim claim = StagingClaim.open(INSTANCE, database(), queries, 10)) {
            claim.markFailed("EXP-1", "export EXP-1 item 00010: MENGE 'zwölf' is not a number", "corr-1");
            claim.markPublished("EXP-2", "corr-2");
            claim.commit();
        }

        assertThat(ErpLegacyBRows.header(database(), "EXP-1")).containsEntry("ZSTAT", "E")
                .containsEntry("ZMSG", "export EXP-1 item 00010: MENGE 'zwölf' is not a number").containsEntry("ZCORR", "corr-1");
        assertThat(ErpLegacyBRows.header(database(), "EXP-1").get("ZSTTS")).isNotNull();
        assertThat(ErpLegacyBRows.header(database(), "EXP-2")).containsEntry("ZSTAT", "P").containsEntry("ZCORR", "corr-2");
    }

    @Test
    void shouldWriteAStockStatusOnceAndTakeTheRepeatAsADuplicate() throws Exception {
        Map<String, String> route = ErpLegacyBRoutes.parameters("erp-legacy-b.inventory-status");
        Map<String, Object> row = stockRow("qms:2000:IL-1:REJECTED");

        assertThat(StagingInserts.write(INSTANCE, database(), route.get("insertStatement"), route.get("existsQuery"),
                "qms:2000:IL-1:REJECTED", List.of(row))).isEqualTo(StagingInserts.Outcome.WRITTEN);
        assertThat(StagingInserts.write(INSTANCE, database(), route.get("insertStatement"), route.get("existsQuery"),
                "qms:2000:IL-1:REJECTED", List.of(row))).isEqualTo(StagingInserts.Outcome.DUPLICATE);

        assertThat(ErpLegacyBRows.rows(database(), "SELECT * FROM ZMFG_STOCK_IN")).singleElement()
                .satisfies(r -> assertThat(r).containsEntry("IDEMK", "qms:2000:IL-1:REJECTED").containsEntry("BESTQ", "S")
                        .containsEntry("MENGE", "500.000").containsEntry("ZSTAT", "N"));
    }

    @Test
    void shouldWriteACommitBatchInOneTransactionOnceAndTakeTheRepeatAsADuplicate() throws Exception {
        Map<String, String> route = ErpLegacyBRoutes.parameters("erp-legacy-b.supplier-commits");
        List<Map<String, Object>> rows = List.of(commitRow("batch-1", 1, "00010"), commitRow("batch-1", 2, "00020"),
                commitRow("batch-1", 3, "00030"));

        assertThat(StagingInserts.write(INSTANCE, database(), route.get("insertStatement"), route.get("existsQuery"),
                "batch-1", rows)).isEqualTo(StagingInserts.Outcome.WRITTEN);
        assertThat(StagingInserts.write(INSTANCE, database(), route.get("insertStatement"), route.get("existsQuery"),
                "batch-1", rows)).isEqualTo(StagingInserts.Outcome.DUPLICATE);

        assertThat(ErpLegacyBRows.rows(database(), "SELECT BATID, POSNR, EBELP FROM ZMFG_COMMIT_IN ORDER BY POSNR"))
                .extracting(r -> r.get("BATID") + "/" + r.get("POSNR") + "/" + r.get("EBELP"))
                .containsExactly("batch-1/1/00010", "batch-1/2/00020", "batch-1/3/00030");
    }

    @Test
    void shouldWriteNothingOfABatchWhenOneRowIsRefused() throws Exception {
        Map<String, String> route = ErpLegacyBRoutes.parameters("erp-legacy-b.supplier-commits");
        Map<String, Object> tooLong = commitRow("batch-2", 2, "00020");
        tooLong.put("EBELN", "4500009999999");

        Throwable refused = catchThrowable(() -> StagingInserts.write(INSTANCE, database(), route.get("insertStatement"),
                route.get("existsQuery"), "batch-2", List.of(commitRow("batch-2", 1, "00010"), tooLong)));

        assertThat(refused).isInstanceOf(SQLException.class);
        assertThat(FailureClassifier.isTransient(refused)).as("a value the table refuses is permanent").isFalse();
        assertThat(ErpLegacyBRows.rows(database(), "SELECT * FROM ZMFG_COMMIT_IN WHERE BATID = 'batch-2'")).isEmpty();
    }

    @Test
    void shouldFailAsTransientWhenTheDatabaseIsUnreachable() throws Exception {
        try (var unreachable = io.agroal.api.AgroalDataSource.from(
                StagingDataSources.create(unreachableJdbcUrl(), "mfgsync", null, 2))) {
            Map<String, String> route = ErpLegacyBRoutes.parameters("erp-legacy-b.inventory-status");

            Throwable write = catchThrowable(() -> StagingInserts.write(INSTANCE, unreachable, route.get("insertStatement"),
                    route.get("existsQuery"), "qms:2000:IL-9:REJECTED", List.of(stockRow("qms:2000:IL-9:REJECTED"))));
            Throwable claim = catchThrowable(() -> StagingClaim.open(INSTANCE, unreachable, queries, 10));

            assertThat(write).isInstanceOf(SQLTransientConnectionException.class);
            assertThat(FailureClassifier.isTransient(write)).isTrue();
            assertThat(claim).isInstanceOf(SQLTransientConnectionException.class);
            assertThat(FailureClassifier.isTransient(claim)).isTrue();
        }
    }

    @Test
    void shouldRefuseAStatementParameterTheRowDoesNotHave() {
        Map<String, String> route = ErpLegacyBRoutes.parameters("erp-legacy-b.inventory-status");
        Map<String, Object> row = stockRow("qms:2000:IL-3:REJECTED");
        row.remove("BESTQ");

        assertThatThrownBy(() -> StagingInserts.write(INSTANCE, database(), route.get("insertStatement"),
                route.get("existsQuery"), "qms:2000:IL-3:REJECTED", List.of(row)))
                .hasMessageContaining("The mapping gave no column BESTQ");
    }

    static List<String> keys(StagingClaim claim) {
        return claim.documents().stream().map(StagedDocument::key).toList();
    }

    static Map<String, Object> stockRow(String key) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("IDEMK", key);
        row.put("WERKS", "2000");
        row.put("MATNR", "BRK-4711");
        row.put("CHARG", "L-88231");
        row.put("MENGE", "500.000");
        row.put("MEINS", "ST");
        row.put("BESTQ", "S");
        row.put("GRUND", "INSPECTION_REJECTED");
        row.put("XBLNR", "IL-1");
        row.put("ZEVID", "6f1c2a3e-8b7d-4c1a-9e2f-0a1b2c3d4e5f");
        row.put("ZCORR", "corr-1");
        return row;
    }

    static Map<String, Object> commitRow(String batch, int position, String item) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("BATID", batch);
        row.put("POSNR", position);
        row.put("IDEMK", "supplier:SUP-100:OC-" + item);
        row.put("EBELN", "4500004711");
        row.put("EBELP", item);
        row.put("LIFNR", "SUP-100");
        row.put("WERKS", "2000");
        row.put("CNFID", "OC-" + item);
        row.put("CNFTY", "C");
        row.put("MENGE", "1000.000");
        row.put("MEINS", "ST");
        row.put("EINDT", "20261218");
        row.put("ZGRND", null);
        row.put("CNFTS", "20261127134000");
        row.put("ZCORR", "corr-batch-1");
        return row;
    }
}
