package dev.quartet.bench.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quartet.bench.BackendsEnv;
import dev.quartet.bench.sink.Counters;
import dev.quartet.bench.sink.Sinks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The side-by-side benchmark behind {@code bench/run.sh}: the sample app with no agent, with Quartet (all backends;
 * OpenTelemetry only) and with the OpenTelemetry Java agent, every backend sending to loopback sinks started here;
 * then Quartet again with its backends refusing connections and hanging. Measures startup to the first 200 (runs
 * interleaved), throughput and latency under wrk after a warm-up, CPU per request, peak RSS, heap after GC and
 * threads, and writes {@code bench/results.json} and {@code docs/PERFORMANCE.md}.
 */
public final class BenchRunner {
  static final String URL_PATH = "/api/activities/home";
  static final String SERVICE_NAME = "backend-flask";
  static final String HTTP_ROUTES =
      "/api/activities/@{handle},/api/activities/{uuid}/reply,/api/activities/{uuid},/api/messages/@{handle}";
  /**
   * The same for every variant. A fixed, pre-touched heap keeps the heap's share of the RSS equal across variants
   * (otherwise G1 sizes it by each variant's allocation rate), so RSS differences are the agents' memory outside the
   * heap, and what they keep on the heap is the "heap after GC" figure.
   */
  static final List<String> JVM_ARGS = List.of("-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch", "-XX:+UseG1GC");

  /** Everything a run is told on its command line (bench/run.sh passes them all). */
  static final class Options {
    boolean quick;
    boolean reportOnly;
    Path quartetAgent = Paths.get("agent/target/quartet-agent.jar");
    Path otelAgent = Paths.get("bench/target/otel/opentelemetry-javaagent.jar");
    Path appJar = Paths.get("sample-app/target/sample-app.jar");
    Path backendsEnv = Paths.get("bench/backends.env");
    Path wrkScript = Paths.get("bench/wrk-report.lua");
    Path template = Paths.get("bench/PERFORMANCE.template.md");
    Path workDir = Paths.get("bench/target/work");
    Path json = Paths.get("bench/results.json");
    Path markdown = Paths.get("docs/PERFORMANCE.md");
    Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
    String wrk = "wrk";
    String command = "bench/run.sh";
    int wrkThreads = 1;
    int connections = 16;
    int warmupSeconds = -1;
    int durationSeconds = -1;
    int rounds = -1;
    int startupRuns = -1;

    static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (a.equals("--quick")) {
          o.quick = true;
          continue;
        }
        if (a.equals("--report-only")) {
          o.reportOnly = true;
          continue;
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("missing value after " + a);
        }
        String v = args[++i];
        switch (a) {
          case "--quartet-agent": o.quartetAgent = Paths.get(v); break;
          case "--otel-agent": o.otelAgent = Paths.get(v); break;
          case "--app-jar": o.appJar = Paths.get(v); break;
          case "--backends-env": o.backendsEnv = Paths.get(v); break;
          case "--wrk-script": o.wrkScript = Paths.get(v); break;
          case "--template": o.template = Paths.get(v); break;
          case "--work-dir": o.workDir = Paths.get(v); break;
          case "--json": o.json = Paths.get(v); break;
          case "--markdown": o.markdown = Paths.get(v); break;
          case "--java": o.java = Paths.get(v); break;
          case "--wrk": o.wrk = v; break;
          case "--command": o.command = v; break;
          case "--wrk-threads": o.wrkThreads = Integer.parseInt(v); break;
          case "--connections": o.connections = Integer.parseInt(v); break;
          case "--warmup-seconds": o.warmupSeconds = Integer.parseInt(v); break;
          case "--duration-seconds": o.durationSeconds = Integer.parseInt(v); break;
          case "--rounds": o.rounds = Integer.parseInt(v); break;
          case "--startup-runs": o.startupRuns = Integer.parseInt(v); break;
          default: throw new IllegalArgumentException("unknown option " + a);
        }
      }
      // the app JVMs run in folders of their own: every path handed to them must be absolute
      o.quartetAgent = o.quartetAgent.toAbsolutePath();
      o.otelAgent = o.otelAgent.toAbsolutePath();
      o.appJar = o.appJar.toAbsolutePath();
      o.wrkScript = o.wrkScript.toAbsolutePath();
      o.workDir = o.workDir.toAbsolutePath();
      // quick: within 3 minutes on 2 cores; full: within 15 (see docs/PERFORMANCE.md for the arithmetic)
      o.warmupSeconds = o.warmupSeconds > 0 ? o.warmupSeconds : o.quick ? 5 : 25;
      o.durationSeconds = o.durationSeconds > 0 ? o.durationSeconds : o.quick ? 8 : 25;
      o.rounds = o.rounds > 0 ? o.rounds : o.quick ? 1 : 2;
      o.startupRuns = o.startupRuns > 0 ? o.startupRuns : o.quick ? 3 : 10;
      return o;
    }

    /** A hard limit for the whole run: the runner gives up (killing what it started) past it. */
    Duration bound() {
      return quick ? Duration.ofMinutes(15) : Duration.ofMinutes(45);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Options options;
  private final Wrk wrk;
  private final ObjectNode results = JSON.createObjectNode();
  private final ObjectNode variantsNode;

  private BenchRunner(Options options) {
    this.options = options;
    this.wrk = new Wrk(options.wrk, options.wrkScript, options.wrkThreads, options.connections);
    results.put("schema", 1);
    results.put("mode", options.quick ? "quick" : "full");
    results.put("preliminary", options.quick);
    results.put("command", options.command);
    variantsNode = JSON.createObjectNode();
  }

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    if (options.reportOnly) {
      rewriteReport(options);
      return;
    }
    startWatchdog(options.bound());
    new BenchRunner(options).run();
  }

  /** Writes docs/PERFORMANCE.md again from bench/results.json and the template, without measuring anything. */
  private static void rewriteReport(Options options) throws IOException {
    ObjectNode results = (ObjectNode) JSON.readTree(options.json.toFile());
    results.set("targets", Report.targets(results));
    Files.writeString(options.json, JSON.writeValueAsString(results) + "\n", StandardCharsets.UTF_8);
    Files.writeString(options.markdown, Report.markdown(results, Files.readString(options.template)),
        StandardCharsets.UTF_8);
    log("rewrote " + options.markdown + " from " + options.json);
  }

  /** Ends the runner (and, through the shutdown hook, every process it started) if the run overstays its bound. */
  private static void startWatchdog(Duration bound) {
    Thread t = new Thread(() -> {
      try {
        Thread.sleep(bound.toMillis());
        System.err.println("[bench] gave up: the run took longer than " + bound.toMinutes() + " min");
        System.exit(3);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "bench-watchdog");
    t.setDaemon(true);
    t.start();
  }

  private void run() throws Exception {
    for (Path required : List.of(options.quartetAgent, options.otelAgent, options.appJar, options.backendsEnv,
        options.wrkScript, options.template)) {
      if (!Files.isRegularFile(required)) {
        throw new IllegalStateException("missing " + required + " (bench/run.sh builds and fetches everything)");
      }
    }
    Instant started = Instant.now();
    deleteRecursively(options.workDir);
    Files.createDirectories(options.workDir);
    results.put("generatedAt", started.truncatedTo(ChronoUnit.SECONDS).toString());
    results.set("machine", Machine.describe(options.java, options.wrk));
    ObjectNode settings = results.putObject("settings");
    settings.put("url", URL_PATH);
    settings.put("wrkThreads", options.wrkThreads);
    settings.put("connections", options.connections);
    settings.put("warmupSeconds", options.warmupSeconds);
    settings.put("durationSeconds", options.durationSeconds);
    settings.put("rounds", options.rounds);
    settings.put("startupRuns", options.startupRuns);
    settings.set("jvmArgs", tree(JVM_ARGS));

    try (Sinks healthy = Sinks.healthy(); Sinks refused = Sinks.refused(); Sinks hanging = Sinks.hanging()) {
      List<Variant> variants = variants(healthy, refused, hanging);
      for (Variant v : variants) {
        ObjectNode node = variantsNode.putObject(v.id);
        node.put("label", v.label);
        node.put("agentJar", v.agentJar == null ? null : v.agentJar.getFileName().toString());
        node.put("agentJarBytes", v.agentJar == null ? 0 : Files.size(v.agentJar));
        node.put("sinks", v.sinks.kind());
        node.set("env", masked(v.env));
      }
      results.set("variants", variantsNode);
      log("work dir " + options.workDir.toAbsolutePath() + "; sinks " + healthy.placeholders());
      measureStartup(variants);
      measureLoad(variants);
    }
    summarize();
    results.put("loadAverageAfter", Machine.loadAverage());
    results.put("elapsedSeconds", Duration.between(started, Instant.now()).toSeconds());
    Files.createDirectories(absoluteParent(options.json));
    Files.writeString(options.json, JSON.writeValueAsString(results) + "\n", StandardCharsets.UTF_8);
    Files.createDirectories(absoluteParent(options.markdown));
    Files.writeString(options.markdown, Report.markdown(results, Files.readString(options.template)),
        StandardCharsets.UTF_8);
    log("wrote " + options.json + " and " + options.markdown + " in "
        + Duration.between(started, Instant.now()).toSeconds() + " s");
  }

  private List<Variant> variants(Sinks healthy, Sinks refused, Sinks hanging) throws IOException {
    Path telemetry = options.workDir.toAbsolutePath().resolve("telemetry");
    Map<String, String> quartetCommon = new LinkedHashMap<>();
    quartetCommon.put("OTEL_SERVICE_NAME", SERVICE_NAME);
    quartetCommon.put("QUARTET_HTTP_ROUTES", HTTP_ROUTES);
    quartetCommon.put("QUARTET_TELEMETRY_DIR", telemetry.toString());

    Map<String, String> otelOnly = new LinkedHashMap<>(quartetCommon);
    otelOnly.put("OTEL_EXPORTER_OTLP_ENDPOINT", healthy.placeholders().get(Sinks.OTLP_ENDPOINT));
    otelOnly.put("OTEL_TRACES_SAMPLER", "always_on");
    otelOnly.put("QUARTET_XRAY_ENABLED", "false");
    otelOnly.put("QUARTET_CLOUDWATCH_ENABLED", "false");
    otelOnly.put("QUARTET_ROLLBAR_ENABLED", "false");

    // The OTel agent at its defaults (traces, metrics and logs over OTLP/HTTP protobuf), sampling every trace.
    Map<String, String> otelAgent = new LinkedHashMap<>();
    otelAgent.put("OTEL_SERVICE_NAME", SERVICE_NAME);
    otelAgent.put("OTEL_EXPORTER_OTLP_ENDPOINT", healthy.placeholders().get(Sinks.OTLP_ENDPOINT));
    otelAgent.put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
    otelAgent.put("OTEL_TRACES_SAMPLER", "always_on");

    List<Variant> list = new ArrayList<>();
    list.add(new Variant("no-agent", "No agent", null, Map.of("OTEL_SERVICE_NAME", SERVICE_NAME), healthy, true));
    list.add(new Variant("quartet-all", "Quartet, all backends", options.quartetAgent,
        allBackends(quartetCommon, healthy), healthy, true));
    list.add(new Variant("quartet-otel", "Quartet, OTel only", options.quartetAgent, otelOnly, healthy, true));
    list.add(new Variant("otel-agent", "OTel Java agent 2.33.1", options.otelAgent, otelAgent, healthy, true));
    list.add(new Variant("quartet-all-refused", "Quartet, all backends refusing connections", options.quartetAgent,
        allBackends(quartetCommon, refused), refused, false));
    list.add(new Variant("quartet-all-hanging", "Quartet, all backends hanging", options.quartetAgent,
        allBackends(quartetCommon, hanging), hanging, false));
    return list;
  }

  private Map<String, String> allBackends(Map<String, String> common, Sinks sinks) throws IOException {
    Map<String, String> env = new LinkedHashMap<>(common);
    env.putAll(BackendsEnv.read(options.backendsEnv, sinks.placeholders()));
    return env;
  }

  /** Startup to the first 200, {@code startupRuns} rounds, the variants' order rotating from round to round. */
  private void measureStartup(List<Variant> all) throws Exception {
    List<Variant> variants = all.stream().filter(v -> v.main).collect(java.util.stream.Collectors.toList());
    Map<String, List<Double>> wallMs = new LinkedHashMap<>();
    Map<String, List<Double>> cpuMs = new LinkedHashMap<>();
    int n = 0;
    for (int round = 0; round < options.startupRuns; round++) {
      for (int k = 0; k < variants.size(); k++) {
        Variant v = variants.get((k + round) % variants.size());
        Path dir = options.workDir.resolve("startup").resolve(v.id + "-" + (round + 1));
        try (AppJvm app = AppJvm.start(options.java, v.agentJar, JVM_ARGS, options.appJar, v.env, dir)) {
          double ms = app.awaitHealthy().toNanos() / 1e6;
          double cpu = app.cpuNanos() / 1e6;
          wallMs.computeIfAbsent(v.id, x -> new ArrayList<>()).add(ms);
          cpuMs.computeIfAbsent(v.id, x -> new ArrayList<>()).add(cpu);
          if (round == 0) {
            ((ObjectNode) variantsNode.get(v.id)).set("agentLines", tree(app.agentLines()));
          }
          app.stop();
          log(String.format("startup %d/%d %-22s %6.0f ms to the first 200 (%.0f ms CPU)",
              ++n, options.startupRuns * variants.size(), v.id, ms, cpu));
        }
      }
    }
    for (Variant v : variants) {
      ObjectNode s = ((ObjectNode) variantsNode.get(v.id)).putObject("startup");
      s.set("runsMs", tree(round1(wallMs.get(v.id))));
      s.put("medianMs", round1(Stats.median(wallMs.get(v.id))));
      s.set("cpuMs", tree(round1(cpuMs.get(v.id))));
      s.put("medianCpuMs", round1(Stats.median(cpuMs.get(v.id))));
    }
  }

  /**
   * Warm-up, then a measured wrk run, per variant and round (order rotating), then memory, threads and stop. The
   * backends-down variants run in the first round only: they are compared with the healthy run, not ranked.
   */
  private void measureLoad(List<Variant> variants) throws Exception {
    int n = 0;
    long total = variants.size() + (options.rounds - 1) * variants.stream().filter(v -> v.main).count();
    for (int round = 0; round < options.rounds; round++) {
      for (int k = 0; k < variants.size(); k++) {
        Variant v = variants.get((k + round) % variants.size());
        if (round > 0 && !v.main) {
          continue;
        }
        ObjectNode r = loadRun(v, round + 1);
        ObjectNode node = (ObjectNode) variantsNode.get(v.id);
        (node.has("loadRuns") ? (ArrayNode) node.get("loadRuns") : node.putArray("loadRuns")).add(r);
        log(String.format("load %d/%d %-22s %8.0f req/s  p50 %.2f ms  p99 %.2f ms  p99.9 %.2f ms  %.0f µs CPU/req",
            ++n, total, v.id, r.get("requestsPerSecond").asDouble(),
            r.get("p50Ms").asDouble(), r.get("p99Ms").asDouble(), r.get("p999Ms").asDouble(),
            r.get("cpuMicrosPerRequest").asDouble()));
      }
    }
  }

  private ObjectNode loadRun(Variant v, int round) throws Exception {
    Path dir = options.workDir.resolve("load").resolve(v.id + "-" + round);
    Map<String, Long> before = v.sinks.counts();
    ObjectNode r = JSON.createObjectNode();
    r.put("round", round);
    try (AppJvm app = AppJvm.start(options.java, v.agentJar, JVM_ARGS, options.appJar, v.env, dir)) {
      app.awaitHealthy();
      String url = "http://127.0.0.1:" + app.port + URL_PATH;
      Wrk.Result warm = wrk.run(url, options.warmupSeconds, dir.resolve("wrk-warmup.txt"));
      long cpuBefore = app.cpuNanos();
      Map<String, Long> groupsBefore = ProcFs.cpuNanosByThreadGroup(app.pid());
      Wrk.Result measured = wrk.run(url, options.durationSeconds, dir.resolve("wrk.txt"));
      long cpuNanos = app.cpuNanos() - cpuBefore;
      Map<String, Long> groupsAfter = ProcFs.cpuNanosByThreadGroup(app.pid());
      long threads = app.threads();
      long peakRssKb = app.peakRssKb();
      long[] heap = app.heapAfterGcKb();
      if (!variantsNode.get(v.id).has("agentLines")) {
        ((ObjectNode) variantsNode.get(v.id)).set("agentLines", tree(app.agentLines()));
      }
      Duration stop = app.stop();
      app.trimLogs();
      Thread.sleep(300); // the last UDP datagrams may still be in the sink's socket buffer
      Map<String, Long> received = Counters.difference(before, v.sinks.counts());

      r.put("requests", measured.requests);
      r.put("errors", measured.errors);
      r.put("requestsPerSecond", round1(measured.requestsPerSecond()));
      r.put("p50Ms", round3(measured.latencyMs("p50")));
      r.put("p90Ms", round3(measured.latencyMs("p90")));
      r.put("p99Ms", round3(measured.latencyMs("p99")));
      r.put("p999Ms", round3(measured.latencyMs("p999")));
      r.put("maxMs", round3(measured.latencyMs("max")));
      r.put("cpuMicrosPerRequest", round3(cpuNanos / 1e3 / Math.max(1, measured.requests)));
      r.put("cpuCoresUsed", round3(cpuNanos / 1e9 / measured.seconds));
      ObjectNode byGroup = r.putObject("cpuMicrosPerRequestByThreads");
      for (String g : ProcFs.THREAD_GROUPS) {
        long spent = groupsAfter.getOrDefault(g, 0L) - groupsBefore.getOrDefault(g, 0L);
        byGroup.put(g, round3(spent / 1e3 / Math.max(1, measured.requests)));
      }
      r.put("peakRssMb", round1(peakRssKb / 1024.0));
      r.put("heapAfterGcMb", round1(heap[0] / 1024.0));
      r.put("metaspaceMb", round1(heap[1] / 1024.0));
      r.put("threads", threads);
      r.put("stopMs", stop == null ? null : round1(stop.toNanos() / 1e6));
      r.put("requestsServed", warm.requests + measured.requests + 1);
      r.set("sinkReceived", tree(received));
      r.set("wrk", measured.raw);
    }
    return r;
  }

  /** Per variant, the median over rounds of each load figure; ratios to "no agent"; the targets. */
  private void summarize() {
    String[] figures = {"requestsPerSecond", "p50Ms", "p90Ms", "p99Ms", "p999Ms", "cpuMicrosPerRequest",
        "peakRssMb", "heapAfterGcMb", "metaspaceMb", "threads", "stopMs", "errors"};
    variantsNode.fields().forEachRemaining(e -> {
      ObjectNode node = (ObjectNode) e.getValue();
      ObjectNode load = node.putObject("load");
      for (String f : figures) {
        List<Double> values = new ArrayList<>();
        node.path("loadRuns").forEach(r -> {
          if (r.hasNonNull(f)) {
            values.add(r.get(f).asDouble());
          }
        });
        load.put(f, values.isEmpty() ? null : round3(Stats.median(values)));
      }
      ObjectNode byThreads = load.putObject("cpuMicrosPerRequestByThreads");
      for (String g : ProcFs.THREAD_GROUPS) {
        List<Double> values = new ArrayList<>();
        node.path("loadRuns").forEach(r -> {
          if (r.path("cpuMicrosPerRequestByThreads").hasNonNull(g)) {
            values.add(r.path("cpuMicrosPerRequestByThreads").get(g).asDouble());
          }
        });
        byThreads.put(g, values.isEmpty() ? null : round3(Stats.median(values)));
      }
      ObjectNode exported = load.putObject("exportedPerRequest");
      long served = 0;
      Map<String, Long> totals = new LinkedHashMap<>();
      for (var r : node.path("loadRuns")) {
        served += r.get("requestsServed").asLong();
        r.get("sinkReceived").fields().forEachRemaining(c -> totals.merge(c.getKey(), c.getValue().asLong(), Long::sum));
      }
      for (String key : List.of("otlp.spans", "xray.documents", "cloudwatch.events", "rollbar.items")) {
        exported.put(key, served == 0 ? 0 : round3(totals.getOrDefault(key, 0L) / (double) served));
      }
    });
    results.set("targets", Report.targets(results));
  }

  /** As a JSON tree (not a POJO node), so that the report can walk it. */
  private static com.fasterxml.jackson.databind.JsonNode tree(Object value) {
    return JSON.valueToTree(value);
  }

  private static ObjectNode masked(Map<String, String> env) {
    ObjectNode n = JSON.createObjectNode();
    env.forEach((k, v) -> n.put(k, k.matches(".*(SECRET|TOKEN|KEY|PASSWORD).*") ? "<dummy, masked>" : v));
    return n;
  }

  static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }

  static double round3(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  private static List<Double> round1(List<Double> values) {
    List<Double> out = new ArrayList<>();
    values.forEach(v -> out.add(round1(v)));
    return out;
  }

  private static Path absoluteParent(Path p) {
    return p.toAbsolutePath().getParent();
  }

  static void log(String message) {
    System.out.println("[bench] " + message);
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toArray(Path[]::new)) {
        Files.delete(p);
      }
    }
  }
}
