package dev.quartet.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Summarises {@code traces.jsonl} the way a Honeycomb user first queries a service: request count, errors and
 * latency percentiles per route, the slowest traces, and a latency heatmap.
 *
 * <p>Only SERVER spans count as requests: client and internal spans are parts of a request, and including them would
 * count one request several times. The route is the span name, which HTTP server instrumentation sets to
 * {@code "{METHOD} {http.route}"} (just {@code "{METHOD}"} without a route, shown as "GET (no route matched)"), so
 * it already has low cardinality. Faults, errors and throttles are counted as in every section ({@link Outcomes}).
 *
 * <p>INTERNAL spans — the method spans of a rules file ({@code QUARTET_RULES_FILE}, docs/RULES.md) — get a table of
 * their own: count, errors and latency per span name.
 */
final class TracesSection implements ReportSection {

    static final String FILE_NAME = "traces.jsonl";

    private static final String ROUTE_ROW = "%-37s %6s %7s %7s %9s %8s %8s %8s %8s%n";
    /** A span name that is an HTTP method alone. */
    private static final Pattern HTTP_METHOD = Pattern.compile("[A-Z]+");
    private static final String SLOW_ROW = "%11s  %-6s  %-38s  %s%n";
    private static final String METHOD_ROW = "%-37s %6s %7s %8s %8s %8s %8s%n";

    private final int topTraces;

    TracesSection(int topTraces) {
        this.topTraces = topTraces;
    }

    @Override
    public String fileName() {
        return FILE_NAME;
    }

    @Override
    public String itemsNoun() {
        return "spans";
    }

    @Override
    public void render(Path file, PrintStream out) throws IOException {
        Totals totals = new Totals();
        OtlpJsonSpans.ReadSummary read = OtlpJsonSpans.read(file, totals::add);
        String unreadable = plural(read.unreadableLines, "unreadable line");
        if (totals.spans == 0) {
            out.printf("%s: no spans, %s%n", FILE_NAME, unreadable);
            return;
        }
        out.printf("%s: %s in %s (%s), %s .. %s, %s%n", FILE_NAME,
                plural(totals.spans, "span"), plural(totals.traceIds.size(), "trace"),
                plural(totals.server.size(), "server span"),
                isoSeconds(totals.firstStart), isoSeconds(totals.lastEnd), unreadable);
        if (totals.server.isEmpty()) {
            out.println();
            out.println("No server spans (kind SERVER), so no requests to summarise.");
            return;
        }
        out.println();
        printRoutes(totals.server, out);
        if (!totals.methods.isEmpty()) {
            out.println();
            printMethods(totals.methods, out);
        }
        if (topTraces > 0) {
            out.println();
            printSlowest(totals.server, topTraces, out);
        }
        out.println();
        printHeatmap(totals.server, out);
    }

    private static void printRoutes(List<SpanRecord> server, PrintStream out) {
        Map<String, Route> byRoute = new TreeMap<>();
        Route all = new Route();
        for (SpanRecord span : server) {
            byRoute.computeIfAbsent(route(span), k -> new Route()).add(span);
            all.add(span);
        }
        List<Map.Entry<String, Route>> rows = new ArrayList<>(byRoute.entrySet());
        // TreeMap already orders by name, and the sort is stable, so equal counts stay alphabetical.
        rows.sort(Comparator.comparingLong((Map.Entry<String, Route> e) -> e.getValue().durations.count()).reversed());

        out.println("Requests by route (server spans; " + Outcomes.LEGEND + ")");
        out.printf(Locale.ROOT, ROUTE_ROW, "ROUTE", "COUNT", "FAULTS", "ERRORS", "THROTTLES", "P50_MS", "P90_MS",
                "P99_MS", "MAX_MS");
        for (Map.Entry<String, Route> row : rows) {
            printRouteRow(row.getKey(), row.getValue(), out);
        }
        printRouteRow("ALL", all, out);
    }

    private static void printRouteRow(String route, Route row, PrintStream out) {
        DurationStats stats = row.durations;
        out.printf(Locale.ROOT, ROUTE_ROW, route, stats.count(), row.outcomes.faults, row.outcomes.errors,
                row.outcomes.throttles, millis(stats.percentile(50)), millis(stats.percentile(90)),
                millis(stats.percentile(99)), millis(stats.max()));
    }

    private static void printMethods(Map<String, DurationStats> methods, PrintStream out) {
        List<Map.Entry<String, DurationStats>> rows = new ArrayList<>(methods.entrySet());
        rows.sort(Comparator.comparingLong((Map.Entry<String, DurationStats> e) -> e.getValue().count()).reversed());
        out.println("Method spans by name (internal spans: the rules file's methods; errors: an exception thrown)");
        out.printf(Locale.ROOT, METHOD_ROW, "SPAN", "COUNT", "ERRORS", "P50_MS", "P90_MS", "P99_MS", "MAX_MS");
        for (Map.Entry<String, DurationStats> row : rows) {
            DurationStats stats = row.getValue();
            out.printf(Locale.ROOT, METHOD_ROW, row.getKey().isEmpty() ? "(unnamed)" : row.getKey(), stats.count(),
                    stats.errors(), millis(stats.percentile(50)), millis(stats.percentile(90)),
                    millis(stats.percentile(99)), millis(stats.max()));
        }
    }

    /** One row of the route table. */
    private static final class Route {
        final DurationStats durations = new DurationStats();
        final Outcomes outcomes = new Outcomes();

        void add(SpanRecord span) {
            durations.add(span.durationNanos(), span.isError());
            outcomes.addResponse(span.httpStatus(), span.isError());
        }
    }

    /**
     * A trace is as slow as its slowest server span (normally the entry point; with several instrumented services in
     * one file, a downstream call is never slower than the request waiting for it). One row per trace, so one slow
     * request does not fill the list with its own downstream hops.
     */
    static List<SpanRecord> slowestTraces(List<SpanRecord> server, int limit) {
        Comparator<SpanRecord> slowestFirst = Comparator.comparingLong(SpanRecord::durationNanos).reversed()
                .thenComparingLong(SpanRecord::startNanos)
                .thenComparing(SpanRecord::traceId);
        Map<String, SpanRecord> byTrace = new HashMap<>();
        for (SpanRecord span : server) {
            byTrace.merge(span.traceId(), span, (a, b) -> slowestFirst.compare(a, b) <= 0 ? a : b);
        }
        List<SpanRecord> traces = new ArrayList<>(byTrace.values());
        traces.sort(slowestFirst);
        return traces.subList(0, Math.min(limit, traces.size()));
    }

    private static void printSlowest(List<SpanRecord> server, int limit, PrintStream out) {
        out.println("Slowest traces");
        out.printf(Locale.ROOT, SLOW_ROW, "DURATION_MS", "STATUS", "ROUTE", "TRACE_ID");
        for (SpanRecord span : slowestTraces(server, limit)) {
            int status = span.httpStatus();
            out.printf(Locale.ROOT, SLOW_ROW, millis(span.durationNanos()), status < 0 ? "-" : status, route(span),
                    span.traceId());
        }
    }

    private static void printHeatmap(List<SpanRecord> server, PrintStream out) {
        long[] starts = new long[server.size()];
        long[] durations = new long[server.size()];
        for (int i = 0; i < starts.length; i++) {
            starts[i] = server.get(i).startNanos();
            durations[i] = server.get(i).durationNanos();
        }
        out.println("Heatmap of duration_ms (rows: duration, columns: time; darker = more requests)");
        for (String line : Heatmap.render(starts, durations, Heatmap.MAX_COLUMNS)) {
            out.println(line);
        }
    }

    /**
     * The span's name; a name that is only a method is a request no route of the app matched (a 404, say): the
     * instrumentation names such spans {@code "{METHOD}"}, which alone would read like a route.
     */
    static String route(SpanRecord span) {
        String name = span.name();
        if (name.isEmpty()) {
            return "(unnamed)";
        }
        return HTTP_METHOD.matcher(name).matches() ? name + " (no route matched)" : name;
    }

    static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.2f", nanos / 1e6);
    }

    static String isoSeconds(long epochNanos) {
        Instant instant = Instant.ofEpochSecond(0, epochNanos).truncatedTo(ChronoUnit.SECONDS);
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    static String plural(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** What the report keeps while streaming: counts for every span, the spans themselves only for requests. */
    private static final class Totals {
        long spans;
        final Set<String> traceIds = new HashSet<>();
        long firstStart = Long.MAX_VALUE;
        long lastEnd = Long.MIN_VALUE;
        final List<SpanRecord> server = new ArrayList<>();
        /** Durations of INTERNAL spans by name; TreeMap: equal counts print alphabetically. */
        final Map<String, DurationStats> methods = new TreeMap<>();

        void add(SpanRecord span) {
            spans++;
            traceIds.add(span.traceId());
            firstStart = Math.min(firstStart, span.startNanos());
            lastEnd = Math.max(lastEnd, span.endNanos());
            if (span.isServer()) {
                server.add(span);
            } else if (span.isInternal()) {
                methods.computeIfAbsent(span.name(), k -> new DurationStats())
                        .add(span.durationNanos(), span.statusCode() == SpanRecord.STATUS_ERROR);
            }
        }
    }
}
