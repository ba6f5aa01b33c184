package dev.quartet.bench.run;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The side-by-side benchmark behind {@code bench/run.sh}: no agent, Quartet and the OpenTelemetry Java agent, every
 * backend sending to loopback sinks started here, in three sections (each can be run alone with {@code --only}):
 * <ul>
 *   <li>{@code short-lived}: a main that returns at once, wall and CPU;
 *   <li>{@code startup}: three apps (the sample app, a Spring Boot MVC + JPA app, the Tomcat distribution serving a
 *       WAR): time to the first 200 and CPU until 10 s after it with one request a second (runs interleaved);
 *   <li>{@code load}: the sample app under wrk, all backends at 100% sampling and at their default sampling, the OTel
 *       agent, the backends down: throughput, latency, CPU per request, memory, threads.
 * </ul>
 * Writes {@code bench/results.json} and {@code docs/PERFORMANCE.md}.
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
  static final List<String> SECTIONS = List.of("short-lived", "startup", "load");
  /** The agents each app starts with in the startup section, and in the short-lived one. */
  static final List<String> STARTUP_VARIANTS = List.of("none", "quartet", "otel");
  /** After the first 200: one request a second for this long, then the CPU used so far is read. */
  static final int TRAFFIC_SECONDS = 10;
  /**
   * A request of the light traffic not answered within this counts as failed. Generous: at a load average of 40 on
   * 2 cores, Tomcat's first JSP compile with an agent took 31 s.
   */
  static final int TRAFFIC_TIMEOUT_MILLIS = 60_000;

  /** Everything a run is told on its command line (bench/run.sh passes them all). */
  static final class Options {
    boolean quick;
    boolean reportOnly;
    boolean dryRun;
    /** An app to start once with Quartet under Java Flight Recorder (bench/profile.sh --startup), or null. */
    String profileStartup;
    Set<String> only = new LinkedHashSet<>(SECTIONS);
    Set<String> apps = new LinkedHashSet<>(List.of("sample", "spring-jpa", "tomcat"));
    Path quartetAgent = Paths.get("agent/target/quartet-agent.jar");
    Path otelAgent = Paths.get("bench/target/otel/opentelemetry-javaagent.jar");
    Path appJar = Paths.get("sample-app/target/sample-app.jar");
    Path springJar = Paths.get("bench/apps/spring-jpa/target/spring-jpa.jar");
    Path containers = Paths.get("bench/target/containers");
    Path war = Paths.get("compat/apps/war-jakarta-log4j/target/compat.war");
    Path backendsEnv = Paths.get("bench/backends.env");
    Path wrkScript = Paths.get("bench/wrk-report.lua");
    Path template = Paths.get("bench/PERFORMANCE.template.md");
    Path whyNotes = Paths.get("bench/targets-why.md");
    Path workDir = Paths.get("bench/target/work");
    Path json = Paths.get("bench/results.json");
    Path markdown = Paths.get("docs/PERFORMANCE.md");
    Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
    String wrk = "wrk";
    String command = "bench/run.sh";
    int wrkThreads = 1;
    int connections = 16;
    int warmupSeconds = -1;
    int maxWarmupSeconds = -1;
    int durationSeconds = -1;
    int rounds = -1;
    int startupRuns = -1;
    int shortLivedRuns = -1;

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
        if (a.equals("--dry-run")) {
          o.dryRun = true;
          continue;
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("missing value after " + a);
        }
        String v = args[++i];
        switch (a) {
          case "--only": o.only = names(v, SECTIONS, "--only"); break;
          case "--apps": o.apps = names(v, List.of("sample", "spring-jpa", "tomcat"), "--apps"); break;
          case "--profile-startup":
            o.profileStartup = v;
            o.apps = names(v, List.of("sample", "spring-jpa", "tomcat"), "--profile-startup");
            break;
          case "--quartet-agent": o.quartetAgent = Paths.get(v); break;
          case "--otel-agent": o.otelAgent = Paths.get(v); break;
          case "--app-jar": o.appJar = Paths.get(v); break;
          case "--spring-jar": o.springJar = Paths.get(v); break;
          case "--containers": o.containers = Paths.get(v); break;
          case "--war": o.war = Paths.get(v); break;
          case "--backends-env": o.backendsEnv = Paths.get(v); break;
          case "--wrk-script": o.wrkScript = Paths.get(v); break;
          case "--template": o.template = Paths.get(v); break;
          case "--why": o.whyNotes = Paths.get(v); break;
          case "--work-dir": o.workDir = Paths.get(v); break;
          case "--json": o.json = Paths.get(v); break;
          case "--markdown": o.markdown = Paths.get(v); break;
          case "--java": o.java = Paths.get(v); break;
          case "--wrk": o.wrk = v; break;
          case "--command": o.command = v; break;
          case "--wrk-threads": o.wrkThreads = Integer.parseInt(v); break;
          case "--connections": o.connections = Integer.parseInt(v); break;
          case "--warmup-seconds": o.warmupSeconds = Integer.parseInt(v); break;
          case "--max-warmup-seconds": o.maxWarmupSeconds = Integer.parseInt(v); break;
          case "--duration-seconds": o.durationSeconds = Integer.parseInt(v); break;
          case "--rounds": o.rounds = Integer.parseInt(v); break;
          case "--startup-runs": o.startupRuns = Integer.parseInt(v); break;
          case "--short-lived-runs": o.shortLivedRuns = Integer.parseInt(v); break;
          default: throw new IllegalArgumentException("unknown option " + a);
        }
      }
      // the app JVMs run in folders of their own: every path handed to them must be absolute
      o.quartetAgent = o.quartetAgent.toAbsolutePath();
      o.otelAgent = o.otelAgent.toAbsolutePath();
      o.appJar = o.appJar.toAbsolutePath();
      o.springJar = o.springJar.toAbsolutePath();
      o.containers = o.containers.toAbsolutePath();
      o.war = o.war.toAbsolutePath();
      o.wrkScript = o.wrkScript.toAbsolutePath();
      o.workDir = o.workDir.toAbsolutePath();
      // the arithmetic of each mode's duration is in bench/run.sh's header and docs/PERFORMANCE.md
      o.warmupSeconds = o.warmupSeconds > 0 ? o.warmupSeconds : o.quick ? 5 : 20;
      o.maxWarmupSeconds = Math.max(o.warmupSeconds, o.maxWarmupSeconds > 0 ? o.maxWarmupSeconds : o.quick ? 30 : 120);
      o.durationSeconds = o.durationSeconds > 0 ? o.durationSeconds : o.quick ? 8 : 20;
      o.rounds = o.rounds > 0 ? o.rounds : o.quick ? 1 : 2;
      o.startupRuns = o.startupRuns > 0 ? o.startupRuns : o.quick ? 1 : 3;
      o.shortLivedRuns = o.shortLivedRuns > 0 ? o.shortLivedRuns : o.quick ? 3 : 10;
      return o;
    }

    private static Set<String> names(String list, List<String> known, String option) {
      Set<String> chosen = new LinkedHashSet<>();
      for (String n : list.split(",")) {
        if (!known.contains(n.trim())) {
          throw new IllegalArgumentException(option + ": unknown " + n + " (one of " + known + ")");
        }
        chosen.add(n.trim());
      }
      return chosen;
    }

    /**
     * A hard limit for the whole run: the runner gives up (killing what it started) past it. Several times a quiet
     * machine's duration: on a loaded one, a Spring Boot start with an agent alone takes minutes.
     */
    Duration bound() {
      return quick || dryRun || profileStartup != null ? Duration.ofMinutes(40) : Duration.ofMinutes(120);
    }

    /** The unpacked Tomcat distribution: the one {@code apache-tomcat-*} folder the build put in containers/. */
    Path tomcatHome() throws IOException {
      try (var list = Files.list(containers)) {
        List<Path> homes = list.filter(p -> p.getFileName().toString().startsWith("apache-tomcat-"))
            .sorted().collect(Collectors.toList());
        if (homes.size() != 1) {
          throw new IOException("expected one apache-tomcat-* in " + containers + ", found " + homes);
        }
        return homes.get(0);
      }
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Options options;
  private final Wrk wrk;
  private final ObjectNode results = JSON.createObjectNode();
  private final ObjectNode variantsNode;
  private final ArrayNode sectionsNode;

  private BenchRunner(Options options) {
    this.options = options;
    this.wrk = new Wrk(options.wrk, options.wrkScript, options.wrkThreads, options.connections);
    results.put("schema", 2);
    results.put("mode", options.dryRun ? "dry-run" : options.quick ? "quick" : "full");
    results.put("preliminary", options.quick || !options.only.containsAll(SECTIONS)
        || !options.apps.containsAll(List.of("sample", "spring-jpa", "tomcat")));
    results.put("command", options.command);
    variantsNode = JSON.createObjectNode();
    sectionsNode = JSON.createArrayNode();
  }

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    if (options.reportOnly) {
      rewriteReport(options);
      return;
    }
    startWatchdog(options.bound());
    new BenchRunner(options).run();
    System.exit(0); // the sinks' and HTTP threads are done; nothing else to wait for
  }

  /** Writes docs/PERFORMANCE.md again from bench/results.json and the template, without measuring anything. */
  private static void rewriteReport(Options options) throws IOException {
    ObjectNode results = (ObjectNode) JSON.readTree(options.json.toFile());
    results.set("targets", Report.targets(results));
    results.set("targetsIssue6", Report.issue6Targets(results));
    Files.writeString(options.json, JSON.writeValueAsString(results) + "\n", StandardCharsets.UTF_8);
    writeMarkdown(options, results);
    log("rewrote " + options.markdown + " from " + options.json);
  }

  private static void writeMarkdown(Options options, JsonNode results) throws IOException {
    String why = Files.isRegularFile(options.whyNotes) ? Files.readString(options.whyNotes) : "";
    Files.createDirectories(absoluteParent(options.markdown));
    Files.writeString(options.markdown,
        Report.markdown(results, Files.readString(options.template), WhyNotes.parse(why)), StandardCharsets.UTF_8);
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

  private List<BenchApp> apps() throws IOException {
    List<BenchApp> all = new ArrayList<>();
    if (options.apps.contains("sample")) {
      all.add(BenchApp.sample(options.appJar));
    }
    if (options.apps.contains("spring-jpa")) {
      all.add(BenchApp.springJpa(options.springJar));
    }
    if (options.apps.contains("tomcat")) {
      all.add(BenchApp.tomcat(options.tomcatHome(), options.war));
    }
    return all;
  }

  private void run() throws Exception {
    List<BenchApp> apps = apps();
    List<Path> required = new ArrayList<>(List.of(options.quartetAgent, options.otelAgent, options.appJar,
        options.backendsEnv, options.wrkScript, options.template));
    apps.forEach(a -> required.addAll(a.required()));
    for (Path p : required) {
      if (!Files.isRegularFile(p)) {
        throw new IllegalStateException("missing " + p + " (bench/run.sh builds and fetches everything)");
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
    settings.put("maxWarmupSeconds", options.maxWarmupSeconds);
    settings.put("settledJitShare", SETTLED_JIT_SHARE);
    settings.put("durationSeconds", options.durationSeconds);
    settings.put("rounds", options.rounds);
    settings.put("startupRuns", options.startupRuns);
    settings.put("shortLivedRuns", options.shortLivedRuns);
    settings.put("trafficSeconds", TRAFFIC_SECONDS);
    settings.set("jvmArgs", tree(JVM_ARGS));
    settings.set("sections", tree(options.only));
    settings.set("apps", tree(options.apps));
    ObjectNode agents = results.putObject("agents");
    agents.putObject("quartet").put("jar", options.quartetAgent.getFileName().toString())
        .put("bytes", Files.size(options.quartetAgent));
    agents.putObject("otel").put("jar", options.otelAgent.getFileName().toString())
        .put("bytes", Files.size(options.otelAgent));
    results.set("sections", sectionsNode);

    try (Sinks healthy = Sinks.healthy(); Sinks refused = Sinks.refused(); Sinks hanging = Sinks.hanging()) {
      log("work dir " + options.workDir + "; sinks " + healthy.placeholders());
      if (options.profileStartup != null) {
        profileStartup(apps.get(0), healthy);
        return;
      }
      if (options.dryRun) {
        dryRun(apps, healthy);
        log("dry run: every app answered with every agent (" + Duration.between(started, Instant.now()).toSeconds()
            + " s); nothing written");
        return;
      }
      if (options.only.contains("short-lived")) {
        section("short-lived", () -> measureShortLived(healthy));
      }
      if (options.only.contains("startup")) {
        section("startup", () -> measureStartup(apps, healthy));
      }
      if (options.only.contains("load")) {
        List<Variant> variants = loadVariants(healthy, refused, hanging);
        for (Variant v : variants) {
          ObjectNode node = variantsNode.putObject(v.id);
          node.put("label", v.label);
          node.put("agentJar", v.agentJar == null ? null : v.agentJar.getFileName().toString());
          node.put("agentJarBytes", v.agentJar == null ? 0 : Files.size(v.agentJar));
          node.put("sinks", v.sinks.kind());
          node.set("env", masked(v.env));
        }
        results.set("variants", variantsNode);
        section("load", () -> measureLoad(variants));
        summarizeLoad();
      }
    }
    results.set("targets", Report.targets(results));
    results.set("targetsIssue6", Report.issue6Targets(results));
    results.put("loadAverageAfter", Machine.loadAverage());
    results.put("elapsedSeconds", Duration.between(started, Instant.now()).toSeconds());
    Files.createDirectories(absoluteParent(options.json));
    Files.writeString(options.json, JSON.writeValueAsString(results) + "\n", StandardCharsets.UTF_8);
    writeMarkdown(options, results);
    log("wrote " + options.json + " and " + options.markdown + " in "
        + Duration.between(started, Instant.now()).toSeconds() + " s");
  }

  private interface Section {
    void run() throws Exception;
  }

  /** Runs a section, noting the machine's load average before and after it and how long it took. */
  private void section(String name, Section body) throws Exception {
    ObjectNode s = sectionsNode.addObject();
    s.put("name", name);
    s.put("loadAverageBefore", Machine.loadAverage());
    Instant t0 = Instant.now();
    log("section " + name + " (load average " + Machine.loadAverage() + ")");
    body.run();
    s.put("loadAverageAfter", Machine.loadAverage());
    s.put("seconds", Duration.between(t0, Instant.now()).toSeconds());
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The agents' environments

  /** Quartet with every backend at the sinks, as bench/backends.env says (every trace sampled). */
  private Map<String, String> quartetAllBackends(Sinks sinks, String serviceName, boolean sampleApp)
      throws IOException {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("OTEL_SERVICE_NAME", serviceName);
    if (sampleApp) {
      env.put("QUARTET_HTTP_ROUTES", HTTP_ROUTES);
    }
    env.put("QUARTET_TELEMETRY_DIR", options.workDir.resolve("telemetry").toString());
    env.putAll(BackendsEnv.read(options.backendsEnv, sinks.placeholders()));
    return env;
  }

  /**
   * The same at the backends' default sampling, which is what users run: OpenTelemetry's default sampler
   * ({@code parentbased_always_on}: every request that arrives without a decision) and X-Ray's default rule (the
   * first request each second, then 5%), which Quartet applies with {@code QUARTET_XRAY_SAMPLING=local} and no rule
   * file, as the X-Ray service's own "Default" rule would through the daemon.
   */
  static Map<String, String> atDefaultSampling(Map<String, String> allSampled) {
    Map<String, String> env = new LinkedHashMap<>(allSampled);
    env.remove("OTEL_TRACES_SAMPLER");
    env.remove("OTEL_TRACES_SAMPLER_ARG");
    env.put("QUARTET_XRAY_SAMPLING", "local");
    return env;
  }

  /** The OTel agent at its defaults (traces, metrics and logs over OTLP/HTTP protobuf) to the sinks' OTLP one. */
  private static Map<String, String> otelAgentEnv(Sinks sinks, String serviceName) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("OTEL_SERVICE_NAME", serviceName);
    env.put("OTEL_EXPORTER_OTLP_ENDPOINT", sinks.placeholders().get(Sinks.OTLP_ENDPOINT));
    env.put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
    return env;
  }

  private Path agentJar(String variant) {
    return variant.equals("quartet") ? options.quartetAgent : variant.equals("otel") ? options.otelAgent : null;
  }

  private Map<String, String> startupEnv(String variant, Sinks sinks, BenchApp app) throws IOException {
    switch (variant) {
      case "quartet": return quartetAllBackends(sinks, app.serviceName, app.id.equals("sample"));
      case "otel": return otelAgentEnv(sinks, app.serviceName);
      default: return Map.of("OTEL_SERVICE_NAME", app.serviceName);
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Dry run: every app starts and answers its first request and every traffic request, with every agent

  private void dryRun(List<BenchApp> apps, Sinks sinks) throws Exception {
    for (BenchApp app : apps) {
      for (String variant : STARTUP_VARIANTS) {
        Path dir = options.workDir.resolve("dry-run").resolve(app.id + "-" + variant);
        try (AppJvm jvm = AppJvm.start(options.java, agentJar(variant), JVM_ARGS, app,
            startupEnv(variant, sinks, app), dir)) {
          double ms = jvm.awaitHealthy().toNanos() / 1e6;
          List<String> answers = new ArrayList<>();
          for (Http.Request r : app.traffic) {
            int status = Http.send(jvm.port, r, 60_000);
            answers.add(r + " → " + status);
            if (status / 100 != 2) {
              throw new IOException(app.id + " with " + variant + ": " + r + " answered " + status + "; see " + dir);
            }
          }
          log(String.format("dry run %-10s %-7s first 200 after %6.0f ms; %s; JVM warnings: %s", app.id, variant, ms,
              String.join(", ", answers), jvm.jvmWarnings()));
          jvm.stop();
        }
      }
    }
    Path hello = ShortLived.compileHello(options.workDir.resolve("hello"));
    for (String variant : STARTUP_VARIANTS) {
      ShortLived.Result r = ShortLived.run(options.java, agentJar(variant), hello,
          startupEnv(variant, sinks, BenchApp.sample(options.appJar)),
          options.workDir.resolve("dry-run").resolve("short-lived-" + variant));
      if (r.exitCode != 0 || !r.output.contains("hello")) {
        throw new IOException("short-lived JVM with " + variant + ": exit " + r.exitCode + ", output " + r.output);
      }
      log(String.format("dry run short-lived %-7s %6.0f ms wall, %6.0f ms CPU; JVM warnings: %s", variant, r.wallMs,
          r.cpuMs, JvmWarnings.extract(r.output)));
    }
  }

  /**
   * For bench/profile.sh --startup: the app once with Quartet (all backends) under Java Flight Recorder from the
   * JVM's first moment, through the first 200 and the light traffic, to its exit (where the recording is written).
   */
  private void profileStartup(BenchApp app, Sinks sinks) throws Exception {
    Path dir = options.workDir.resolve("profile-startup").resolve(app.id);
    Path jfr = dir.resolve("startup.jfr");
    List<String> jvmArgs = new ArrayList<>(JVM_ARGS);
    // QUARTET_BENCH_ASYNC_PROFILER=/path/libasyncProfiler.so: async-profiler (sees VM time JFR misses) instead of JFR
    String asyncProfiler = System.getenv("QUARTET_BENCH_ASYNC_PROFILER");
    if (asyncProfiler != null) {
      Files.createDirectories(dir);
      jvmArgs.add("-agentpath:" + asyncProfiler + "=start,event=itimer,interval=1ms,threads,collapsed,file="
          + dir.resolve("startup.collapsed"));
    } else {
      jvmArgs.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + jfr);
    }
    StartupRun run = new StartupRun();
    try (AppJvm jvm = AppJvm.start(options.java, options.quartetAgent, jvmArgs, app,
        startupEnv("quartet", sinks, app), dir)) {
      run.firstMs = jvm.awaitHealthy().toNanos() / 1e6;
      run.cpuToFirstMs = jvm.cpuNanos() / 1e6;
      lightTraffic(jvm, app, run, (long) (run.firstMs * 1e6));
      run.cpuWindowMs = jvm.cpuNanos() / 1e6;
      jvm.agentLines().forEach(l -> log("agent: " + l));
      jvm.stop();
    }
    log(String.format("%s with Quartet under JFR: first 200 after %.0f ms, CPU %.0f ms then, %.0f ms %d s later;"
        + " recording %s", app.id, run.firstMs, run.cpuToFirstMs, run.cpuWindowMs, TRAFFIC_SECONDS, jfr));
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Short-lived JVM

  private void measureShortLived(Sinks sinks) throws Exception {
    Path hello = ShortLived.compileHello(options.workDir.resolve("hello"));
    Map<String, List<Double>> wall = new LinkedHashMap<>();
    Map<String, List<Double>> cpu = new LinkedHashMap<>();
    Map<String, List<String>> warnings = new LinkedHashMap<>();
    int n = 0;
    for (int round = 0; round < options.shortLivedRuns; round++) {
      for (int k = 0; k < STARTUP_VARIANTS.size(); k++) {
        String v = STARTUP_VARIANTS.get((k + round) % STARTUP_VARIANTS.size());
        Path dir = options.workDir.resolve("short-lived").resolve(v + "-" + (round + 1));
        ShortLived.Result r = ShortLived.run(options.java, agentJar(v), hello,
            startupEnv(v, sinks, BenchApp.sample(options.appJar)), dir);
        if (r.exitCode != 0 || !r.output.contains("hello")) {
          throw new IOException("short-lived JVM with " + v + ": exit " + r.exitCode + "; see " + dir);
        }
        wall.computeIfAbsent(v, x -> new ArrayList<>()).add(r.wallMs);
        cpu.computeIfAbsent(v, x -> new ArrayList<>()).add(r.cpuMs);
        warnings.computeIfAbsent(v, x -> JvmWarnings.extract(r.output));
        log(String.format("short-lived %d/%d %-8s %6.0f ms wall, %6.0f ms CPU", ++n,
            options.shortLivedRuns * STARTUP_VARIANTS.size(), v, r.wallMs, r.cpuMs));
      }
    }
    ObjectNode section = results.putObject("shortLived");
    section.put("command", "java [-javaagent:…] -cp <dir> Hello");
    section.put("source", ShortLived.SOURCE.trim());
    ObjectNode vs = section.putObject("variants");
    for (String v : STARTUP_VARIANTS) {
      ObjectNode node = vs.putObject(v);
      node.set("wallMs", tree(round1(wall.get(v))));
      node.put("medianWallMs", round1(Stats.median(wall.get(v))));
      node.set("cpuMs", tree(round1(cpu.get(v))));
      node.put("medianCpuMs", round1(Stats.median(cpu.get(v))));
      node.set("jvmWarnings", tree(warnings.get(v)));
      node.set("jvmWarningsAdded", tree(JvmWarnings.added(warnings.get(v), warnings.get("none"))));
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Startup on three apps

  /** One startup run: time to the first 200, CPU then, at 10 s after the start, and after the light traffic. */
  static final class StartupRun {
    double firstMs;
    double cpuToFirstMs;
    /** CPU at 10 s after the JVM's start, if it had answered by then; NaN otherwise. */
    double cpuAt10sMs = Double.NaN;
    double cpuWindowMs;
    int trafficErrors;
  }

  private StartupRun startupRun(BenchApp app, String variant, Sinks sinks, Path dir, boolean first)
      throws Exception {
    StartupRun run = new StartupRun();
    try (AppJvm jvm = AppJvm.start(options.java, agentJar(variant), JVM_ARGS, app, startupEnv(variant, sinks, app),
        dir)) {
      long firstNanos = jvm.awaitHealthy().toNanos();
      run.firstMs = firstNanos / 1e6;
      run.cpuToFirstMs = jvm.cpuNanos() / 1e6;
      lightTraffic(jvm, app, run, firstNanos);
      run.cpuWindowMs = jvm.cpuNanos() / 1e6;
      if (first) {
        ObjectNode node = child(results, "startup", "apps", app.id, "variants", variant);
        node.set("agentLines", tree(jvm.agentLines()));
        node.set("jvmWarnings", tree(jvm.jvmWarnings()));
      }
      jvm.stop();
      jvm.trimLogs();
    }
    return run;
  }

  /**
   * One request a second after the first 200 (at +1 s … +{@link #TRAFFIC_SECONDS} s), the app's requests in turn,
   * counting failures; the CPU at 10 s after the start is read on the way when the app had answered by then.
   */
  private static void lightTraffic(AppJvm jvm, BenchApp app, StartupRun run, long firstNanos)
      throws IOException, InterruptedException {
    long tenSeconds = Duration.ofSeconds(10).toNanos();
    for (int i = 1; i <= TRAFFIC_SECONDS; i++) {
      long due = firstNanos + Duration.ofSeconds(i).toNanos();
      if (Double.isNaN(run.cpuAt10sMs) && firstNanos < tenSeconds && due >= tenSeconds) {
        sleepUntil(jvm, tenSeconds);
        run.cpuAt10sMs = jvm.cpuNanos() / 1e6;
      }
      sleepUntil(jvm, due);
      Http.Request r = app.traffic.get((i - 1) % app.traffic.size());
      try {
        if (Http.send(jvm.port, r, TRAFFIC_TIMEOUT_MILLIS) / 100 != 2) {
          run.trafficErrors++;
        }
      } catch (IOException e) {
        run.trafficErrors++;
      }
    }
  }

  private static void sleepUntil(AppJvm jvm, long sinceStartNanos) throws InterruptedException {
    long wait = sinceStartNanos - jvm.sinceStartNanos();
    if (wait > 0) {
      Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
    }
  }

  /**
   * {@code startupRuns} rounds; in each, every app with each agent, the agents' order rotating from round to round
   * (and the apps in turn), so that a machine getting busier or quieter weighs on every variant alike.
   */
  private void measureStartup(List<BenchApp> apps, Sinks sinks) throws Exception {
    Map<String, List<StartupRun>> runs = new LinkedHashMap<>();
    int n = 0;
    int total = options.startupRuns * apps.size() * STARTUP_VARIANTS.size();
    for (int round = 0; round < options.startupRuns; round++) {
      for (BenchApp app : apps) {
        for (int k = 0; k < STARTUP_VARIANTS.size(); k++) {
          String v = STARTUP_VARIANTS.get((k + round) % STARTUP_VARIANTS.size());
          Path dir = options.workDir.resolve("startup").resolve(app.id + "-" + v + "-" + (round + 1));
          StartupRun r = startupRun(app, v, sinks, dir, round == 0);
          runs.computeIfAbsent(app.id + "/" + v, x -> new ArrayList<>()).add(r);
          log(String.format("startup %d/%d %-10s %-7s %7.0f ms to the first 200; CPU %7.0f ms then, %7.0f ms %d s"
                  + " later%s", ++n, total, app.id, v, r.firstMs, r.cpuToFirstMs, r.cpuWindowMs, TRAFFIC_SECONDS,
              r.trafficErrors == 0 ? "" : "; " + r.trafficErrors + " requests failed"));
        }
      }
    }
    ObjectNode appsNode = child(results, "startup", "apps");
    for (BenchApp app : apps) {
      ObjectNode a = child(appsNode, app.id);
      a.put("label", app.label);
      a.put("firstRequest", "GET " + app.firstRequestPath);
      a.set("traffic", tree(app.traffic.stream().map(Object::toString).collect(Collectors.toList())));
      for (String v : STARTUP_VARIANTS) {
        List<StartupRun> list = runs.get(app.id + "/" + v);
        ObjectNode node = child(a, "variants", v);
        node.set("firstMs", tree(round1(list.stream().map(r -> r.firstMs).collect(Collectors.toList()))));
        node.set("cpuToFirstMs", tree(round1(list.stream().map(r -> r.cpuToFirstMs).collect(Collectors.toList()))));
        node.set("cpuWindowMs", tree(round1(list.stream().map(r -> r.cpuWindowMs).collect(Collectors.toList()))));
        List<Double> at10 = list.stream().map(r -> r.cpuAt10sMs).filter(x -> !Double.isNaN(x))
            .collect(Collectors.toList());
        node.set("cpuAt10sMs", tree(round1(at10)));
        node.put("medianFirstMs", round1(Stats.median(numbers(node.path("firstMs")))));
        node.put("medianCpuToFirstMs", round1(Stats.median(numbers(node.path("cpuToFirstMs")))));
        node.put("medianCpuWindowMs", round1(Stats.median(numbers(node.path("cpuWindowMs")))));
        if (at10.size() == list.size()) {
          node.put("medianCpuAt10sMs", round1(Stats.median(at10)));
        }
        node.put("trafficErrors", list.stream().mapToInt(r -> r.trafficErrors).sum());
      }
      ObjectNode none = (ObjectNode) a.at("/variants/none");
      ObjectNode quartet = (ObjectNode) a.at("/variants/quartet");
      ObjectNode otel = (ObjectNode) a.at("/variants/otel");
      ObjectNode ratios = a.putObject("overheadRatios");
      for (String f : List.of("medianFirstMs", "medianCpuToFirstMs", "medianCpuWindowMs", "medianCpuAt10sMs")) {
        ratios.put(f, round3(Stats.overheadRatio(Report.number(quartet.path(f)), Report.number(otel.path(f)),
            Report.number(none.path(f)))));
      }
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Steady state on the sample app

  private List<Variant> loadVariants(Sinks healthy, Sinks refused, Sinks hanging) throws IOException {
    Map<String, String> otelOnly = new LinkedHashMap<>();
    otelOnly.put("OTEL_SERVICE_NAME", SERVICE_NAME);
    otelOnly.put("QUARTET_HTTP_ROUTES", HTTP_ROUTES);
    otelOnly.put("QUARTET_TELEMETRY_DIR", options.workDir.resolve("telemetry").toString());
    otelOnly.put("OTEL_EXPORTER_OTLP_ENDPOINT", healthy.placeholders().get(Sinks.OTLP_ENDPOINT));
    otelOnly.put("OTEL_TRACES_SAMPLER", "always_on");
    otelOnly.put("QUARTET_XRAY_ENABLED", "false");
    otelOnly.put("QUARTET_CLOUDWATCH_ENABLED", "false");
    otelOnly.put("QUARTET_ROLLBAR_ENABLED", "false");
    Map<String, String> all = quartetAllBackends(healthy, SERVICE_NAME, true);

    List<Variant> list = new ArrayList<>();
    list.add(new Variant("no-agent", "No agent", null, Map.of("OTEL_SERVICE_NAME", SERVICE_NAME), healthy, true));
    list.add(new Variant("quartet-all", "Quartet, all backends, 100% sampled", options.quartetAgent, all, healthy,
        true));
    list.add(new Variant("quartet-defaults", "Quartet, all backends, default sampling", options.quartetAgent,
        atDefaultSampling(all), healthy, true));
    list.add(new Variant("otel-agent", "OTel Java agent 2.33.1", options.otelAgent,
        otelAgentEnv(healthy, SERVICE_NAME), healthy, true));
    if (!options.quick) {
      list.add(new Variant("quartet-otel", "Quartet, OTel only, 100% sampled", options.quartetAgent, otelOnly,
          healthy, false));
      list.add(new Variant("quartet-all-refused", "Quartet, all backends refusing connections", options.quartetAgent,
          quartetAllBackends(refused, SERVICE_NAME, true), refused, false));
      list.add(new Variant("quartet-all-hanging", "Quartet, all backends hanging", options.quartetAgent,
          quartetAllBackends(hanging, SERVICE_NAME, true), hanging, false));
    }
    return list;
  }

  /**
   * Warm-up, then a measured wrk run, per variant and round (order rotating), then memory, threads and stop. The
   * variants that are not compared round by round (OTel only, backends down) run in the first round only.
   */
  private void measureLoad(List<Variant> variants) throws Exception {
    BenchApp sample = BenchApp.sample(options.appJar);
    int n = 0;
    long total = variants.size() + (options.rounds - 1) * variants.stream().filter(v -> v.main).count();
    for (int round = 0; round < options.rounds; round++) {
      for (int k = 0; k < variants.size(); k++) {
        Variant v = variants.get((k + round) % variants.size());
        if (round > 0 && !v.main) {
          continue;
        }
        ObjectNode r = loadRun(sample, v, round + 1);
        ObjectNode node = (ObjectNode) variantsNode.get(v.id);
        (node.has("loadRuns") ? (ArrayNode) node.get("loadRuns") : node.putArray("loadRuns")).add(r);
        log(String.format("load %d/%d %-22s %8.0f req/s  p50 %.2f ms  p99 %.2f ms  p99.9 %.2f ms  %.0f µs CPU/req"
                + " (JIT %.1f µs; warm-up %d s, JIT %.1f%% of its last step)",
            ++n, total, v.id, r.get("requestsPerSecond").asDouble(),
            r.get("p50Ms").asDouble(), r.get("p99Ms").asDouble(), r.get("p999Ms").asDouble(),
            r.get("cpuMicrosPerRequest").asDouble(), r.at("/cpuMicrosPerRequestByThreads/jit").asDouble(),
            r.get("warmupSeconds").asInt(), 100 * r.get("warmupJitShare").asDouble()));
      }
    }
  }

  /** Warm-up steps of at most this long, so that the JIT threads' share is looked at every step. */
  static final int WARMUP_STEP_SECONDS = 10;
  /**
   * The JIT compiler threads' share of the JVM's CPU in the last warm-up step at which the JVM counts as warm. The
   * agents' senders run their code once per batch, not per request, so it reaches the compile thresholds late: a
   * fixed 20 s warm-up left Quartet compiling in the measured window (tens of µs a request at low throughput).
   */
  static final double SETTLED_JIT_SHARE = 0.03;

  private static final class Warmup {
    int seconds;
    long requests;
    double jitShare = Double.NaN;
  }

  /**
   * Load at the measured concurrency for at least {@code warmupSeconds}, in steps, then on while the JIT compiler
   * threads took more than {@link #SETTLED_JIT_SHARE} of the JVM's CPU in the last step, up to
   * {@code maxWarmupSeconds}: the same rule for every variant, so each is measured once it stopped compiling.
   */
  private Warmup warmUp(AppJvm app, String url, Path dir) throws IOException, InterruptedException {
    Warmup w = new Warmup();
    while (w.seconds < options.maxWarmupSeconds) {
      int step = Math.min(WARMUP_STEP_SECONDS, options.maxWarmupSeconds - w.seconds);
      Map<String, Long> before = ProcFs.cpuNanosByThreadGroup(app.pid());
      Wrk.Result r = wrk.run(url, step, dir.resolve("wrk-warmup-" + w.seconds + ".txt"));
      Map<String, Long> after = ProcFs.cpuNanosByThreadGroup(app.pid());
      long all = 0;
      for (String g : ProcFs.THREAD_GROUPS) {
        all += after.getOrDefault(g, 0L) - before.getOrDefault(g, 0L);
      }
      w.seconds += step;
      w.requests += r.requests;
      w.jitShare = (after.getOrDefault("jit", 0L) - before.getOrDefault("jit", 0L)) / (double) Math.max(1, all);
      if (w.seconds >= options.warmupSeconds && w.jitShare <= SETTLED_JIT_SHARE) {
        break;
      }
    }
    return w;
  }

  private ObjectNode loadRun(BenchApp sample, Variant v, int round) throws Exception {
    Path dir = options.workDir.resolve("load").resolve(v.id + "-" + round);
    Map<String, Long> before = v.sinks.counts();
    ObjectNode r = JSON.createObjectNode();
    r.put("round", round);
    try (AppJvm app = AppJvm.start(options.java, v.agentJar, JVM_ARGS, sample, v.env, dir)) {
      app.awaitHealthy();
      String url = "http://127.0.0.1:" + app.port + URL_PATH;
      Warmup warm = warmUp(app, url, dir);
      r.put("warmupSeconds", warm.seconds);
      r.put("warmupJitShare", round3(warm.jitShare));
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

  /** Per variant, the median over rounds of each load figure, and what the sinks received per request served. */
  private void summarizeLoad() {
    String[] figures = {"requestsPerSecond", "p50Ms", "p90Ms", "p99Ms", "p999Ms", "cpuMicrosPerRequest",
        "peakRssMb", "heapAfterGcMb", "metaspaceMb", "threads", "stopMs", "errors"};
    variantsNode.properties().forEach(e -> {
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
        r.get("sinkReceived").properties().forEach(c -> totals.merge(c.getKey(), c.getValue().asLong(), Long::sum));
      }
      for (String key : List.of("otlp.spans", "xray.documents", "cloudwatch.events", "rollbar.items")) {
        exported.put(key, served == 0 ? 0 : round3(totals.getOrDefault(key, 0L) / (double) served));
      }
    });
  }

  private static List<Double> numbers(JsonNode array) {
    List<Double> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asDouble()));
    return out;
  }

  /** The object at {@code names} under {@code node}, made where it is missing. */
  static ObjectNode child(ObjectNode node, String... names) {
    ObjectNode at = node;
    for (String name : names) {
      at = at.has(name) ? (ObjectNode) at.get(name) : at.putObject(name);
    }
    return at;
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

  /** Rounded to 0.1; null (JSON null) for a figure that could not be had. */
  static Double round1(double v) {
    return Double.isNaN(v) || Double.isInfinite(v) ? null : Math.round(v * 10) / 10.0;
  }

  /** Rounded to 0.001; null (JSON null) for a figure that could not be had. */
  static Double round3(double v) {
    return Double.isNaN(v) || Double.isInfinite(v) ? null : Math.round(v * 1000) / 1000.0;
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
