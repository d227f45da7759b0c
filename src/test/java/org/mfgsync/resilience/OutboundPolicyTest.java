package org.mfgsync.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import org.apache.camel.http.base.HttpOperationFailedException;
import org.junit.jupiter.api.Test;
import org.mfgsync.resilience.ResilienceConfig.TargetPolicy;

class OutboundPolicyTest {

    static final TargetPolicy POLICY = new TargetPolicy() {
        public long holdRoundMillis() { return 120_000; }
        public long initialDelayMillis() { return 500; }
        public double multiplier() { return 2.0; }
        public long maxDelayMillis() { return 30_000; }
        public double jitter() { return 0.2; }
        public int concurrency() { return 1; }
        public int breakerRequestVolume() { return 20; }
        public int breakerFailureRatio() { return 50; }
        public long breakerOpenMillis() { return 10_000; }
        public Map<String, String> operations() { return Map.of(); }
    };

    @Test
    void shouldBackOffExponentiallyUpToTheMaximum() {
        assertThat(OutboundPolicy.delayMillis(POLICY, 1, null, () -> 0.5)).isEqualTo(500);
        assertThat(OutboundPolicy.delayMillis(POLICY, 2, null, () -> 0.5)).isEqualTo(1000);
        assertThat(OutboundPolicy.delayMillis(POLICY, 4, null, () -> 0.5)).isEqualTo(4000);
        assertThat(OutboundPolicy.delayMillis(POLICY, 20, null, () -> 0.5)).isEqualTo(30_000);
    }

    @Test
    void shouldSpreadDelaysByTheJitter() {
        assertThat(OutboundPolicy.delayMillis(POLICY, 3, null, () -> 0.0)).isEqualTo(1600);
        assertThat(OutboundPolicy.delayMillis(POLICY, 3, null, () -> 1.0)).isEqualTo(2400);
    }

    @Test
    void shouldNeverRetryBeforeTheTargetsRetryAfterButCapIt() {
        assertThat(OutboundPolicy.delayMillis(POLICY, 1, 7_000L, () -> 0.5)).isEqualTo(7_000);
        assertThat(OutboundPolicy.delayMillis(POLICY, 5, 1_000L, () -> 0.5)).as("backoff already longer").isEqualTo(8_000);
        assertThat(OutboundPolicy.delayMillis(POLICY, 1, 3_600_000L, () -> 0.5)).isEqualTo(30_000);
    }

    @Test
    void shouldReadRetryAfterInSecondsOrAsAnHttpDateOn429And503Only() {
        Instant now = Instant.parse("2026-11-27T08:00:00Z");
        assertThat(OutboundPolicy.retryAfterMillis(failure(503, "12"), now)).isEqualTo(12_000);
        assertThat(OutboundPolicy.retryAfterMillis(failure(429, "Fri, 27 Nov 2026 08:00:30 GMT"), now)).isEqualTo(30_000);
        assertThat(OutboundPolicy.retryAfterMillis(failure(500, "12"), now)).isNull();
        assertThat(OutboundPolicy.retryAfterMillis(failure(503, "soon"), now)).isNull();
        assertThat(OutboundPolicy.retryAfterMillis(new RuntimeException(failure(503, "2")), now))
                .as("seen through the circuit breaker's wrapper").isEqualTo(2_000);
    }

    static HttpOperationFailedException failure(int status, String retryAfter) {
        return new HttpOperationFailedException("http://erp/x", status, "status", null, Map.of("retry-after", retryAfter), "");
    }
}
