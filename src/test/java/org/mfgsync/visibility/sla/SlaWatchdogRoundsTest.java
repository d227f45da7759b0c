package org.mfgsync.visibility.sla;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mfgsync.resilience.ClusterLeases;
import org.mfgsync.resilience.Playbooks;
import org.mfgsync.resilience.ResilienceConfig;
import org.mfgsync.resilience.ResilienceConfig.Decision;
import org.mfgsync.testing.StateDatabase;
import org.mfgsync.visibility.WorkflowTrace;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The watchdog's rounds on H2 with a watch whose answers the test sets, at a fixed time: a subject is raised once
 * however many rounds see it, stays unpublished until the route published it, is cleared once, and is never raised
 * again; the playbook decides escalation; a round without the lease does nothing.
 */
class SlaWatchdogRoundsTest {

    static final OffsetDateTime NOW = OffsetDateTime.of(2026, 11, 27, 8, 0, 0, 0, ZoneOffset.UTC);

    DataSource db;
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    WorkflowTrace trace;
    SlaBreaches breaches;
    ScriptedWatch watch = new ScriptedWatch();
    SlaWatchdog watchdog;

    @BeforeEach
    void setUp() throws Exception {
        db = StateDatabase.create();
        trace = new WorkflowTrace(db, Map::of, meters);
        breaches = new SlaBreaches(db);
        watchdog = new SlaWatchdog(List.of(watch), breaches, new ClusterLeases(db),
                new Playbooks(playbooks(Map.of("quality-containment", Map.of("sla-late-thing", Decision.BUSINESS_ESCALATION)))),
                trace, meters, config(), Clock.fixed(NOW.toInstant(), ZoneOffset.UTC));
    }

    @Test
    void shouldRaiseASubjectOnceWhateverTheRoundsAndPublishItUntilPublished() throws SQLException {
        watch.overdue.add(late("lot-1", "corr-1"));

        List<SlaBreach> first = watchdog.round();
        List<SlaBreach> second = watchdog.round();

        assertThat(first).singleElement().satisfies(breach -> {
            assertThat(breach.subject()).isEqualTo("lot-1");
            assertThat(breach.status()).isEqualTo(SlaBreach.Status.OPEN);
            assertThat(breach.raisedAt()).isEqualTo(NOW);
            assertThat(breach.playbookDecision()).isEqualTo("BUSINESS_ESCALATION");
        });
        assertThat(second).as("not yet published: offered again, not raised again").extracting(SlaBreach::id)
                .containsExactly(first.get(0).id());
        assertThat(breachesCounted()).isEqualTo(1.0);
        assertThat(meters.get("mfgsync.sla.breaches.open").tag("kind", "late-thing").gauge().value()).isEqualTo(1.0);

        breaches.published(first.get(0).id(), NOW);
        assertThat(watchdog.round()).isEmpty();
        assertThat(breaches.list(SlaBreach.Status.OPEN, "late-thing", 10)).hasSize(1);
        assertThat(breachesCounted()).isEqualTo(1.0);
        assertThat(traceSteps("corr-1")).containsExactly("sla-breached");
    }

    @Test
    void shouldClearASettledBreachOnceAndNeverRaiseItsSubjectAgain() throws SQLException {
        watch.overdue.add(late("lot-1", "corr-1"));
        String id = watchdog.round().get(0).id();
        breaches.published(id, NOW);

        watch.settled.put(id, "blocked in the ERP");
        watchdog.round();
        watchdog.round();

        assertThat(breaches.list(SlaBreach.Status.CLEARED, "late-thing", 10)).singleElement()
                .satisfies(cleared -> assertThat(cleared.clearedReason()).isEqualTo("blocked in the ERP"));
        assertThat(meters.counter("mfgsync.sla.breaches.cleared", "kind", "late-thing", "workflow", "quality-containment",
                "step", "erp-blocked").count()).isEqualTo(1.0);
        assertThat(meters.get("mfgsync.sla.breaches.open").tag("kind", "late-thing").gauge().value()).isZero();
        assertThat(breachesCounted()).as("still overdue by the watch's answer, but breached before").isEqualTo(1.0);
        assertThat(traceSteps("corr-1")).containsExactly("sla-breached", "sla-cleared");
    }

    @Test
    void shouldRecordWithoutEscalatingWhereThePlaybookSaysManualReviewAndTraceNothingWithoutAFlow() throws SQLException {
        watchdog = new SlaWatchdog(List.of(watch), breaches, new ClusterLeases(db), new Playbooks(playbooks(Map.of())), trace,
                new SimpleMeterRegistry(), config(), Clock.fixed(NOW.toInstant(), ZoneOffset.UTC));
        watch.overdue.add(late("erp-legacy-a@never", null));

        assertThat(watchdog.round()).singleElement().satisfies(breach -> {
            assertThat(breach.playbookDecision()).isEqualTo("MANUAL_REVIEW");
            assertThat(SlaWatchdog.correlationOf(breach)).isEqualTo("sla-" + breach.id());
        });
        assertThat(traceSteps("sla-" + breaches.list(SlaBreach.Status.OPEN, null, 1).get(0).id())).isEmpty();
    }

    @Test
    void shouldDoNothingWhileAnotherInstanceHoldsTheLease() throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement insert = c.prepareStatement(
                "INSERT INTO mfgsync_cluster_lease (name, owner, lease_until) VALUES ('sla-watchdog', 'other-replica', ?)")) {
            insert.setObject(1, OffsetDateTime.now(ZoneOffset.UTC).plusHours(1));
            insert.executeUpdate();
        }
        watch.overdue.add(late("lot-1", "corr-1"));

        assertThat(watchdog.round()).isEmpty();
        assertThat(breaches.list(SlaBreach.Status.OPEN, null, 10)).isEmpty();
    }

    static SlaWatch.Overdue late(String subject, String correlationId) {
        return new SlaWatch.Overdue(subject, NOW.minusMinutes(1), correlationId, "3000", Map.of("lot", "L-1"), "late");
    }

    double breachesCounted() {
        return meters.counter("mfgsync.sla.breaches", "kind", "late-thing", "workflow", "quality-containment", "step",
                "erp-blocked").count();
    }

    List<String> traceSteps(String correlationId) throws SQLException {
        assertThat(trace.flush(Duration.ofSeconds(10))).isTrue();
        List<String> steps = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement select = c.prepareStatement(
                "SELECT step FROM workflow_step WHERE correlation_id = ? ORDER BY id")) {
            select.setString(1, correlationId);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    steps.add(rs.getString(1));
                }
            }
        }
        return steps;
    }

    /** Answers what the test put in. */
    static final class ScriptedWatch implements SlaWatch {
        final List<Overdue> overdue = new ArrayList<>();
        final Map<String, String> settled = new HashMap<>();

        @Override
        public String kind() {
            return "late-thing";
        }

        @Override
        public String workflow() {
            return "quality-containment";
        }

        @Override
        public String expectedStep() {
            return "erp-blocked";
        }

        @Override
        public List<Overdue> overdue(OffsetDateTime now, OffsetDateTime horizon) {
            return List.copyOf(overdue);
        }

        @Override
        public Map<String, String> settled(List<SlaBreach> open, OffsetDateTime now) {
            Map<String, String> found = new HashMap<>();
            open.forEach(b -> Optional.ofNullable(settled.get(b.id())).ifPresent(reason -> found.put(b.id(), reason)));
            return found;
        }
    }

    static SlaWatchdogConfig config() {
        return new SlaWatchdogConfig() {
            @Override
            public Duration period() {
                return Duration.ofSeconds(30);
            }

            @Override
            public Duration lookback() {
                return Duration.ofDays(7);
            }

            @Override
            public int maxPerRound() {
                return 100;
            }
        };
    }

    /** Playbooks by workflow: error class → decision; the default is manual review. */
    static ResilienceConfig playbooks(Map<String, Map<String, Decision>> byWorkflow) {
        Map<String, ResilienceConfig.Playbook> playbooks = new HashMap<>();
        byWorkflow.forEach((workflow, errors) -> playbooks.put(workflow, new ResilienceConfig.Playbook() {
            @Override
            public Optional<Decision> decision() {
                return Optional.empty();
            }

            @Override
            public Map<String, Decision> errors() {
                return errors;
            }
        }));
        return new ResilienceConfig() {
            @Override
            public Decision defaultDecision() {
                return Decision.MANUAL_REVIEW;
            }

            @Override
            public Map<String, Playbook> playbooks() {
                return playbooks;
            }

            @Override
            public Map<String, TargetPolicy> targets() {
                return Map.of();
            }

            @Override
            public AutoRetry autoRetry() {
                return null;
            }

            @Override
            public Leader leader() {
                return null;
            }

            @Override
            public Map<String, String> continuations() {
                return Map.of();
            }

            @Override
            public Idempotency idempotency() {
                return null;
            }

            @Override
            public int stepConcurrency() {
                return 1;
            }

            @Override
            public int backlogScanLimit() {
                return 1;
            }
        };
    }
}
