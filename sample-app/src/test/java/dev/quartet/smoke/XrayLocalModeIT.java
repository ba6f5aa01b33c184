package dev.quartet.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** No daemon address: segment documents go to {@code segments.jsonl}, and {@code report} summarises them. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class XrayLocalModeIT {

  Path telemetryDir;
  List<Traffic.Call> calls;
  /** Segments of health checks: the calls' one, and those sent while waiting for the SDK to load. */
  long healthSegments;
  List<JsonNode> documents;

  @BeforeAll
  void run() throws IOException {
    AppProcess.Builder b = AppProcess.withAgent("XrayLocalModeIT").env("QUARTET_XRAY_SAMPLING", "all");
    telemetryDir = b.workDir().resolve("telemetry");
    Path file = telemetryDir.resolve("segments.jsonl");
    try (AppProcess app = b.start()) {
      // The X-Ray SDK loads while the app starts: wait until it records (requests before that have no segment).
      Await.require("a first segment in " + file, Duration.ofSeconds(20), () -> {
        app.http().send(Cruddur.HEALTH);
        return Files.exists(file) && file.toFile().length() > 0;
      }, app::stderrTail);
      calls = Traffic.callAll(app.http(), Cruddur.ALL);
      app.stop(Duration.ofSeconds(20)); // shutdown writes what is pending
    }
    assertTrue(Files.exists(file), () -> file + " was not written");
    ObjectMapper json = new ObjectMapper();
    documents = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      documents.add(json.readTree(line));
    }
    healthSegments = documents.stream()
        .filter(d -> d.at("/http/request/url").asText().endsWith(Cruddur.HEALTH.path())).count();
  }

  @Test
  void oneValidSegmentDocumentALinePerRequest() {
    long calledHealth = calls.stream().filter(c -> c.route() == Cruddur.HEALTH).count();
    assertEquals(calls.size() - calledHealth + healthSegments, documents.size(), "segments vs requests");
    for (JsonNode d : documents) {
      assertEquals(List.of(), SegmentDocumentRules.check(d), d::toString);
    }
    for (Traffic.Call c : calls) {
      assertNotNull(c.traceResponse(), c::toString);
      List<JsonNode> mine = documents.stream().filter(d -> d.get("id").asText().equals(c.traceResponse().spanId()))
          .collect(Collectors.toList());
      assertEquals(1, mine.size(), c::toString);
      assertEquals(c.exchange().status(), mine.get(0).at("/http/response/status").asInt(), c::toString);
    }
  }

  @Test
  void theSdksBundledResourcesAreInTheJarAndJacksonFindsNoModulesThere() throws IOException {
    try (java.util.jar.JarFile jar = new java.util.jar.JarFile(SmokeEnv.agentJar().toFile())) {
      for (String resource : List.of("com/amazonaws/xray/sdk.properties",
          "com/amazonaws/xray/strategy/sampling/DefaultSamplingRules.json")) {
        assertNotNull(jar.getEntry("inst/dev/quartet/shaded/" + resource), resource + " relocated with the SDK");
      }
      List<String> modules = jar.stream().map(java.util.jar.JarEntry::getName)
          .filter(n -> n.contains("META-INF/services/") && n.endsWith("jackson.databind.Module"))
          .collect(Collectors.toList());
      assertEquals(List.of(), modules, "the SDK's ObjectMapper.findModules() would register these");
    }
    // Loaded at run time: the segments carry the version read from sdk.properties (and XrayIT's fallback sampling
    // loads DefaultSamplingRules.json, without which the SDK refuses to start).
    assertTrue(documents.stream().allMatch(d -> d.at("/aws/xray/sdk_version").asText().equals("2.21.0")));
  }

  @Test
  void reportSummarisesSegmentsPerName() {
    String out;
    try (AppProcess report = AppProcess.builder("XrayLocalModeIT-report").jar(SmokeEnv.agentJar())
        .args("report", telemetryDir.toString()).awaitHealth(false).start()) {
      assertTrue(report.waitFor(Duration.ofSeconds(60)), "report did not finish within 60 s");
      out = report.stdout();
      assertEquals(0, report.exitValue(), () -> "report exit code; stderr:\n" + report.stderr());
    }
    String ctx = "report output:\n" + out;
    long clientErrors = calls.stream().filter(c -> c.exchange().status() / 100 == 4).count();
    List<String> row = out.lines().map(l -> Arrays.asList(l.trim().split("\\s+")))
        .filter(f -> f.get(0).equals(SmokeEnv.SERVICE_NAME) && f.size() == 7).map(f -> f.subList(1, 5))
        .findFirst().orElseThrow(() -> new AssertionError("no backend-flask row; " + ctx));
    assertEquals(List.of(String.valueOf(documents.size()), "1", String.valueOf(clientErrors), "0"), row, ctx);
    assertTrue(out.contains("segments.jsonl: " + documents.size() + " segments"), ctx);
  }
}
