package dev.quartet.report;

import static dev.quartet.report.Otlp.line;
import static dev.quartet.report.Otlp.server;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {

    @TempDir
    Path dir;

    private String stdout = "";
    private String stderr = "";

    private int run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ReportCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        stdout = out.toString(StandardCharsets.UTF_8);
        stderr = err.toString(StandardCharsets.UTF_8);
        return exit;
    }

    private List<String> lines() {
        return stdout.lines().collect(Collectors.toList());
    }

    /** The whitespace-separated fields of the route-table row for {@code route}. */
    private List<String> routeRow(String route) {
        String row = lines().stream().filter(l -> l.length() > 37 && l.substring(0, 37).trim().equals(route))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + route + " in\n" + stdout));
        return Arrays.asList(row.substring(route.length()).trim().split("\\s+"));
    }

    private List<String> section(String title) {
        List<String> all = lines();
        int start = all.indexOf(title);
        assertTrue(start >= 0, "no section '" + title + "' in\n" + stdout);
        List<String> out = new ArrayList<>();
        for (int i = start + 1; i < all.size() && !all.get(i).isEmpty(); i++) {
            out.add(all.get(i));
        }
        return out;
    }

    @Test
    void countsErrorsAndPercentilesPerRoute() throws IOException {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            out.add(line(server(i, "GET /api/activities/home", i * 10, i))); // 1..100 ms
        }
        out.add(line(server(101, "GET /api/debug/error", 5, 4.1).http(500).status("{\"code\":2,\"message\":\"boom\"}")));
        out.add(line(server(102, "POST /api/messages", 6, 2).http(201).status("{\"code\":2}")));
        out.add(line(server(103, "POST /api/messages", 7, 3).http(503)));
        out.add(line(server(104, "GET", 8, 0.5).http(404)));
        Otlp.write(dir, out);

        assertEquals(0, run(dir.toString()), stderr);

        // COUNT FAULTS ERRORS THROTTLES P50 P90 P99 MAX
        assertEquals(List.of("100", "0", "0", "0", "50.00", "90.00", "99.00", "100.00"),
                routeRow("GET /api/activities/home"));
        assertEquals(List.of("1", "1", "0", "0", "4.10", "4.10", "4.10", "4.10"), routeRow("GET /api/debug/error"));
        // status ERROR with a 201, and a 503 with status unset: both are faults
        assertEquals(List.of("2", "2", "0", "0", "2.00", "3.00", "3.00", "3.00"), routeRow("POST /api/messages"));
        // a 404 is an error (the client's), not a fault; a route-less span says that no route matched
        assertEquals(List.of("1", "0", "1", "0", "0.50", "0.50", "0.50", "0.50"), routeRow("GET (no route matched)"));
        assertEquals(List.of("104", "3", "1", "0"), routeRow("ALL").subList(0, 4));

        List<String> table = section(
                "Requests by route (server spans; faults: 5xx or exception, errors: 4xx, throttles: 429)");
        assertEquals("ROUTE                                  COUNT  FAULTS  ERRORS THROTTLES   P50_MS   P90_MS   P99_MS"
                + "   MAX_MS", table.get(0));
        assertEquals(List.of("GET /api/activities/home", "POST /api/messages", "GET (no route matched)",
                        "GET /api/debug/error", "ALL"),
                table.stream().skip(1).map(l -> l.substring(0, 37).trim()).collect(Collectors.toList()));
        assertEquals(table.get(0).length(), table.get(1).length(), "fixed-width rows");
    }

    @Test
    void methodSpansGetATableOfTheirOwn() throws IOException {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            out.add(line(server(i, "GET /api/activities/home", i * 10, 5),
                    server(i, "home-activities-mock-data", i * 10, i * 0.1).kind("1").span(String.format("%016x", 100 + i))));
        }
        out.add(line(server(11, "GET /api/activities/@{handle}", 200, 3),
                server(11, "user-activities", 200, 2).kind("1").span("00000000000000ff").status("{\"code\":2}")));
        Otlp.write(dir, out);

        assertEquals(0, run(dir.toString()), stderr);

        List<String> table = section(
                "Method spans by name (internal spans: the rules file's methods; errors: an exception thrown)");
        assertEquals("SPAN                                   COUNT  ERRORS   P50_MS   P90_MS   P99_MS   MAX_MS",
                table.get(0));
        assertEquals(List.of("10", "0", "0.50", "0.90", "1.00", "1.00"), routeRow("home-activities-mock-data"));
        assertEquals(List.of("1", "1", "2.00", "2.00", "2.00", "2.00"), routeRow("user-activities"));
        assertEquals(3, table.size(), table::toString);
        assertEquals(List.of("11", "0", "0", "0"), routeRow("ALL").subList(0, 4), "method spans are not requests");
    }

    @Test
    void noMethodSpansNoTable() throws IOException {
        Otlp.write(dir, List.of(line(server(1, "GET /api/activities/home", 0, 1))));
        assertEquals(0, run(dir.toString()), stderr);
        assertFalse(stdout.contains("Method spans"), stdout);
    }

    @Test
    void throttlesAreErrorsToo() throws IOException {
        Otlp.write(dir, List.of(line(server(1, "GET /api/activities/home", 0, 1).http(429))));

        assertEquals(0, run(dir.toString()), stderr);

        assertEquals(List.of("1", "0", "1", "1"), routeRow("GET /api/activities/home").subList(0, 4));
    }

    @Test
    void headerSummarisesTheFile() throws IOException {
        Otlp.write(dir, List.of(
                line(server(1, "GET /a", 0, 4), server(1, "GET /a", 0, 2).kind("3").span("00000000000000c1")),
                line(server(2, "GET /b", 61_000, 3)),
                "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\""));

        assertEquals(0, run(dir.toString()), stderr);

        List<String> lines = lines();
        assertEquals("Quartet report for " + dir.toAbsolutePath().normalize(), lines.get(0));
        assertEquals("traces.jsonl: 3 spans in 2 traces (2 server spans), "
                + "2024-11-21T00:00:00Z .. 2024-11-21T00:01:01Z, 1 unreadable line", lines.get(1));
    }

    @Test
    void nonServerSpansAreNotRequests() throws IOException {
        Otlp.write(dir, List.of(line(
                server(1, "GET /api/activities/home", 0, 10),
                server(1, "SELECT activities", 1, 8).kind("3").span("00000000000000c1").http(null),
                server(1, "render", 2, 500).kind("1").span("00000000000000c2").http(null),
                server(1, "GET /api/activities/home", 0, 9).kind("\"SPAN_KIND_CLIENT\"").span("00000000000000c3"))));

        assertEquals(0, run(dir.toString()), stderr);

        assertTrue(stdout.contains("4 spans in 1 trace (1 server span)"), stdout);
        assertEquals(List.of("1", "0", "0", "0", "10.00", "10.00", "10.00", "10.00"),
                routeRow("GET /api/activities/home"));
        assertFalse(stdout.contains("SELECT activities"), stdout);
        // an internal span is a method span: in its own table, never a route
        assertFalse(section("Requests by route (server spans; faults: 5xx or exception, errors: 4xx, throttles: 429)")
                .toString().contains("render"), stdout);
        assertTrue(section("Method spans by name (internal spans: the rules file's methods; errors: an exception thrown)")
                .get(1).startsWith("render "), stdout);
    }

    @Test
    void slowestTracesListsOneRowPerTraceSlowestFirst() throws IOException {
        Otlp.write(dir, List.of(
                line(server(1, "GET /api/activities/home", 0, 5)),
                line(server(2, "GET /api/activities/notifications", 10, 30.12)),
                line(server(3, "GET /api/debug/error", 20, 12).http(500)),
                // trace 2 again: a downstream server span of the same trace must not get a row of its own
                line(server(2, "GET /internal/notifications", 11, 25).span("00000000000000d2").http(null)),
                line(server(4, "GET /api/activities/home", 30, 1)),
                line(server(5, "GET /api/activities/home", 40, 12))));

        assertEquals(0, run(dir.toString(), "--top", "3"), stderr);

        List<String> table = section("Slowest traces");
        assertEquals("DURATION_MS  STATUS  ROUTE                                   TRACE_ID", table.get(0));
        assertEquals(List.of(
                "      30.12  200     GET /api/activities/notifications       6740a1b2c0ffee000000000000000002",
                // equal durations: the earlier request first
                "      12.00  500     GET /api/debug/error                    6740a1b2c0ffee000000000000000003",
                "      12.00  200     GET /api/activities/home                6740a1b2c0ffee000000000000000005"),
                table.subList(1, table.size()));
    }

    @Test
    void statusColumnShowsDashWithoutHttpStatus() throws IOException {
        Otlp.write(dir, List.of(line(server(1, "GET /a", 0, 1).http(null))));

        assertEquals(0, run("--top=1", dir.toString()), stderr);

        assertEquals("       1.00  -       GET /a                                  6740a1b2c0ffee000000000000000001",
                section("Slowest traces").get(1));
    }

    @Test
    void topZeroLeavesOutTheSlowestTraces() throws IOException {
        Otlp.write(dir, List.of(line(server(1, "GET /a", 0, 1))));

        assertEquals(0, run(dir.toString(), "--top", "0"), stderr);

        assertFalse(stdout.contains("Slowest traces"), stdout);
        assertTrue(stdout.contains("Heatmap of duration_ms"), stdout);
    }

    @Test
    void int64AsStringsOrNumbersAndMultiSpanLinesGiveTheSameReport() throws IOException {
        Otlp.write(dir, List.of(
                line(server(1, "GET /a", 0, 1), server(2, "GET /a", 100, 2)),
                line(server(3, "GET /a", 200, 3).numbers(), server(4, "GET /a", 300, 4).numbers())));

        assertEquals(0, run(dir.toString()), stderr);

        assertTrue(stdout.contains("4 spans in 4 traces (4 server spans)"), stdout);
        assertEquals(List.of("4", "0", "0", "0", "2.00", "4.00", "4.00", "4.00"), routeRow("GET /a"));
    }

    @Test
    void truncatedLastLineIsSkippedAndCounted() throws IOException {
        String last = line(server(3, "GET /a", 200, 3));
        Path file = Otlp.write(dir, List.of(line(server(1, "GET /a", 0, 1)), line(server(2, "GET /a", 100, 2))));
        Files.writeString(file, Files.readString(file) + last.substring(0, 150));

        assertEquals(0, run(dir.toString()), stderr);

        assertTrue(stdout.contains("2 spans in 2 traces (2 server spans)"), stdout);
        assertTrue(stdout.contains(", 1 unreadable line\n") || stdout.contains(", 1 unreadable line\r\n"), stdout);
        assertEquals("2", routeRow("GET /a").get(0));
    }

    @Test
    void heatmapHasOneRowPerOccupiedBucketAndSixtyColumns() throws IOException {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            out.add(line(server(i + 1, "GET /a", i * 500L, i % 3 == 0 ? 0.4 : 150)));
        }
        Otlp.write(dir, out);

        assertEquals(0, run(dir.toString()), stderr);

        List<String> heatmap = section("Heatmap of duration_ms (rows: duration, columns: time; darker = more requests)");
        List<String> rowLabels = heatmap.stream().filter(l -> l.contains("|"))
                .map(l -> l.substring(0, l.indexOf('|')).trim()).collect(Collectors.toList());
        assertEquals(List.of("100-200 ms", "50-100 ms", "20-50 ms", "10-20 ms", "5-10 ms", "2-5 ms", "1-2 ms", "< 1 ms"),
                rowLabels);
        assertEquals("             +" + "-".repeat(60), heatmap.get(rowLabels.size()));
    }

    @Test
    void singleSpanDoesNotBreakAnything() throws IOException {
        Otlp.write(dir, List.of(line(server(1, "GET /a", 0, 4))));

        assertEquals(0, run(dir.toString()), stderr);

        assertEquals(List.of("1", "0", "0", "0", "4.00", "4.00", "4.00", "4.00"), routeRow("GET /a"));
        List<String> heatmap = section("Heatmap of duration_ms (rows: duration, columns: time; darker = more requests)");
        assertEquals("      2-5 ms |@", heatmap.get(0));
    }

    @Test
    void absentTracesFileIsReportedAndSucceeds() {
        assertEquals(0, run(dir.toString()));

        assertEquals(List.of("Quartet report for " + dir.toAbsolutePath().normalize(),
                "traces.jsonl: no spans (file absent)", "", "segments.jsonl: no segments (file absent)", "",
                "logs.jsonl: no log events (file absent)", "", "errors.jsonl: no error items (file absent)"),
            lines());
    }

    @Test
    void emptyOrUnreadableTracesFileHasNoSpans() throws IOException {
        Files.writeString(dir.resolve("traces.jsonl"), "\n{\"resourceSpans\":[{\n");

        assertEquals(0, run(dir.toString()));

        assertEquals("traces.jsonl: no spans, 1 unreadable line", lines().get(1));
    }

    @Test
    void onlyNonServerSpansSaysSo() throws IOException {
        Otlp.write(dir, List.of(line(server(1, "SELECT 1", 0, 1).kind("3"))));

        assertEquals(0, run(dir.toString()));

        assertTrue(stdout.contains("(0 server spans)"), stdout);
        assertTrue(stdout.contains("No server spans"), stdout);
        assertFalse(stdout.contains("Requests by route"), stdout);
    }

    @Test
    void missingDirectoryExitsOneNamingIt() {
        Path missing = dir.resolve("nope");

        assertEquals(1, run(missing.toString()));

        assertTrue(stderr.contains("no such directory: " + missing.toAbsolutePath().normalize()), stderr);
        assertEquals("", stdout);
    }

    @Test
    void fileInsteadOfDirectoryExitsOne() throws IOException {
        Path file = Files.writeString(dir.resolve("traces.jsonl"), "");

        assertEquals(1, run(file.toString()));

        assertTrue(stderr.contains("not a directory: " + file.toAbsolutePath().normalize()), stderr);
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, run("--top"));
        assertTrue(stderr.contains("--top needs a number"), stderr);
        assertEquals(2, run("--top", "many"));
        assertEquals(2, run("--top", "-1"));
        assertEquals(2, run("--frobnicate"));
        assertTrue(stderr.contains("unknown option '--frobnicate'"), stderr);
        assertTrue(stderr.contains("Usage: java -jar quartet-agent.jar report"), stderr);
        assertEquals(2, run("a", "b"));
    }

    @Test
    void helpPrintsUsageAndSucceeds() {
        assertEquals(0, run("--help"));
        assertTrue(stdout.startsWith("Usage: java -jar quartet-agent.jar report [DIR] [--top N]"), stdout);
        assertEquals(0, run("-h"));
        assertEquals("", stderr);
    }
}
