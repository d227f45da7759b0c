package org.mfgsync.purchasing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.processor.aggregate.jdbc.JdbcAggregationRepository;
import org.apache.camel.support.DefaultExchange;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mfgsync.canonical.SupplierCommitChanged.ConfirmationType;
import org.mfgsync.testing.PostgresServer;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The purchasing state (V5: PO book, supplier commit batches) on a real PostgreSQL, as in production: the PO book round
 * trip, and a batch kept by one app instance found and recovered by the next. Skipped where no PostgreSQL is installed.
 */
class PurchasingStateOnPostgresTest {

    static PostgresServer postgres;
    static PGSimpleDataSource dataSource;
    static DefaultCamelContext camel = new DefaultCamelContext();

    @BeforeAll
    static void startPostgres() throws Exception {
        Optional<Path> binaries = PostgresServer.installedBinaries();
        assumeTrue(binaries.isPresent(), "no PostgreSQL installed on this machine");
        postgres = PostgresServer.start(binaries.get());
        dataSource = new PGSimpleDataSource();
        dataSource.setUrl(postgres.jdbcUrl());
        dataSource.setUser(postgres.user());
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        camel.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        camel.stop();
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void shouldKeepThePurchaseOrderBookOnPostgres() throws Exception {
        PurchaseOrderBook book = new PurchaseOrderBook(dataSource);
        book.book(Commits.purchaseOrder("erp-legacy-b", "2000", "4500020001", 1, "SUP-BOLT",
                Commits.poLine("10", "HYD-0815", "40.5", "2026-12-20", null)));
        book.markDelivered("4500020001", 1);

        BookedOrder booked = book.find("4500020001").orElseThrow();
        assertThat(booked.erpInstance()).isEqualTo("erp-legacy-b");
        assertThat(booked.deliveredRevision()).isEqualTo(1);
        assertThat(booked.lines().get("10").quantity()).isEqualByComparingTo("40.5");
        assertThat(booked.lines().get("10").deliveryPlant()).isEqualTo("2000");
    }

    @Test
    void shouldKeepAndRecoverSupplierCommitBatchesOnPostgres() throws Exception {
        SupplierCommitBatches batches = new SupplierCommitBatches(null);
        JdbcAggregationRepository before = PurchasingRepositories.batchRepository(dataSource, 1000, 5, Duration.ZERO, () -> true);
        before.start();
        CommitAssessment commit = Commits.accepted(Commits.commit("2000", "4500020002", "SUP-BOLT", ConfirmationType.ACCEPT,
                Commits.commitLine("10", ConfirmationType.ACCEPT, "5", "2026-12-15", null)), "erp-legacy-b", "2000");
        Exchange batch = new DefaultExchange(camel);
        batch.getMessage().setBody(batches.join(null, commit));
        before.add(camel, "erp-legacy-b:2000", batch);
        CommitAssessment second = Commits.accepted(Commits.commit("2000", "4500020003", "SUP-BOLT", ConfirmationType.ACCEPT,
                Commits.commitLine("10", ConfirmationType.ACCEPT, "5", "2026-12-15", null)), "erp-legacy-b", "2000");
        Exchange stored = before.get(camel, "erp-legacy-b:2000");
        stored.getMessage().setBody(batches.join(stored.getMessage().getBody(String.class), second));
        before.add(camel, "erp-legacy-b:2000", stored);
        before.stop();

        JdbcAggregationRepository after = PurchasingRepositories.batchRepository(dataSource, 1000, 5, Duration.ZERO, () -> true);
        after.start();
        Exchange found = after.get(camel, "erp-legacy-b:2000");
        assertThat(Commits.json(found.getMessage().getBody(String.class)).path("commits")).hasSize(2);
        after.remove(camel, "erp-legacy-b:2000", found);
        assertThat(after.getKeys()).isEmpty();
        assertThat(after.scan(camel)).containsExactly(found.getExchangeId());
        assertThat(after.recover(camel, found.getExchangeId()).getMessage().getBody(String.class))
                .isEqualTo(found.getMessage().getBody(String.class));
        after.confirm(camel, found.getExchangeId());
        assertThat(after.scan(camel)).isEmpty();
        after.stop();
    }
}
