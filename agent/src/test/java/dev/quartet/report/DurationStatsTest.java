package dev.quartet.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class DurationStatsTest {

    private static final long MS = 1_000_000L;

    @Test
    void nearestRankOnOneToHundredMillis() {
        List<Long> values = new ArrayList<>();
        for (long i = 1; i <= 100; i++) {
            values.add(i * MS);
        }
        Collections.shuffle(values, new java.util.Random(42));
        DurationStats stats = new DurationStats();
        values.forEach(v -> stats.add(v, false));

        assertEquals(100, stats.count());
        assertEquals(50 * MS, stats.percentile(50));
        assertEquals(90 * MS, stats.percentile(90));
        assertEquals(99 * MS, stats.percentile(99));
        assertEquals(100 * MS, stats.max());
    }

    @Test
    void nearestRankRoundsRanksUpAndNeverInterpolates() {
        DurationStats stats = new DurationStats();
        for (long v : new long[] {40, 10, 30, 20}) {
            stats.add(v, false);
        }
        // n = 4: P50 -> rank 2, P90 -> ceil(3.6) = 4, P99 -> ceil(3.96) = 4, P25 -> rank 1.
        assertEquals(20, stats.percentile(50));
        assertEquals(40, stats.percentile(90));
        assertEquals(40, stats.percentile(99));
        assertEquals(10, stats.percentile(25));
        assertEquals(10, stats.percentile(0));
    }

    @Test
    void floatingPointDoesNotBumpAnExactRank() {
        long[] sorted = new long[100];
        for (int i = 0; i < 100; i++) {
            sorted[i] = i + 1;
        }
        // 0.29 * 100 is 28.999999999999996 or 29.000000000000004 depending on the order of operations.
        assertEquals(29, DurationStats.nearestRank(sorted, 100, 29));
        assertEquals(57, DurationStats.nearestRank(sorted, 100, 57));
    }

    @Test
    void singleValueAndEmptyGroup() {
        DurationStats one = new DurationStats();
        one.add(7, true);
        assertEquals(7, one.percentile(50));
        assertEquals(7, one.percentile(99));
        assertEquals(1, one.errors());

        DurationStats none = new DurationStats();
        assertEquals(0, none.percentile(50));
        assertEquals(0, none.max());
        assertEquals(0, none.count());
    }

    @Test
    void growsPastItsInitialCapacity() {
        DurationStats stats = new DurationStats();
        for (int i = 1000; i >= 1; i--) {
            stats.add(i, i % 10 == 0);
        }
        assertEquals(1000, stats.count());
        assertEquals(100, stats.errors());
        assertEquals(500, stats.percentile(50));
        assertEquals(1000, stats.max());
    }
}
