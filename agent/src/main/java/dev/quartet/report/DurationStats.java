package dev.quartet.report;

import java.util.Arrays;

/**
 * Count, errors and latency percentiles of a group of spans.
 *
 * <p>Percentiles use the nearest-rank method: the p-th percentile of n sorted values is the value at 1-based rank
 * {@code ceil(p / 100 * n)} (at least 1). It never interpolates, so every number printed is a latency that some
 * request actually had, and it is easy to check by hand: for 1..100 ms, P50 = 50, P90 = 90, P99 = 99.
 */
final class DurationStats {

    private long[] durations = new long[16];
    private int count;
    private long errors;
    private boolean sorted = true;

    void add(long durationNanos, boolean error) {
        if (count == durations.length) {
            durations = Arrays.copyOf(durations, count * 2);
        }
        if (count > 0 && durationNanos < durations[count - 1]) {
            sorted = false;
        }
        durations[count++] = durationNanos;
        if (error) {
            errors++;
        }
    }

    long count() {
        return count;
    }

    long errors() {
        return errors;
    }

    /** Nearest-rank percentile in nanoseconds; 0 for an empty group. */
    long percentile(double p) {
        return nearestRank(sortedDurations(), count, p);
    }

    long max() {
        return count == 0 ? 0L : sortedDurations()[count - 1];
    }

    private long[] sortedDurations() {
        if (!sorted) {
            Arrays.sort(durations, 0, count);
            sorted = true;
        }
        return durations;
    }

    /** Nearest-rank percentile of the first {@code n} values of {@code sorted} (ascending). */
    static long nearestRank(long[] sorted, int n, double p) {
        if (n <= 0) {
            return 0L;
        }
        if (p < 0 || p > 100 || Double.isNaN(p)) {
            throw new IllegalArgumentException("percentile out of range: " + p);
        }
        // p / 100 * n in floating point can land a hair above an integer (e.g. 0.29 * 100), pushing ceil one rank
        // too high; rounding to 1e-9 first keeps exact ranks exact.
        double exactRank = Math.round(p / 100.0 * n * 1e9) / 1e9;
        int rank = (int) Math.ceil(exactRank);
        return sorted[Math.min(n, Math.max(1, rank)) - 1];
    }
}
