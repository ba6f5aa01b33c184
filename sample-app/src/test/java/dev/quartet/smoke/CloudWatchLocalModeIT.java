package dev.quartet.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * No AWS credentials and no endpoint: the log events go to {@code logs.jsonl} in the telemetry directory, the
 * startup line says so, and {@code report} counts them by level and lists the top messages.
 */
class CloudWatchLocalModeIT {

  @Test
  void logsGoToTheLocalFileAndTheReportSummarisesThem() throws Exception {
    AppProcess.Builder b = AppProcess.withAgent("CloudWatchLocalModeIT")
        // Nothing of this machine's AWS setup may count: no shared files, no instance metadata.
        .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials")
        .env("AWS_CONFIG_FILE", "/nonexistent/config")
        .env("AWS_EC2_METADATA_DISABLED", "true");
    Path dir = b.workDir().resolve("telemetry");
    String stderr;
    int probes;
    try (AppProcess app = b.start()) {
      probes = app.healthProbeResponses();
      Http http = app.http();
      for (int i = 0; i < 3; i++) {
        http.send(Cruddur.HOME);
      }
      http.send(Cruddur.ROLLBAR_TEST);
      app.stop(Duration.ofSeconds(20));
      stderr = app.stderr();
    }
    assertTrue(stderr.contains("cloudwatch → local file " + dir.resolve("logs.jsonl")
        + " (no AWS credentials or endpoint)"), () -> "startup line: " + stderr);
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> events = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("logs.jsonl"))) {
      events.add(json.readTree(line));
    }
    assertEquals(3, events.stream().filter(e -> e.path("message").asText().equals("HomeActivities")).count());
    assertEquals(probes + 4, events.stream().filter(e -> e.path("logger").asText().equals("access")).count());
    assertTrue(events.stream().allMatch(e -> e.path("trace_id").asText().length() == 32), "all inside requests");

    try (AppProcess report = AppProcess.builder("CloudWatchLocalModeIT-report").jar(SmokeEnv.agentJar())
        .args("report", dir.toString()).awaitHealth(false).start()) {
      assertTrue(report.waitFor(Duration.ofSeconds(60)), "report did not finish");
      String out = report.stdout();
      assertEquals(0, report.exitValue(), () -> out + report.stderr());
      List<String> lines = out.lines().toList();
      int total = probes + 4 + 4;
      assertTrue(lines.stream().anyMatch(l -> l.startsWith("logs.jsonl: " + total + " log events (" + (probes + 4)
          + " access lines)")), () -> out);
      assertTrue(lines.contains(String.format("%-6s %8s", "WARN", 1)), () -> out);
      assertTrue(lines.contains(String.format("%-6s %8s", "INFO", total - 1)), () -> out);
      assertTrue(lines.stream().anyMatch(l -> l.matches("\\s+3  INFO\\s+cruddur\\.services\\.HomeActivities\\s+HomeActivities")),
          () -> out);
    }
  }
}
