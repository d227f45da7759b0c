package org.mfgsync.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mfgsync.resilience.ExceptionRecord.Filter;
import org.mfgsync.resilience.ExceptionRecord.Status;
import org.mfgsync.resilience.ResilienceConfig.Decision;
import org.mfgsync.testing.StateDatabase;

class ExceptionStoreTest {

    static final OffsetDateTime NOW = OffsetDateTime.of(2026, 11, 27, 8, 0, 0, 0, ZoneOffset.UTC);

    ExceptionStore store;

    @BeforeEach
    void freshDatabase() throws Exception {
        store = new ExceptionStore(StateDatabase.create());
    }

    static ExceptionRecord failure(String key, String po, String supplier, String error) {
        return new ExceptionRecord(null, "quality-containment", "quality.contain-inspection", "erp-cloud", key, "corr-1", "e-1",
                "InspectionCompleted", Map.of("plant", "3000", "purchaseOrder", po, "supplier", supplier, "lot", "L-1"),
                "mfgsync.inspection-completed.v1", "3000:BRK-4711:L-1", "{\"eventType\":\"InspectionCompleted\"}",
                "http-422", error, Decision.MANUAL_REVIEW, Status.OPEN, null, 1, NOW, NOW, null, null);
    }

    @Test
    void shouldCountARepeatedFailureOfTheSameFactOnOneRecord() {
        var first = store.recordFailure(failure("k1", "4500000001", "SUP-1", "HTTP 422"), NOW, null);
        var second = store.recordFailure(failure("k1", "4500000001", "SUP-1", "HTTP 409"), NOW.plusMinutes(5), null);

        assertThat(second.id()).isEqualTo(first.id());
        assertThat(first.first()).isTrue();
        assertThat(second.first()).isFalse();
        ExceptionRecord record = store.find(first.id()).orElseThrow();
        assertThat(record.attempts()).isEqualTo(2);
        assertThat(record.error()).isEqualTo("HTTP 409");
        assertThat(record.firstSeen().toInstant()).isEqualTo(NOW.toInstant());
        assertThat(record.lastSeen().toInstant()).isEqualTo(NOW.plusMinutes(5).toInstant());
        assertThat(record.history()).extracting(ExceptionRecord.Attempt::kind).containsExactly("FAILED", "FAILED");
        assertThat(record.businessKeys()).containsEntry("purchaseOrder", "4500000001");
    }

    @Test
    void shouldReplayAnOpenRecordOnlyOnceAndResolveIt() {
        String id = store.recordFailure(failure("k1", "4500000001", "SUP-1", "HTTP 422"), NOW, null).id();

        assertThat(store.claimForReplay(id, "corr-1", "admin", NOW)).isTrue();
        assertThat(store.claimForReplay(id, "corr-1", "admin", NOW)).as("second, racing replay").isFalse();
        assertThat(store.discard(id, "no longer needed", "admin", NOW)).as("not while replaying").isFalse();
        assertThat(store.resolve(id, "corr-1", NOW)).isTrue();
        assertThat(store.find(id).orElseThrow().status()).isEqualTo(Status.RESOLVED);
    }

    @Test
    void shouldFilterByBusinessKeysAndStatus() {
        store.recordFailure(failure("k1", "4500000001", "SUP-1", "x"), NOW, null);
        store.recordFailure(failure("k2", "4500000001", "SUP-2", "x"), NOW, null);
        String other = store.recordFailure(failure("k3", "4500000002", "SUP-1", "x"), NOW, null).id();
        store.discard(other, "duplicate order", "admin", NOW);

        assertThat(store.list(new Filter(null, null, null, "4500000001", null, null, null), 100)).hasSize(2);
        assertThat(store.list(new Filter(null, null, "SUP-1", null, null, null, null), 100)).hasSize(2);
        assertThat(store.list(new Filter(Status.OPEN, "quality-containment", "SUP-1", null, null, null, null), 100)).hasSize(1);
        assertThat(store.list(new Filter(Status.DISCARDED, null, null, null, null, null, null), 100))
                .singleElement().satisfies(r -> assertThat(r.statusReason()).isEqualTo("duplicate order"));
    }

    @Test
    void shouldOfferDueAutoRetriesUntilTheirAttemptsRunOut() {
        var retry = failure("k1", "4500000001", "SUP-1", "HTTP 409");
        var autoRetry = new ExceptionRecord(null, retry.workflow(), retry.step(), retry.target(), retry.factKey(),
                retry.correlationId(), retry.eventId(), retry.eventType(), retry.businessKeys(), retry.sourceTopic(),
                retry.messageKey(), retry.payload(), "http-409", retry.error(), Decision.AUTO_RETRY, Status.OPEN, null, 1,
                NOW, NOW, null, null);
        String id = store.recordFailure(autoRetry, NOW, NOW.plusMinutes(5)).id();

        assertThat(store.dueForAutoRetry(NOW, 2, 10)).isEmpty();
        assertThat(store.dueForAutoRetry(NOW.plusMinutes(5), 2, 10)).containsExactly(id);
        store.recordFailure(autoRetry, NOW, NOW.plusMinutes(5));
        store.recordFailure(autoRetry, NOW, NOW.plusMinutes(5));
        assertThat(store.dueForAutoRetry(NOW.plusMinutes(5), 2, 10)).as("3 attempts > 2").isEmpty();
    }
}
