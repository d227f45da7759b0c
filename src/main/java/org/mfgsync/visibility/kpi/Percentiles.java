package org.mfgsync.visibility.kpi;

import java.util.Arrays;

/**
 * Percentiles by the nearest-rank method: the p-th percentile of n values is the value at rank ⌈p·n⌉ of the sorted
 * values (1-based). It is always one of the measured values, so a figure can be checked by hand: of 3 values p50 is the
 * 2nd smallest and p95 the largest; of 20 values p95 is the 19th.
 */
public final class Percentiles {

    private Percentiles() {
    }

    /** The p-th percentile (0 &lt; p ≤ 1) of {@code values}, or null when there are none. Does not change the array. */
    public static Long nearestRank(long[] values, double p) {
        if (p <= 0 || p > 1) {
            throw new IllegalArgumentException("a percentile is above 0 and at most 1: " + p);
        }
        if (values.length == 0) {
            return null;
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[rank(sorted.length, p) - 1];
    }

    /** ⌈p·n⌉, at least 1, computed so that 0.95·20 is 19 and not 20 (binary fractions round up otherwise). */
    static int rank(int n, double p) {
        long scaled = Math.round(p * 1_000_000);
        long product = scaled * n;
        int rank = (int) ((product + 999_999) / 1_000_000);
        return Math.max(1, Math.min(n, rank));
    }

    /** numerator / denominator, or null when the denominator is 0 (no rate in an empty period, rather than 0). */
    public static Double rate(long numerator, long denominator) {
        return denominator == 0 ? null : (double) numerator / denominator;
    }
}
