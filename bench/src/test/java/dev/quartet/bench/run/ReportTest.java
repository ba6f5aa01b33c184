package dev.quartet.bench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A run's results as the runner writes them, with round figures. */
  static ObjectNode results(boolean withLoad) {
    ObjectNode r = JSON.createObjectNode();
    r.put("mode", "full").put("preliminary", false).put("command", "bench/run.sh")
        .put("generatedAt", "2026-12-05T12:00:00Z").put("elapsedSeconds", 1200)
        .put("loadAverageAfter", "1.50 1.20 1.00 1/200 999");
    r.putObject("machine").put("nproc", "2").put("cpuModel", "AMD EPYC").put("loadAverageBefore", "0.10 0.20 0.30 1/9 1");
    r.putObject("settings").put("startupRuns", 3).put("shortLivedRuns", 10).put("trafficSeconds", 10)
        .put("rounds", 2).put("warmupSeconds", 20).put("durationSeconds", 20).put("url", "/api/activities/home");
    r.putArray("sections").addObject().put("name", "startup").put("seconds", 480)
        .put("loadAverageBefore", "0.50 0.40 0.30 1/9 1").put("loadAverageAfter", "1.90 1.00 0.60 1/9 1");
    r.putObject("agents").putObject("quartet").put("bytes", 11_400_000);
    ObjectNode apps = r.putObject("startup").putObject("apps");
    app(apps, "sample", "Sample app", new double[] {1000, 1500, 3000}, new double[] {2000, 2500, 6000});
    app(apps, "spring-jpa", "Spring Boot MVC + JPA", new double[] {6000, 10000, 14000},
        new double[] {12000, 15000, 30000});
    ObjectNode sl = r.putObject("shortLived");
    sl.put("command", "java [-javaagent:…] -cp <dir> Hello").put("source", ShortLived.SOURCE.trim());
    ObjectNode slv = sl.putObject("variants");
    slv.putObject("none").put("medianWallMs", 250).put("medianCpuMs", 300).putArray("jvmWarningsAdded");
    slv.putObject("quartet").put("medianWallMs", 2700).put("medianCpuMs", 4000).putArray("jvmWarningsAdded")
        .add(JvmWarningsTest.CDS);
    slv.putObject("otel").put("medianWallMs", 3500).put("medianCpuMs", 6000).putArray("jvmWarningsAdded");
    if (withLoad) {
      ObjectNode vs = r.putObject("variants");
      load(vs, "no-agent", "No agent", 0, 80, 18000, 3.7, 374.45, 5.9, 47);
      load(vs, "quartet-all", "Quartet, all backends, 100% sampled", 11_400_000, 140, 11000, 7.5, 439.2, 22.95, 56);
      load(vs, "quartet-defaults", "Quartet, all backends, default sampling", 11_400_000, 120, 12500, 6.0, 440, 23,
          56);
      load(vs, "otel-agent", "OTel Java agent 2.33.1", 26_500_000, 108, 13800, 6.1, 443.9, 26.25, 62);
    }
    r.set("targets", Report.targets(r));
    r.set("targetsIssue6", Report.issue6Targets(r));
    return r;
  }

  private static void app(ObjectNode apps, String id, String label, double[] first, double[] cpuWindow) {
    ObjectNode a = apps.putObject(id);
    a.put("label", label).put("firstRequest", "GET /health");
    a.putArray("traffic").add("GET /x");
    String[] vs = {"none", "quartet", "otel"};
    ObjectNode variants = a.putObject("variants");
    for (int i = 0; i < 3; i++) {
      variants.putObject(vs[i]).put("medianFirstMs", first[i]).put("medianCpuToFirstMs", first[i] * 1.5)
          .put("medianCpuWindowMs", cpuWindow[i]).put("trafficErrors", i == 1 ? 1 : 0).putArray("jvmWarnings");
    }
    a.putObject("overheadRatios")
        .put("medianFirstMs", Stats.overheadRatio(first[1], first[2], first[0]))
        .put("medianCpuToFirstMs", Stats.overheadRatio(first[1], first[2], first[0]))
        .put("medianCpuWindowMs", Stats.overheadRatio(cpuWindow[1], cpuWindow[2], cpuWindow[0]));
  }

  private static void load(ObjectNode vs, String id, String label, long jar, double cpu, double rps, double p99,
      double rss, double heap, double threads) {
    ObjectNode v = vs.putObject(id);
    v.put("label", label).put("agentJarBytes", jar);
    v.putObject("load").put("cpuMicrosPerRequest", cpu).put("requestsPerSecond", rps).put("p99Ms", p99)
        .put("p50Ms", 1).put("p999Ms", p99 * 2).put("peakRssMb", rss).put("heapAfterGcMb", heap)
        .put("metaspaceMb", 20).put("threads", threads).put("errors", 0);
  }

  private static String template() throws Exception {
    return Files.readString(Paths.get("PERFORMANCE.template.md"));
  }

  private static JsonNode target(JsonNode r, String id) {
    for (JsonNode t : r.path("targets")) {
      if (t.path("id").asText().equals(id)) {
        return t;
      }
    }
    throw new AssertionError("no target " + id);
  }

  @Test
  void startupTargetsCompareQuartetsOverheadWithTheOtelAgents() {
    JsonNode r = results(true);
    JsonNode sample = target(r, "startup-first-200/sample");
    assertEquals("+500 ms vs +2,000 ms (25%)", sample.path("measured").asText());
    assertTrue(sample.path("met").asBoolean(), "a quarter of the OTel agent's overhead meets ≤ 25%");
    JsonNode spring = target(r, "startup-first-200/spring-jpa");
    assertEquals("+4,000 ms vs +8,000 ms (50%)", spring.path("measured").asText());
    assertFalse(spring.path("met").asBoolean());
    assertEquals("+3,000 ms vs +18,000 ms (17%)", target(r, "startup-cpu/spring-jpa").path("measured").asText());
    assertTrue(target(r, "startup-cpu/spring-jpa").path("met").asBoolean());
    assertTrue(target(r, "startup-first-200/tomcat").path("met").isNull(), "an app not run is not a verdict");
  }

  @Test
  void shortLivedWarningsAndSteadyStateTargets() {
    JsonNode r = results(true);
    assertEquals("+2,450 ms (250 → 2,700 ms; OTel agent +3,250 ms)",
        target(r, "short-lived-wall").path("measured").asText());
    assertFalse(target(r, "short-lived-wall").path("met").asBoolean());
    assertFalse(target(r, "jvm-warnings").path("met").asBoolean());
    assertTrue(target(r, "jvm-warnings").path("measured").asText().contains("Sharing is only supported"));
    assertEquals("+60 µs vs +28 µs", target(r, "steady-cpu-per-request").path("measured").asText());
    assertFalse(target(r, "steady-cpu-per-request").path("met").asBoolean());
    assertTrue(target(r, "steady-stated").path("met").isNull());
    assertTrue(target(r, "steady-stated").path("measured").asText().contains("default sampling 12,500 req/s, p99 6.00 ms"));
    // the baseline's own figures are no regression; the jar within 5%
    assertTrue(target(r, "no-regression-rss").path("met").asBoolean());
    assertTrue(target(r, "no-regression-heap").path("met").asBoolean());
    assertTrue(target(r, "no-regression-threads").path("met").asBoolean());
    assertTrue(target(r, "no-regression-jar").path("met").asBoolean());
  }

  @Test
  void memoryRegressionsBeyondTheToleranceAreCaught() {
    assertTrue(Baseline.memoryWithin(Baseline.PEAK_RSS_OVERHEAD_MIB + 3, Baseline.PEAK_RSS_OVERHEAD_MIB));
    assertFalse(Baseline.memoryWithin(Baseline.PEAK_RSS_OVERHEAD_MIB + 4, Baseline.PEAK_RSS_OVERHEAD_MIB));
    assertTrue(Baseline.memoryWithin(Baseline.HEAP_AFTER_GC_OVERHEAD_MIB + 2, Baseline.HEAP_AFTER_GC_OVERHEAD_MIB));
    assertFalse(Baseline.memoryWithin(Baseline.HEAP_AFTER_GC_OVERHEAD_MIB + 2.1,
        Baseline.HEAP_AFTER_GC_OVERHEAD_MIB));
  }

  @Test
  void theReportFillsEveryPlaceholderWithTablesRatiosAndReasons() throws Exception {
    String md = Report.markdown(results(true), template(), Map.of("startup-first-200/spring-jpa",
        "Spring's many classes each pass the type matcher."));
    assertFalse(md.contains("{{"), "a placeholder is left:\n" + md);
    assertTrue(md.contains("### Spring Boot MVC + JPA"));
    assertTrue(md.contains("| Time to first 200 | 6,000 ms | 10,000 ms (+4,000) | 14,000 ms (+8,000) | 0.50 |"), md);
    assertTrue(md.contains("| Failed requests of the light traffic (not 2xx, or no answer within 60 s) | 0 | 1 | 0 | |"), md);
    assertTrue(md.contains("| Wall, start to exit | 250 ms | 2,700 ms (+2,450) | 3,500 ms (+3,250) |"), md);
    assertTrue(md.contains("| JVM warnings added by the agent | – | 1 | 0 |"), md);
    assertTrue(md.contains("Spring's many classes each pass the type matcher. |"), "the reason is in the table");
    assertTrue(md.contains("_to be filled in after the final run (`bench/targets-why.md`, `## short-lived-wall`)_"),
        "an unmet target without a reason says where the reason goes");
    assertTrue(md.contains("| Time to first 200: overhead ≤ 25% of the OTel agent's, Sample app | +500 ms vs +2,000 ms"
        + " (25%) | yes |  |"), md);
    assertTrue(md.contains("  - startup (480 s): 0.50 0.40 0.30 / 1.90 1.00 0.60"), md);
    assertTrue(md.contains("| Throughput | 18,000 req/s | 11,000 req/s (×0.61) | 12,500 req/s (×0.69) |"), md);
  }

  @Test
  void aPartialRunSaysWhatItDidNotMeasure() throws Exception {
    ObjectNode r = results(false);
    r.put("preliminary", true).put("mode", "quick");
    String md = Report.markdown(r, template(), Map.of());
    assertFalse(md.contains("{{"));
    assertTrue(md.contains("**Preliminary numbers** (`--quick`"), md);
    assertTrue(md.contains("| Steady state, all four backends at 100% sampling: CPU per request overhead ≤ the OTel"
        + " agent's | not measured in this run | – |  |"), md);
    assertTrue(md.contains("_Not measured in this run (full mode only)._"));
  }
}
