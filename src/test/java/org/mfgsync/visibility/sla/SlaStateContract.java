package org.mfgsync.visibility.sla;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mfgsync.purchasing.ErpExportWatch;
import org.mfgsync.purchasing.SupplierCommitWatch;
import org.mfgsync.purchasing.SupplierProfile;
import org.mfgsync.purchasing.SupplierProfiles;
import org.mfgsync.quality.ContainmentBlockWatch;
import org.mfgsync.quality.LotContainments;
import org.mfgsync.visibility.sla.SlaBreach.Status;

/**
 * The SLA watchdog's table access, the same on every state database (H2 in development, PostgreSQL in production): the
 * breach store (raised once per kind and subject, cleared once, published once) and each watch's queries on the state
 * rows the workflows leave. Each test makes its own keys unique: the PostgreSQL variant shares one database.
 */
abstract class SlaStateContract {

    static final OffsetDateTime T0 = OffsetDateTime.of(2026, 11, 27, 8, 0, 0, 0, ZoneOffset.UTC);
    static final OffsetDateTime HORIZON = T0.minusDays(7);

    DataSource dataSource;
    SlaBreaches breaches;
    String run;

    abstract DataSource dataSource() throws Exception;

    @BeforeEach
    void setUp() throws Exception {
        dataSource = dataSource();
        breaches = new SlaBreaches(dataSource);
        run = UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aBreachIsRaisedOnceForItsKindAndSubjectAndClearedOnce() {
        String kind = "test-kind-" + run;
        SlaBreach first = breach(kind, "PO-" + run + ":2", T0);

        assertThat(breaches.raise(first)).contains(first);
        assertThat(breaches.raise(breach(kind, "PO-" + run + ":2", T0.plusSeconds(5)))).as("same subject again").isEmpty();
        assertThat(breaches.known(kind, List.of("PO-" + run + ":2", "PO-" + run + ":3"))).containsExactly("PO-" + run + ":2");
        assertThat(breaches.openByKind()).containsEntry(kind, 1L);

        SlaBreach stored = breaches.open(kind, 10).get(0);
        assertThat(stored.id()).isEqualTo(first.id());
        assertThat(stored.businessKeys()).isEqualTo(Map.of("purchaseOrder", "PO-" + run, "supplier", "SUP-ACME"));
        assertThat(stored.dueAt()).isEqualTo(T0.minusMinutes(1));
        assertThat(stored.playbookDecision()).isEqualTo("MANUAL_REVIEW");

        assertThat(breaches.clear(first.id(), "supplier commit received", T0.plusHours(1))).isTrue();
        assertThat(breaches.clear(first.id(), "again", T0.plusHours(2))).as("cleared once").isFalse();
        assertThat(breaches.open(kind, 10)).isEmpty();
        assertThat(breaches.list(Status.CLEARED, kind, 10)).singleElement().satisfies(cleared -> {
            assertThat(cleared.clearedAt()).isEqualTo(T0.plusHours(1));
            assertThat(cleared.clearedReason()).isEqualTo("supplier commit received");
        });
        assertThat(breaches.raise(breach(kind, "PO-" + run + ":2", T0.plusDays(1)))).as("never raised again").isEmpty();
        assertThat(breaches.openByKind()).doesNotContainKey(kind);
    }

    @Test
    void openBreachesAreListedOldestFirstAndPublishedOnce() {
        String kind = "test-kind-" + run;
        SlaBreach newer = breach(kind, "b-" + run, T0.plusMinutes(5));
        SlaBreach older = breach(kind, "a-" + run, T0);
        breaches.raise(newer);
        breaches.raise(older);

        assertThat(breaches.list(Status.OPEN, kind, 10)).extracting(SlaBreach::id).containsExactly(older.id(), newer.id());
        assertThat(breaches.list(Status.OPEN, kind, 1)).extracting(SlaBreach::id).containsExactly(older.id());
        assertThat(breaches.unpublished(10_000)).extracting(SlaBreach::id).contains(older.id(), newer.id());

        breaches.published(older.id(), T0.plusMinutes(6));
        assertThat(breaches.unpublished(10_000)).extracting(SlaBreach::id).contains(newer.id()).doesNotContain(older.id());
        assertThat(breaches.list(Status.OPEN, kind, 10).get(0).publishedAt()).isEqualTo(T0.plusMinutes(6));
    }

    @Test
    void aContainmentWithoutAnErpBlockIsOverdueAfterItsSlaAndSettledByTheBlock() throws SQLException {
        String lot = "L-" + run;
        String correlationId = "corr-" + run;
        ContainmentBlockWatch watch = new ContainmentBlockWatch(dataSource, () -> Duration.ofSeconds(60));
        // opened at T0 and handed to the ERP's delivery at once (state BLOCKED), the ERP down: no erp-blocked step
        containment(lot, "BLOCKED", correlationId, T0.plusSeconds(2));
        step(correlationId, "quality-containment", "erp-blocked", "HELD", T0);
        step(correlationId, "quality-containment", "scar-opened", "DONE", T0.plusSeconds(3));

        assertThat(subjects(watch.overdue(T0.plusSeconds(59), HORIZON))).doesNotContain(subject(lot, correlationId));
        List<SlaWatch.Overdue> overdue = watch.overdue(T0.plusSeconds(61), HORIZON).stream()
                .filter(o -> o.subjectKey().equals(subject(lot, correlationId))).toList();
        assertThat(overdue).singleElement().satisfies(late -> {
            assertThat(late.dueAt()).as("from the flow's first step").isEqualTo(T0.plusSeconds(60));
            assertThat(late.correlationId()).isEqualTo(correlationId);
            assertThat(late.plant()).isEqualTo("3000");
            assertThat(late.businessKeys()).containsEntry("lot", lot).containsEntry("item", "BRK-4711")
                    .containsEntry("supplier", "SUP-100");
        });
        assertThat(subjects(watch.overdue(T0.plusSeconds(61), T0.plusSeconds(10)))).as("out of the lookback")
                .doesNotContain(subject(lot, correlationId));

        SlaBreach open = breach("containment-not-blocked", subject(lot, correlationId), T0.plusSeconds(61), correlationId,
                Map.of("item", "BRK-4711", "lot", lot));
        assertThat(watch.settled(List.of(open), T0.plusSeconds(62))).isEmpty();

        step(correlationId, "quality-containment", "erp-blocked", "DONE", T0.plusSeconds(90));
        assertThat(subjects(watch.overdue(T0.plusSeconds(91), HORIZON))).doesNotContain(subject(lot, correlationId));
        assertThat(watch.settled(List.of(open), T0.plusSeconds(91))).containsEntry(open.id(), "blocked in the ERP");
    }

    @Test
    void aContainmentWhoseBlockTheErpConfirmedIsNotReadAgain() throws SQLException {
        String lot = "L-" + run;
        String correlationId = "corr-" + run;
        ContainmentBlockWatch watch = new ContainmentBlockWatch(dataSource, () -> Duration.ofSeconds(60));
        containment(lot, "BLOCKED", correlationId, T0.plusSeconds(2));
        step(correlationId, "quality-containment", "erp-blocked", "HELD", T0);
        assertThat(subjects(watch.overdue(T0.plusSeconds(61), HORIZON))).contains(subject(lot, correlationId));

        // the ERP delivery's continuation marks the containment confirmed (its trace step may be written later)
        assertThat(new LotContainments(dataSource).erpBlocked("3000", "BRK-4711", lot, correlationId, T0.plusSeconds(4))).isTrue();

        assertThat(subjects(watch.overdue(T0.plusSeconds(61), HORIZON))).as("no erp-blocked DONE step in the trace, yet not read")
                .doesNotContain(subject(lot, correlationId));
    }

    @Test
    void aDeliveredRevisionWithoutACommitIsOverdueAfterItsSuppliersHoursAndSettledByTheCommit() throws SQLException {
        String po = "PO-" + run;
        String correlationId = "corr-po-" + run;
        SupplierCommitWatch watch = new SupplierCommitWatch(dataSource, () -> Duration.ofHours(48), profiles(24));
        purchaseOrder(po, "SUP-ACME", 2, 2, "erp-cloud", correlationId, T0);
        step(correlationId, "po-revision", "supplier-delivered", "DONE", T0.plusMinutes(1));
        // a commit to the revision before: not an answer to this one
        String oldCommit = "corr-commit-old-" + run;
        key(oldCommit, "purchaseOrder", po, T0.minusDays(1));
        step(oldCommit, "supplier-commit", "risk-classified", "DONE", T0.minusDays(1));

        assertThat(subjects(watch.overdue(T0.plusHours(24), HORIZON))).doesNotContain(po + ":2");
        assertThat(watch.overdue(T0.plusHours(25), HORIZON).stream().filter(o -> o.subjectKey().equals(po + ":2")).toList())
                .singleElement().satisfies(late -> {
                    assertThat(late.dueAt()).isEqualTo(T0.plusMinutes(1).plusHours(24));
                    assertThat(late.correlationId()).isEqualTo(correlationId);
                    assertThat(late.businessKeys()).isEqualTo(Map.of("purchaseOrder", po, "supplier", "SUP-ACME"));
                });

        SlaBreach open = breach("supplier-commit-missing", po + ":2", T0.plusHours(25), correlationId,
                Map.of("purchaseOrder", po, "supplier", "SUP-ACME"));
        assertThat(watch.settled(List.of(open), T0.plusHours(25))).isEmpty();

        String commit = "corr-commit-" + run;
        key(commit, "purchaseOrder", po, T0.plusHours(26));
        step(commit, "supplier-commit", "risk-classified", "DONE", T0.plusHours(26));
        assertThat(subjects(watch.overdue(T0.plusHours(27), HORIZON))).doesNotContain(po + ":2");
        assertThat(watch.settled(List.of(open), T0.plusHours(27))).containsOnlyKeys(open.id())
                .hasValueSatisfying(new org.assertj.core.api.Condition<>(r -> r.startsWith("supplier commit received"), "commit"));
    }

    @Test
    void anErpInstanceWithoutAnExportInItsWindowIsOverdueAndSettledByTheNextExport() throws SQLException {
        String instance = "erp-test-" + run;
        ErpExportWatch watch = new ErpExportWatch(dataSource, () -> Map.of(instance, Duration.ofHours(26)));
        purchaseOrder("PA-" + run, "SUP-ACME", 1, null, instance, "corr-pa-" + run, T0);
        // the later export changed no PO: only its file intake says it arrived
        fileIntake(instance + ":POEXPORT_20261127.csv:" + run, T0.plusHours(1));
        fileIntake("other-" + instance + ":POEXPORT_20261128.csv:" + run, T0.plusHours(20));

        assertThat(watch.overdue(T0.plusHours(27), HORIZON)).isEmpty();
        List<SlaWatch.Overdue> overdue = watch.overdue(T0.plusHours(27).plusMinutes(1), HORIZON);
        assertThat(overdue).singleElement().satisfies(late -> {
            assertThat(late.subjectKey()).isEqualTo(instance + "@" + T0.plusHours(1));
            assertThat(late.dueAt()).isEqualTo(T0.plusHours(27));
            assertThat(late.correlationId()).as("a heartbeat belongs to no flow").isNull();
        });

        SlaBreach open = breach("erp-export-missing", overdue.get(0).subjectKey(), T0.plusHours(28), null, Map.of());
        assertThat(watch.settled(List.of(open), T0.plusHours(28))).isEmpty();
        purchaseOrder("PB-" + run, "SUP-ACME", 1, null, instance, "corr-pb-" + run, T0.plusHours(30));
        assertThat(watch.settled(List.of(open), T0.plusHours(30))).containsEntry(open.id(),
                "export arrived at " + T0.plusHours(30));
    }

    SlaBreach breach(String kind, String subject, OffsetDateTime raisedAt) {
        return breach(kind, subject, raisedAt, "corr-" + subject,
                Map.of("purchaseOrder", subject.split(":")[0], "supplier", "SUP-ACME"));
    }

    static SlaBreach breach(String kind, String subject, OffsetDateTime raisedAt, String correlationId,
            Map<String, String> keys) {
        return new SlaBreach(UUID.randomUUID().toString(), kind, subject, "po-revision", "commit-received", Status.OPEN,
                correlationId, "3000", keys, "late", T0.minusMinutes(1), raisedAt, "MANUAL_REVIEW", null, null, null);
    }

    static String subject(String lot, String correlationId) {
        return "3000:BRK-4711:" + lot + "@" + correlationId;
    }

    static List<String> subjects(List<SlaWatch.Overdue> overdue) {
        return overdue.stream().map(SlaWatch.Overdue::subjectKey).toList();
    }

    static SupplierProfiles profiles(Integer commitHours) {
        return new SupplierProfiles(null) {
            @Override
            public Optional<SupplierProfile> find(String supplier) {
                return Optional.of(new SupplierProfile(supplier, "Test supplier", "supplier-acme", "supplier-standard-csv",
                        List.of(), new SupplierProfile.Contact("buyer", "Dana Buyer", null), commitHours));
            }
        };
    }

    void containment(String lot, String state, String correlationId, OffsetDateTime updatedAt) throws SQLException {
        update("INSERT INTO quality_containment (plant, item, lot, supplier, quantity, unit_of_measure, state, opened_by_key, "
                + "opened_by_reference, correlation_id, updated_at) VALUES ('3000', 'BRK-4711', ?, 'SUP-100', 500, 'EA', ?, "
                + "?, ?, ?, ?)", lot, state, "qms:3000:IL-" + lot + ":REJECTED", "IL-" + lot, correlationId, ts(updatedAt));
    }

    void step(String correlationId, String workflow, String step, String outcome, OffsetDateTime at) throws SQLException {
        update("INSERT INTO workflow_step (correlation_id, workflow, step, outcome, started_at, recorded_at, sla_breached) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)", correlationId, workflow, step, outcome, ts(at), ts(at), false);
    }

    void key(String correlationId, String name, String value, OffsetDateTime at) throws SQLException {
        update("INSERT INTO trace_key (correlation_id, key_name, key_value, first_seen_at) VALUES (?, ?, ?, ?)",
                correlationId, name, value, ts(at));
    }

    void purchaseOrder(String po, String supplier, int revision, Integer delivered, String erp, String correlationId,
            OffsetDateTime updatedAt) throws SQLException {
        update("INSERT INTO purchase_order_book (purchase_order, supplier, revision, change_type, erp_instance, plant, "
                + "delivered_revision, correlation_id, updated_at) VALUES (?, ?, ?, 'REVISED', ?, '3000', ?, ?, ?)", po,
                supplier, revision, erp, delivered, correlationId, ts(updatedAt));
    }

    void fileIntake(String key, OffsetDateTime at) throws SQLException {
        update("INSERT INTO CAMEL_MESSAGEPROCESSED (processorName, messageId, createdAt, state) VALUES "
                + "('connectors.file-intake', ?, ?, 'DONE')", key, ts(at));
    }

    void update(String sql, Object... values) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                if (values[i] == null) {
                    statement.setNull(i + 1, java.sql.Types.INTEGER);
                } else {
                    statement.setObject(i + 1, values[i]);
                }
            }
            statement.executeUpdate();
        }
    }

    static Timestamp ts(OffsetDateTime at) {
        return Timestamp.from(at.toInstant());
    }
}
