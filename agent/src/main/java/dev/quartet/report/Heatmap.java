package dev.quartet.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A text version of Honeycomb's latency heatmap: request start time across, duration bucket up, with each cell's
 * character showing how many requests fell in it relative to the busiest cell.
 *
 * <p>Duration rows are log-scale (1-2-5 steps) because web latencies span orders of magnitude; linear rows would
 * squash every fast request into the bottom line.
 */
final class Heatmap {

    static final String DENSITY = " .:-=+*#%@";
    static final int MAX_COLUMNS = 60;

    /** Upper bounds (exclusive) of every row but the last, in milliseconds. */
    private static final long[] BOUNDS_MS = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000};
    private static final int LABEL_WIDTH = 12;
    private static final String ROW_LABEL = "%" + LABEL_WIDTH + "s |";
    private static final String MARGIN = " ".repeat(LABEL_WIDTH + 2);
    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("HH:mm:ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private Heatmap() {}

    static int rowCount() {
        return BOUNDS_MS.length + 1;
    }

    /** Row index for a duration, 0 being the fastest row. */
    static int bucket(long durationNanos) {
        for (int i = 0; i < BOUNDS_MS.length; i++) {
            if (durationNanos < BOUNDS_MS[i] * 1_000_000L) {
                return i;
            }
        }
        return BOUNDS_MS.length;
    }

    static String rowLabel(int bucket) {
        if (bucket == 0) {
            return "< " + BOUNDS_MS[0] + " ms";
        }
        if (bucket == BOUNDS_MS.length) {
            return ">= " + BOUNDS_MS[BOUNDS_MS.length - 1] + " ms";
        }
        return BOUNDS_MS[bucket - 1] + "-" + BOUNDS_MS[bucket] + " ms";
    }

    /**
     * Renders the grid, axis, time labels and legend; {@code starts[i]} and {@code durations[i]} describe request i.
     * Returns no lines for no requests.
     */
    static List<String> render(long[] starts, long[] durations, int maxColumns) {
        List<String> lines = new ArrayList<>();
        int n = starts.length;
        if (n == 0) {
            return lines;
        }
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (long start : starts) {
            first = Math.min(first, start);
            last = Math.max(last, start);
        }
        long range = last - first;
        // A single instant cannot be sliced; one column still shows the duration spread. Fewer requests than
        // columns would leave the map mostly blank, so the column count also never exceeds the request count.
        int columns = range <= 0 ? 1 : Math.max(1, Math.min(maxColumns, n));

        int rows = rowCount();
        long[][] cells = new long[rows][columns];
        for (int i = 0; i < n; i++) {
            int column = range <= 0 ? 0 : (int) Math.min(columns - 1, (double) (starts[i] - first) / range * columns);
            cells[bucket(durations[i])][column]++;
        }

        long busiest = 0;
        int lowestRow = rows;
        int highestRow = -1;
        for (int row = 0; row < rows; row++) {
            for (int column = 0; column < columns; column++) {
                if (cells[row][column] > 0) {
                    busiest = Math.max(busiest, cells[row][column]);
                    lowestRow = Math.min(lowestRow, row);
                    highestRow = Math.max(highestRow, row);
                }
            }
        }

        for (int row = highestRow; row >= lowestRow; row--) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, ROW_LABEL, rowLabel(row)));
            for (int column = 0; column < columns; column++) {
                line.append(DENSITY.charAt(density(cells[row][column], busiest)));
            }
            lines.add(line.toString().stripTrailing());
        }
        lines.add(" ".repeat(LABEL_WIDTH + 1) + "+" + "-".repeat(columns));
        lines.add(MARGIN + timeAxis(first, last, columns));
        String slice = range <= 0
                ? "all requests started at the same instant"
                : "column = " + humanDuration(range / columns);
        lines.add(MARGIN + slice + ", " + DENSITY.charAt(DENSITY.length() - 1) + " = " + busiest
                + (busiest == 1 ? " request" : " requests"));
        return lines;
    }

    /**
     * Index into {@link #DENSITY}, rounding up: every non-empty cell gets at least the lightest mark, so a lone
     * request in a busy period stays visible, and the busiest cell gets the darkest.
     */
    static int density(long count, long busiest) {
        if (count <= 0 || busiest <= 0) {
            return 0;
        }
        int levels = DENSITY.length() - 1;
        return (int) Math.min(levels, (count * levels + busiest - 1) / busiest);
    }

    private static String timeAxis(long firstNanos, long lastNanos, int columns) {
        String from = clock(firstNanos);
        String to = clock(lastNanos);
        int gap = columns - from.length() - to.length();
        if (gap < 1 || from.equals(to)) {
            return from;
        }
        return from + " ".repeat(gap) + to;
    }

    static String clock(long epochNanos) {
        return CLOCK.format(Instant.ofEpochSecond(0, epochNanos));
    }

    private static String humanDuration(long nanos) {
        double ms = nanos / 1e6;
        if (ms < 1000) {
            return String.format(Locale.ROOT, "%.0f ms", ms);
        }
        if (ms < 120_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000);
        }
        return String.format(Locale.ROOT, "%.1f min", ms / 60_000);
    }
}
