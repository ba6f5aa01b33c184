package dev.quartet.smoke;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;

/** No OTLP endpoint: spans go to {@code QUARTET_TELEMETRY_DIR/traces.jsonl}, and {@code report} summarises them. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalModeIT {

  static final int HOME_REQUESTS = 5;
  static final List<String> HEADER =
      List.of("ROUTE", "COUNT", "FAULTS", "ERRORS", "THROTTLES", "P50_MS", "P90_MS", "P99_MS", "MAX_MS");

  Path telemetryDir;
  List<Traffic.Call> calls = new ArrayList<>();
  int probes;
  int port;
  List<String> lines;

  @BeforeAll
  void run() throws IOException {
    AppProcess.Builder b = AppProcess.withAgent("LocalModeIT");
    telemetryDir = b.workDir().resolve("telemetry");
    try (AppProcess app = b.start()) {
      port = app.port();
      probes = app.healthProbeResponses();
      Http http = app.http();
      calls.addAll(Traffic.callAll(http, Cruddur.ALL));
      for (int i = 1; i < HOME_REQUESTS; i++) {
        calls.add(new Traffic.Call(Cruddur.HOME, http.send(Cruddur.HOME)));
      }
      app.stop(Duration.ofSeconds(20));
    }
    Path file = telemetryDir.resolve("traces.jsonl");
    lines = Files.exists(file) ? Files.readAllLines(file) : null;
  }

  private List<SpanRecord> spans() {
    assertNotNull(lines, () -> telemetryDir.resolve("traces.jsonl") + " was not written");
    ObjectMapper json = new ObjectMapper();
    List<SpanRecord> out = new ArrayList<>();
    for (String line : lines) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode node;
      try {
        node = json.readTree(line);
      } catch (IOException e) {
        throw new AssertionError("not a JSON object per line: " + line, e);
      }
      assertTrue(node.isObject() && node.path("resourceSpans").isArray(),
          () -> "each line must be an OTLP export object {\"resourceSpans\":[…]}: " + line);
      out.addAll(SpanRecord.fromOtlpJson(node));
    }
    return out;
  }

  @Test
  void tracesFileHasOneServerSpanPerRequest() {
    List<SpanRecord> server = spans().stream().filter(SpanRecord::isServer).collect(Collectors.toList());
    Map<Traffic.Call, SpanRecord> matched = Traffic.match(server, calls);
    List<Executable> checks = new ArrayList<>();
    for (Traffic.Call c : calls) {
      checks.add(() -> {
        assertNotNull(c.traceResponse(), () -> c + ": no valid traceresponse");
        SpanRecord s = matched.get(c);
        assertNotNull(s, () -> c + ": its span is not in traces.jsonl");
        assertEquals(1, server.stream().filter(x -> x.traceId().equals(s.traceId())).count(),
            () -> c + ": server spans in its trace");
      });
    }
    checks.add(() -> assertEquals(probes + calls.size(), server.size(),
        () -> "server spans in traces.jsonl vs requests (" + probes + " startup probes + " + calls.size() + ")"));
    assertAll(checks);
  }

  @Test
  void localSpansDescribeTheRequests() {
    Map<Traffic.Call, SpanRecord> matched = Traffic.match(spans(), calls);
    assertFalse(matched.isEmpty(), "no request's span found in traces.jsonl");
    assertAll(matched.entrySet().stream().map(e -> (Executable) () -> SpanChecks.serverSpan(e.getKey(), e.getValue(), port)));
  }

  @Test
  void reportSummarisesRoutes() {
    Path agent = SmokeEnv.agentJar();
    String out;
    try (AppProcess report = AppProcess.builder("LocalModeIT-report").jar(agent)
        .args("report", telemetryDir.toString()).awaitHealth(false).start()) {
      assertTrue(report.waitFor(Duration.ofSeconds(60)), "report did not finish within 60 s");
      out = report.stdout();
      String err = report.stderr();
      assertEquals(0, report.exitValue(), () -> "report exit code; stdout:\n" + out + "\nstderr:\n" + err);
    }
    String ctx = "report output:\n" + out;
    List<String> outLines = out.lines().collect(Collectors.toList());
    assertTrue(outLines.stream().anyMatch(l -> Arrays.asList(l.trim().split("\\s+")).equals(HEADER)),
        () -> "no header line " + HEADER + "; " + ctx);
    long[] home = row(outLines, "GET /api/activities/home", ctx);
    assertEquals(HOME_REQUESTS, home[0], () -> "COUNT of GET /api/activities/home; " + ctx);
    assertEquals(0, home[1], () -> "FAULTS of GET /api/activities/home; " + ctx);
    long[] error = row(outLines, "GET /api/debug/error", ctx);
    assertEquals(1, error[0], () -> "COUNT of GET /api/debug/error; " + ctx);
    assertEquals(1, error[1], () -> "FAULTS of GET /api/debug/error; " + ctx);
    long[] health = row(outLines, "GET /api/health-check", ctx);
    assertEquals(probes + 1, health[0], () -> "COUNT of GET /api/health-check (" + probes + " probes + 1); " + ctx);
    assertTrue(outLines.stream().anyMatch(l -> l.contains("Slowest traces")), () -> "no 'Slowest traces'; " + ctx);
    assertTrue(outLines.stream().anyMatch(l -> l.contains("Heatmap")), () -> "no 'Heatmap' section; " + ctx);
  }

  /** COUNT, FAULTS of the row for {@code route} (COUNT FAULTS ERRORS THROTTLES P50 P90 P99 MAX); checks percentiles. */
  private static long[] row(List<String> lines, String route, String ctx) {
    Pattern p = Pattern.compile("^\\s*" + Pattern.quote(route)
        + "\\s+(\\d+)\\s+(\\d+)\\s+\\d+\\s+\\d+\\s+(\\d+(?:\\.\\d+)?)\\s+(\\d+(?:\\.\\d+)?)\\s+(\\d+(?:\\.\\d+)?)\\s+(\\d+(?:\\.\\d+)?)\\s*$");
    for (String l : lines) {
      Matcher m = p.matcher(l);
      if (m.matches()) {
        double p50 = Double.parseDouble(m.group(3));
        double p90 = Double.parseDouble(m.group(4));
        double p99 = Double.parseDouble(m.group(5));
        double max = Double.parseDouble(m.group(6));
        assertTrue(p50 <= p90 && p90 <= p99 && p99 <= max, () -> "percentiles out of order in: " + l);
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
      }
    }
    return fail("no row for " + route + " with COUNT FAULTS ERRORS THROTTLES P50 P90 P99 MAX; " + ctx);
  }
}
