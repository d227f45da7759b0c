package org.mfgsync.visibility.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

/** Nearest-rank percentiles and rates: values a person can check by hand, and no figure where there is nothing. */
class PercentilesTest {

    @Test
    void shouldTakeTheValueAtRankCeilingOfPTimesN() {
        long[] three = { 60_000, 4_000, 10_000 };
        assertThat(Percentiles.nearestRank(three, 0.50)).isEqualTo(10_000L); // rank ⌈1.5⌉ = 2
        assertThat(Percentiles.nearestRank(three, 0.95)).isEqualTo(60_000L); // rank ⌈2.85⌉ = 3
        long[] twenty = LongStream.rangeClosed(1, 20).toArray();
        assertThat(Percentiles.nearestRank(twenty, 0.95)).as("0.95 × 20 is exactly 19").isEqualTo(19L);
        assertThat(Percentiles.nearestRank(twenty, 0.50)).isEqualTo(10L);
        long[] hundred = LongStream.rangeClosed(1, 100).toArray();
        assertThat(Percentiles.nearestRank(hundred, 0.95)).isEqualTo(95L);
        assertThat(Percentiles.nearestRank(new long[] { 1, 2, 3, 4 }, 0.50)).isEqualTo(2L);
    }

    @Test
    void shouldAnswerTheOneValueForEveryPercentileOfOne() {
        assertThat(Percentiles.nearestRank(new long[] { 7 }, 0.50)).isEqualTo(7L);
        assertThat(Percentiles.nearestRank(new long[] { 7 }, 0.95)).isEqualTo(7L);
    }

    @Test
    void shouldAnswerNullForNoValues() {
        assertThat(Percentiles.nearestRank(new long[0], 0.5)).isNull();
    }

    @Test
    void shouldNotReorderTheCallersValues() {
        long[] values = { 3, 1, 2 };
        Percentiles.nearestRank(values, 0.5);
        assertThat(values).containsExactly(3, 1, 2);
    }

    @Test
    void shouldRefuseAPercentileOutsideZeroToOne() {
        assertThatThrownBy(() -> Percentiles.nearestRank(new long[] { 1 }, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Percentiles.nearestRank(new long[] { 1 }, 1.5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldGiveNoRateForAnEmptyDenominator() {
        assertThat(Percentiles.rate(0, 0)).isNull();
        assertThat(Percentiles.rate(0, 4)).isEqualTo(0.0);
        assertThat(Percentiles.rate(3, 4)).isEqualTo(0.75);
    }
}
