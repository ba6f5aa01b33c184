package dev.quartet.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HeatmapTest {

    private static final long MS = 1_000_000L;
    private static final long T0 = 1_732_147_200_000_000_000L;

    @Test
    void bucketsAreLogScaleWithExclusiveUpperBounds() {
        assertEquals(0, Heatmap.bucket(0));
        assertEquals(0, Heatmap.bucket(MS - 1));
        assertEquals(1, Heatmap.bucket(MS));
        assertEquals(2, Heatmap.bucket(2 * MS));
        assertEquals(3, Heatmap.bucket(5 * MS));
        assertEquals(9, Heatmap.bucket(999 * MS));
        assertEquals(10, Heatmap.bucket(1000 * MS));
        assertEquals(10, Heatmap.bucket(3_600_000 * MS));
        assertEquals(11, Heatmap.rowCount());
        assertEquals("< 1 ms", Heatmap.rowLabel(0));
        assertEquals("5-10 ms", Heatmap.rowLabel(3));
        assertEquals(">= 1000 ms", Heatmap.rowLabel(10));
    }

    @Test
    void densityIsBlankOnlyWhenEmptyAndFullOnlyAtTheBusiestCell() {
        assertEquals(0, Heatmap.density(0, 100));
        assertEquals(1, Heatmap.density(1, 100));
        assertEquals(9, Heatmap.density(100, 100));
        assertEquals(8, Heatmap.density(88, 100));
        assertEquals(9, Heatmap.density(1, 1));
    }

    @Test
    void gridHasSixtyColumnsAndOnlyTheOccupiedDurationRows() {
        int n = 600;
        long[] starts = new long[n];
        long[] durations = new long[n];
        for (int i = 0; i < n; i++) {
            starts[i] = T0 + i * 100 * MS; // one request every 100 ms for a minute
            durations[i] = (i % 2 == 0 ? 3 : 30) * MS; // rows 2-5 ms and 20-50 ms only
        }

        List<String> lines = Heatmap.render(starts, durations, Heatmap.MAX_COLUMNS);
        String all = String.join("\n", lines);

        // rows 20-50, 10-20, 5-10, 2-5 (empty rows between occupied ones stay, so the scale reads evenly), then
        // the axis, the time labels and the legend
        assertEquals(7, lines.size(), all);
        assertEquals("    20-50 ms |", lines.get(0).substring(0, 14), all);
        assertEquals("    10-20 ms |", lines.get(1), all);
        assertEquals("     5-10 ms |", lines.get(2), all);
        assertEquals("      2-5 ms |", lines.get(3).substring(0, 14), all);
        for (int row : new int[] {0, 3}) {
            String cells = lines.get(row).substring(14);
            assertEquals(60, cells.length(), all);
            assertTrue(cells.chars().allMatch(c -> c != ' '), all);
            assertTrue(cells.indexOf('@') >= 0, all);
        }
        assertEquals("             +" + "-".repeat(60), lines.get(4));
        assertEquals("              00:00:00Z" + " ".repeat(42) + "00:00:59Z", lines.get(5));
        assertTrue(lines.get(6).startsWith("              column = 998 ms, @ = "), all);
    }

    @Test
    void singleRequestRendersOneCellWithoutDividingByZero() {
        List<String> lines = Heatmap.render(new long[] {T0}, new long[] {4 * MS}, Heatmap.MAX_COLUMNS);

        assertEquals(List.of(
                "      2-5 ms |@",
                "             +-",
                "              00:00:00Z",
                "              all requests started at the same instant, @ = 1 request"), lines);
    }

    @Test
    void requestsAtOneInstantShareOneColumn() {
        List<String> lines = Heatmap.render(new long[] {T0, T0, T0}, new long[] {0, 0, 2000 * MS}, 60);

        assertEquals(Heatmap.rowCount() + 3, lines.size(), String.join("\n", lines));
        assertEquals("  >= 1000 ms |+", lines.get(0)); // 1 of a busiest 2: middle density
        assertEquals(" 500-1000 ms |", lines.get(1));
        assertEquals("      < 1 ms |@", lines.get(10));
        assertEquals("             +-", lines.get(11));
    }

    @Test
    void fewRequestsGetFewerColumns() {
        List<String> lines = Heatmap.render(new long[] {T0, T0 + 1000 * MS, T0 + 2000 * MS},
                new long[] {MS / 2, MS / 2, MS / 2}, 60);

        assertEquals(List.of(
                "      < 1 ms |@@@",
                "             +---",
                "              00:00:00Z",
                "              column = 667 ms, @ = 1 request"), lines);
    }

    @Test
    void noRequestsRenderNothing() {
        assertTrue(Heatmap.render(new long[0], new long[0], 60).isEmpty());
    }
}
