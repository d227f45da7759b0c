package org.mfgsync.governance.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class SenderThrottleTest {

    final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void shouldLetABurstThroughThenAskToWaitForTheNextToken() {
        SenderThrottle throttle = new SenderThrottle(2, 3, now::get);
        assertThat(throttle.take()).isZero();
        assertThat(throttle.take()).isZero();
        assertThat(throttle.take()).isZero();
        assertThat(throttle.remaining()).isZero();
        assertThat(throttle.take()).as("one token every 500 ms").isEqualTo(TimeUnit.MILLISECONDS.toNanos(500));

        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(200));
        assertThat(throttle.take()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(300));
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(300));
        assertThat(throttle.take()).isZero();
        assertThat(throttle.take()).isPositive();
    }

    @Test
    void shouldRefillUpToTheBurstOnly() {
        SenderThrottle throttle = new SenderThrottle(10, 2, now::get);
        now.addAndGet(TimeUnit.SECONDS.toNanos(60));
        assertThat(throttle.take()).isZero();
        assertThat(throttle.take()).isZero();
        assertThat(throttle.take()).as("a quiet minute does not save up more than the burst").isPositive();
        assertThat(throttle.burst()).isEqualTo(2);
        assertThat(new SenderThrottle(0.5, 3, now::get).windowSeconds()).as("3 calls at 0.5 a second").isEqualTo(6);
    }

    @Test
    void shouldReportTheRefusalsOncePerPeriod() {
        SenderThrottle throttle = new SenderThrottle(1, 1, now::get);
        long period = TimeUnit.SECONDS.toNanos(10);
        assertThat(throttle.take()).isZero();
        assertThat(throttle.refusalsToReport(period)).as("nothing refused yet").isZero();
        throttle.take();
        throttle.take();
        assertThat(throttle.refusalsToReport(period)).as("the first refusals are reported at once").isEqualTo(2);
        throttle.take();
        assertThat(throttle.refusalsToReport(period)).as("within the period: counted, not reported").isZero();
        throttle.take();
        now.addAndGet(period);
        throttle.take();
        throttle.take();
        assertThat(throttle.refusalsToReport(period)).as("the period's refusals").isEqualTo(3);
    }

    @Test
    void shouldRefuseALimitThatLetsNothingThrough() {
        assertThatThrownBy(() -> new SenderThrottle(0, 5, now::get)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SenderThrottle(5, 0, now::get)).isInstanceOf(IllegalArgumentException.class);
    }
}
