package dev.quartet.bench.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Turns results.json into the tables of docs/PERFORMANCE.md (filling bench/PERFORMANCE.template.md). */
final class Report {
  static final String[] MAIN = {"no-agent", "quartet-all", "quartet-defaults", "quartet-otel", "otel-agent"};
  static final String[] STARTUP_VARIANTS = {"none", "quartet", "otel"};
  static final String[] STARTUP_LABELS = {"No agent", "Quartet, all backends", "OTel Java agent 2.33.1"};
  /** Quartet's startup overhead (time and CPU) as a share of the OTel agent's, at most (issue 14). */
  static final double STARTUP_SHARE = 0.25;
  /** A short-lived JVM: wall time the agent may add, at most (issue 14). */
  static final double SHORT_LIVED_MS = 300;
  static final String[] BACKENDS = {"xray", "otel", "cloudwatch", "rollbar"};
  /** Jar sizes in MB (10^6 bytes), as the issue quotes them (the OTel agent's 26.5 MB); memory in MiB. */
  static final double MB = 1_000_000;

  private Report() {}

  static String markdown(JsonNode results, String template, Map<String, String> why) {
    return template
        .replace("{{STATUS}}", status(results))
        .replace("{{STARTUP_TABLES}}", startupTables(results))
        .replace("{{SHORT_LIVED_TABLE}}", shortLivedTable(results))
        .replace("{{JVM_WARNINGS}}", jvmWarnings(results))
        .replace("{{BACKENDS_ON}}", backendsOn(results))
        .replace("{{MAIN_TABLE}}", has(results, "/variants/no-agent/load") ? mainTable(results) : NOT_MEASURED)
        .replace("{{FAILURE_TABLE}}", has(results, "/variants/quartet-all-refused/load") ? failureTable(results)
            : "_Not measured in this run (full mode only)._")
        .replace("{{TARGETS}}", targetsTable(results.path("targets"), why))
        .replace("{{TARGETS_ISSUE6}}", targetsTable(results.path("targetsIssue6"), Map.of()))
        .replace("{{MACHINE}}", machine(results))
        .replace("{{SETTINGS}}", settings(results))
        .replace("{{COMMAND}}", results.path("command").asText());
  }

  static final String NOT_MEASURED = "_Not measured in this run._";

  private static boolean has(JsonNode r, String pointer) {
    return !r.at(pointer).isMissingNode() && !r.at(pointer).isNull();
  }

  /** A JSON number as a double; NaN for anything else (missing, null). */
  static double number(JsonNode n) {
    return n != null && n.isNumber() ? n.asDouble() : Double.NaN;
  }

  private static String status(JsonNode r) {
    String when = r.path("generatedAt").asText() + ", " + r.path("elapsedSeconds").asLong() + " s";
    if (r.path("preliminary").asBoolean()) {
      String mode = r.path("mode").asText().equals("quick") ? "`--quick`" : "a partial run (`--only`/`--apps`)";
      return "> **Preliminary numbers** (" + mode + ": " + r.at("/settings/startupRuns").asInt()
          + " startup round(s), " + r.at("/settings/shortLivedRuns").asInt() + " short-lived runs per variant, "
          + r.at("/settings/warmupSeconds").asInt() + " s warm-up, "
          + r.at("/settings/durationSeconds").asInt() + " s measured, " + r.at("/settings/rounds").asInt()
          + " load round(s)), measured " + when
          + " on a shared machine busy with other builds (1-minute load average " + firstField(
              r.at("/machine/loadAverageBefore").asText()) + " before, " + firstField(r.path("loadAverageAfter").asText())
          + " after, on " + r.at("/machine/nproc").asText() + " cores). They show the harness works and the rough shape of"
          + " the costs; they are not the figures to quote. The full run (`bench/run.sh` without `--quick`, on a"
          + " quiet machine) replaces them.";
    }
    return "> Full run, measured " + when + ". Load average before/after: "
        + r.at("/machine/loadAverageBefore").asText() + " / " + r.path("loadAverageAfter").asText() + ".";
  }

  /** Which of the four backends the "all backends" runs really had on, read off Quartet's startup line. */
  private static String backendsOn(JsonNode r) {
    String line = startupLine(r.at("/variants/quartet-all"));
    if (line == null) {
      return "Quartet's startup line was not found in the \"all backends\" runs.";
    }
    List<String> on = new ArrayList<>();
    List<String> off = new ArrayList<>();
    for (String b : BACKENDS) {
      String state = backendState(line, b);
      (state.equals("on") ? on : off).add(state.equals("on") ? b : b + " (" + state + ")");
    }
    StringBuilder sb = new StringBuilder();
    sb.append("Backends on in the \"all backends\" runs: **").append(on.isEmpty() ? "none" : String.join(", ", on))
        .append("**");
    if (!off.isEmpty()) {
      sb.append("; off: ").append(String.join(", ", off))
          .append(". Until every backend is in the build, \"all backends\" measures only those that are on.");
    } else {
      sb.append(".");
    }
    sb.append("\n\nQuartet's startup line in those runs:\n\n```\n").append(line).append("\n```");
    return sb.toString();
  }

  static String startupLine(JsonNode variant) {
    for (JsonNode l : variant.path("agentLines")) {
      if (l.asText().contains("Quartet ") && l.asText().contains("instrumented:")) {
        return l.asText();
      }
    }
    return null;
  }

  /** "on", or why it is not: "not in this build yet", "switched off", "failed to start", "not on the line". */
  static String backendState(String startupLine, String backend) {
    int colon = startupLine.indexOf(": ");
    for (String part : startupLine.substring(colon + 2).split("; ")) {
      if (part.startsWith(backend + " ")) {
        String rest = part.substring(backend.length() + 1).trim();
        if (rest.startsWith("off (") && rest.endsWith(")")) {
          return rest.substring("off (".length(), rest.length() - 1);
        }
        if (rest.equals("off")) {
          return "switched off";
        }
        return rest.startsWith("failed") ? "failed to start" : "on";
      }
    }
    return "not on the line";
  }

  private static JsonNode load(JsonNode r, String variant) {
    return r.at("/variants/" + variant + "/load");
  }

  private static double value(JsonNode r, String variant, String path) {
    return number(r.at("/variants/" + variant + path));
  }

  /** The steady-state variants this run measured ({@code --quick} leaves out OTel only), in {@link #MAIN}'s order. */
  private static List<String> columns(JsonNode r) {
    List<String> present = new ArrayList<>();
    for (String v : MAIN) {
      if (has(r, "/variants/" + v + "/load")) {
        present.add(v);
      }
    }
    return present;
  }

  private static String mainTable(JsonNode r) {
    StringBuilder sb = new StringBuilder("| | ");
    List<String> header = new ArrayList<>();
    for (String v : columns(r)) {
      header.add(r.at("/variants/" + v + "/label").asText(v));
    }
    sb.append(String.join(" | ", header)).append(" |\n|---|").append("---:|".repeat(columns(r).size())).append('\n');
    row(sb, r, "Agent jar size", "/agentJarBytes", v -> v == 0 ? "–" : fmt(v / MB, 1) + " MB", false);
    row(sb, r, "Throughput", "/load/requestsPerSecond", v -> fmt(v, 0) + " req/s", true);
    row(sb, r, "Latency p50", "/load/p50Ms", v -> fmt(v, 2) + " ms", true);
    row(sb, r, "Latency p99", "/load/p99Ms", v -> fmt(v, 2) + " ms", true);
    row(sb, r, "Latency p99.9", "/load/p999Ms", v -> fmt(v, 2) + " ms", true);
    row(sb, r, "CPU per request, user+sys", "/load/cpuMicrosPerRequest", v -> fmt(v, 0) + " µs", true);
    row(sb, r, "… on the app's request threads", "/load/cpuMicrosPerRequestByThreads/app", v -> fmt(v, 0) + " µs",
        true);
    row(sb, r, "… on the agent's threads (and the JVM's idle ones)", "/load/cpuMicrosPerRequestByThreads/agent",
        v -> fmt(v, 0) + " µs", false);
    row(sb, r, "… on JIT compiler threads", "/load/cpuMicrosPerRequestByThreads/jit", v -> fmt(v, 1) + " µs", false);
    row(sb, r, "… on GC threads", "/load/cpuMicrosPerRequestByThreads/gc", v -> fmt(v, 1) + " µs", false);
    row(sb, r, "Peak RSS", "/load/peakRssMb", v -> fmt(v, 0) + " MiB", true);
    row(sb, r, "Heap used after full GC", "/load/heapAfterGcMb", v -> fmt(v, 1) + " MiB", true);
    row(sb, r, "Metaspace used", "/load/metaspaceMb", v -> fmt(v, 1) + " MiB", true);
    row(sb, r, "Threads", "/load/threads", v -> fmt(v, 0), true);
    row(sb, r, "Failed requests (wrk errors)", "/load/errors", v -> fmt(v, 0), false);
    sb.append("| Exported per request served: OTLP spans / X-Ray documents / CloudWatch events / Rollbar items |");
    for (String v : columns(r)) {
      JsonNode e = load(r, v).path("exportedPerRequest");
      sb.append(' ').append(fmt(e.path("otlp.spans").asDouble(), 2)).append(" / ")
          .append(fmt(e.path("xray.documents").asDouble(), 2)).append(" / ")
          .append(fmt(e.path("cloudwatch.events").asDouble(), 2)).append(" / ")
          .append(fmt(e.path("rollbar.items").asDouble(), 2)).append(" |");
    }
    return sb.append('\n').toString();
  }

  private static void row(StringBuilder sb, JsonNode r, String name, String path, Function<Double, String> format,
      boolean ratio) {
    sb.append("| ").append(name).append(" |");
    double base = value(r, "no-agent", path);
    for (String v : columns(r)) {
      double x = value(r, v, path);
      sb.append(' ').append(Double.isNaN(x) ? "n/a" : format.apply(x));
      if (ratio && !v.equals("no-agent") && !Double.isNaN(x) && base > 0) {
        sb.append(" (×").append(fmt(x / base, 2)).append(')');
      }
      sb.append(" |");
    }
    sb.append('\n');
  }

  private static String failureTable(JsonNode r) {
    String[] cols = {"quartet-all", "quartet-all-refused", "quartet-all-hanging"};
    StringBuilder sb = new StringBuilder("| | Backends healthy | Backends refuse connections | Backends hang |\n");
    sb.append("|---|---:|---:|---:|\n");
    Object[][] rows = {
        {"Throughput", "/load/requestsPerSecond", " req/s", 0},
        {"Latency p50", "/load/p50Ms", " ms", 2},
        {"Latency p99", "/load/p99Ms", " ms", 2},
        {"Latency p99.9", "/load/p999Ms", " ms", 2},
        {"CPU per request, user+sys", "/load/cpuMicrosPerRequest", " µs", 0},
        {"Threads", "/load/threads", "", 0},
        {"Stop time (SIGTERM → exit)", "/load/stopMs", " ms", 0},
    };
    for (Object[] row : rows) {
      sb.append("| ").append(row[0]).append(" |");
      double base = value(r, cols[0], (String) row[1]);
      for (String c : cols) {
        double x = value(r, c, (String) row[1]);
        sb.append(' ').append(Double.isNaN(x) ? "n/a" : fmt(x, (Integer) row[3]) + row[2]);
        if (!c.equals(cols[0]) && base > 0 && !Double.isNaN(x)) {
          sb.append(" (×").append(fmt(x / base, 2)).append(')');
        }
        sb.append(" |");
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** Issue 6's targets (steady state and backends down), each with what was measured and whether it is met. */
  static ArrayNode issue6Targets(JsonNode r) {
    ArrayNode list = new ObjectMapper().createArrayNode();
    if (!has(r, "/variants/no-agent/load")) {
      return list;
    }
    double rps = value(r, "quartet-all", "/load/requestsPerSecond") / value(r, "no-agent", "/load/requestsPerSecond");
    target(list, "Throughput, all backends ≥ 95% of no agent", fmt(100 * rps, 1) + "%", rps >= 0.95);
    double p99 = value(r, "quartet-all", "/load/p99Ms") / value(r, "no-agent", "/load/p99Ms");
    target(list, "p99 latency overhead, all backends ≤ 10%", signedPercent(p99), p99 <= 1.10);
    for (String[] m : new String[][] {{"Heap after GC", "/load/heapAfterGcMb"}, {"Peak RSS", "/load/peakRssMb"}}) {
      double q = value(r, "quartet-all", m[1]) - value(r, "no-agent", m[1]);
      double o = value(r, "otel-agent", m[1]) - value(r, "no-agent", m[1]);
      target(list, m[0] + " overhead below the OTel agent's", signed(q, 1) + " MiB vs " + signed(o, 1) + " MiB",
          q < o);
    }
    double jar = value(r, "quartet-all", "/agentJarBytes") / MB;
    target(list, "Agent jar ≤ 12 MB (OTel agent: " + fmt(value(r, "otel-agent", "/agentJarBytes") / MB, 1) + " MB)",
        fmt(jar, 1) + " MB", jar <= 12);
    for (String[] v : new String[][] {{"quartet-all-refused", "refusing connections"}, {"quartet-all-hanging", "hanging"}}) {
      if (!has(r, "/variants/" + v[0] + "/load")) {
        continue;
      }
      double t = value(r, v[0], "/load/requestsPerSecond") / value(r, "quartet-all", "/load/requestsPerSecond");
      target(list, "Backends " + v[1] + ": throughput at most 5% below healthy", signedPercent(t), t >= 0.95);
      double l = value(r, v[0], "/load/p99Ms") / value(r, "quartet-all", "/load/p99Ms");
      target(list, "Backends " + v[1] + ": p99 at most 5% above healthy", signedPercent(l), l <= 1.05);
    }
    return list;
  }

  private static void target(ArrayNode list, String name, String measured, boolean met) {
    list.addObject().put("target", name).put("measured", measured).put("met", met);
  }

  /** A target of issue 14: {@code met} null when it was not measured in this run, or is only to be stated. */
  private static void target(ArrayNode list, String id, String name, String measured, Boolean met) {
    ObjectNode t = list.addObject().put("id", id).put("target", name).put("measured", measured);
    if (met == null) {
      t.putNull("met");
    } else {
      t.put("met", met);
    }
  }

  static String targetsTable(JsonNode targets, Map<String, String> why) {
    if (targets.size() == 0) {
      return NOT_MEASURED;
    }
    boolean withWhy = false;
    for (JsonNode t : targets) {
      withWhy |= t.has("id");
    }
    StringBuilder sb = new StringBuilder(withWhy ? "| Target | Measured | Met | Why not |\n|---|---|---|---|\n"
        : "| Target | Measured | Met |\n|---|---|---|\n");
    for (JsonNode t : targets) {
      JsonNode met = t.path("met");
      String verdict = met.isBoolean() ? (met.asBoolean() ? "yes" : "**no**")
          : t.path("measured").asText().equals(NOT_RUN) ? "–" : "stated";
      sb.append("| ").append(t.path("target").asText()).append(" | ").append(t.path("measured").asText())
          .append(" | ").append(verdict).append(" |");
      if (withWhy) {
        String id = t.path("id").asText();
        String note = met.isBoolean() && !met.asBoolean()
            ? why.getOrDefault(id, "_to be filled in after the final run (`bench/targets-why.md`, `## " + id + "`)_")
            : "";
        sb.append(' ').append(note).append(" |");
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  private static String machine(JsonNode r) {
    JsonNode m = r.path("machine");
    StringBuilder sb = new StringBuilder()
        .append("- CPU: ").append(m.path("cpuModel").asText()).append("; `nproc`: ").append(m.path("nproc").asText())
        .append("\n- Kernel: ").append(m.path("kernel").asText()).append("; load generator: ")
        .append(m.path("wrk").asText())
        .append("\n- Load average (1, 5, 15 min) before / after the run: ")
        .append(loadAverage(m.path("loadAverageBefore"))).append(" / ").append(loadAverage(r.path("loadAverageAfter")))
        .append('\n');
    for (JsonNode s : r.path("sections")) {
      sb.append("  - ").append(s.path("name").asText()).append(" (").append(s.path("seconds").asLong())
          .append(" s): ").append(loadAverage(s.path("loadAverageBefore"))).append(" / ")
          .append(loadAverage(s.path("loadAverageAfter"))).append('\n');
    }
    return sb.append("\n```\n$ free -h\n").append(m.path("memory").asText()).append("\n$ java -version\n")
        .append(m.path("java").asText()).append("\n```").toString();
  }

  /** The three load averages of a /proc/loadavg line ("2.10 3.24 3.85 1/96 3283" → "2.10 3.24 3.85"). */
  static String loadAverage(JsonNode loadavg) {
    String[] f = loadavg.asText("").trim().split("\\s+");
    return f.length >= 3 ? f[0] + " " + f[1] + " " + f[2] : loadavg.asText("unknown");
  }

  private static String settings(JsonNode r) {
    JsonNode s = r.path("settings");
    List<String> jvm = new ArrayList<>();
    s.path("jvmArgs").forEach(a -> jvm.add(a.asText()));
    return "Every app JVM: `" + String.join(" ", jvm) + "`. Startup: " + s.path("startupRuns").asInt()
        + " round(s), each app with each agent once per round, the agents' order rotating. Short-lived: "
        + s.path("shortLivedRuns").asInt() + " runs per variant, interleaved. Steady state: `wrk -t"
        + s.path("wrkThreads").asInt() + " -c" + s.path("connections").asInt() + " -d"
        + s.path("durationSeconds").asInt() + "s --latency` on `GET " + s.path("url").asText() + "` after a "
        + s.path("warmupSeconds").asInt() + " s warm-up at the same concurrency"
        + (s.has("maxWarmupSeconds")
            ? ", extended in " + BenchRunner.WARMUP_STEP_SECONDS + " s steps while the JIT compiler threads took more"
                + " than " + Math.round(100 * s.path("settledJitShare").asDouble()) + "% of the JVM's CPU in the last"
                + " step (at most " + s.path("maxWarmupSeconds").asInt() + " s; the same rule for every variant)"
            : "")
        + "; " + s.path("rounds").asInt()
        + " round(s) of the no agent / Quartet 100% / Quartet default sampling / OTel agent variants (median shown),"
        + " one of OTel only and of each backends-down variant (full mode).";
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Startup on three apps, the short-lived JVM, JVM warnings

  private static String startupTables(JsonNode r) {
    JsonNode apps = r.at("/startup/apps");
    if (apps.size() == 0) {
      return NOT_MEASURED;
    }
    int rounds = r.at("/settings/startupRuns").asInt();
    StringBuilder sb = new StringBuilder();
    apps.properties().forEach(e -> {
      JsonNode a = e.getValue();
      List<String> traffic = new ArrayList<>();
      a.path("traffic").forEach(t -> traffic.add("`" + t.asText() + "`"));
      sb.append("### ").append(a.path("label").asText(e.getKey())).append("\n\nFirst request `")
          .append(a.path("firstRequest").asText()).append("`; then one request a second, in turn: ")
          .append(String.join(", ", traffic)).append(".\n\n| Median of ").append(rounds).append(" |");
      for (String label : STARTUP_LABELS) {
        sb.append(' ').append(label).append(" |");
      }
      sb.append(" Quartet's overhead ÷ OTel agent's |\n|---|---:|---:|---:|---:|\n");
      startupRow(sb, a, "Time to first 200", "medianFirstMs");
      startupRow(sb, a, "CPU (user+sys) until the first 200", "medianCpuToFirstMs");
      startupRow(sb, a, "CPU until " + r.at("/settings/trafficSeconds").asInt(10) + " s after the first 200",
          "medianCpuWindowMs");
      if (a.at("/variants/none/medianCpuAt10sMs").isNumber() && a.at("/variants/quartet/medianCpuAt10sMs").isNumber()
          && a.at("/variants/otel/medianCpuAt10sMs").isNumber()) {
        startupRow(sb, a, "CPU until 10 s after the start", "medianCpuAt10sMs");
      }
      sb.append("| Failed requests of the light traffic (not 2xx, or no answer within 60 s) |");
      for (String v : STARTUP_VARIANTS) {
        sb.append(' ').append(a.at("/variants/" + v + "/trafficErrors").asInt()).append(" |");
      }
      sb.append(" |\n\n");
    });
    return sb.toString().stripTrailing();
  }

  private static void startupRow(StringBuilder sb, JsonNode app, String name, String field) {
    double none = number(app.at("/variants/none/" + field));
    sb.append("| ").append(name).append(" |");
    for (String v : STARTUP_VARIANTS) {
      double x = number(app.at("/variants/" + v + "/" + field));
      sb.append(' ').append(fmt(x, 0)).append(" ms");
      if (!v.equals("none")) {
        sb.append(" (").append(signed(x - none, 0)).append(')');
      }
      sb.append(" |");
    }
    sb.append(' ').append(fmt(number(app.at("/overheadRatios/" + field)), 2)).append(" |\n");
  }

  private static String shortLivedTable(JsonNode r) {
    JsonNode vs = r.at("/shortLived/variants");
    if (vs.size() == 0) {
      return NOT_MEASURED;
    }
    StringBuilder sb = new StringBuilder("`").append(r.at("/shortLived/command").asText()).append("`, where Hello is `")
        .append(r.at("/shortLived/source").asText()).append("`; median of ")
        .append(r.at("/settings/shortLivedRuns").asInt()).append(" runs each, interleaved.\n\n|");
    for (String label : STARTUP_LABELS) {
      sb.append(" | ").append(label);
    }
    sb.append(" |\n|---|---:|---:|---:|\n");
    String[][] rows = {{"Wall, start to exit", "medianWallMs"}, {"CPU, user+sys", "medianCpuMs"}};
    for (String[] row : rows) {
      double none = number(vs.at("/none/" + row[1]));
      sb.append("| ").append(row[0]).append(" |");
      for (String v : STARTUP_VARIANTS) {
        double x = number(vs.at("/" + v + "/" + row[1]));
        sb.append(' ').append(fmt(x, 0)).append(" ms");
        if (!v.equals("none")) {
          sb.append(" (").append(signed(x - none, 0)).append(')');
        }
        sb.append(" |");
      }
      sb.append('\n');
    }
    sb.append("| JVM warnings added by the agent |");
    for (String v : STARTUP_VARIANTS) {
      sb.append(' ').append(v.equals("none") ? "–" : Integer.toString(vs.at("/" + v + "/jvmWarningsAdded").size()))
          .append(" |");
    }
    return sb.append('\n').toString();
  }

  /** The JVM warnings each agent adds (short-lived JVM and the apps' first startup round), each once. */
  static Set<String> addedWarnings(JsonNode r, String agent) {
    Set<String> added = new LinkedHashSet<>();
    r.at("/shortLived/variants/" + agent + "/jvmWarningsAdded").forEach(w -> added.add(w.asText()));
    r.at("/startup/apps").forEach(app -> {
      Set<String> none = new LinkedHashSet<>();
      app.at("/variants/none/jvmWarnings").forEach(w -> none.add(w.asText()));
      app.at("/variants/" + agent + "/jvmWarnings").forEach(w -> {
        if (!none.contains(w.asText())) {
          added.add(w.asText());
        }
      });
    });
    return added;
  }

  private static String jvmWarnings(JsonNode r) {
    if (r.at("/shortLived/variants").size() == 0 && r.at("/startup/apps").size() == 0) {
      return NOT_MEASURED;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i < STARTUP_VARIANTS.length; i++) {
      Set<String> added = addedWarnings(r, STARTUP_VARIANTS[i]);
      sb.append(STARTUP_LABELS[i]).append(": ");
      if (added.isEmpty()) {
        sb.append("none.\n\n");
      } else {
        sb.append(added.size()).append(" line(s) a run without it does not print:\n\n```\n")
            .append(String.join("\n", added)).append("\n```\n\n");
      }
    }
    return sb.toString().stripTrailing();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Issue 14's targets

  static final String NOT_RUN = "not measured in this run";

  /** Issue 14's targets, each with what was measured and whether it is met (null: not measured, or only stated). */
  static ArrayNode targets(JsonNode r) {
    ArrayNode list = new ObjectMapper().createArrayNode();
    JsonNode apps = r.at("/startup/apps");
    for (String app : new String[] {"sample", "spring-jpa", "tomcat"}) {
      JsonNode a = apps.path(app);
      String label = a.path("label").asText(app);
      startupTarget(list, a, "startup-first-200/" + app, "Time to first 200: overhead ≤ 25% of the OTel agent's, "
          + label, "medianFirstMs");
      startupTarget(list, a, "startup-cpu/" + app, "CPU until 10 s after the first 200 (1 request/s): overhead ≤ "
          + "25% of the OTel agent's, " + label, "medianCpuWindowMs");
    }
    JsonNode sl = r.at("/shortLived/variants");
    double slNone = number(sl.at("/none/medianWallMs"));
    double slQuartet = number(sl.at("/quartet/medianWallMs"));
    double slOtel = number(sl.at("/otel/medianWallMs"));
    target(list, "short-lived-wall", "Short-lived JVM (a main that returns at once), backends configured: ≤ +0.3 s"
        + " wall", Double.isNaN(slQuartet) ? NOT_RUN : signed(slQuartet - slNone, 0) + " ms (" + fmt(slNone, 0)
        + " → " + fmt(slQuartet, 0) + " ms; OTel agent " + signed(slOtel - slNone, 0) + " ms)",
        Double.isNaN(slQuartet) ? null : slQuartet - slNone <= SHORT_LIVED_MS);
    boolean warningsMeasured = sl.size() > 0 || apps.size() > 0;
    Set<String> warnings = addedWarnings(r, "quartet");
    target(list, "jvm-warnings", "No JVM warning printed by attaching the agent", !warningsMeasured ? NOT_RUN
        : warnings.isEmpty() ? "none" : warnings.size() + ": `" + String.join("`, `", warnings) + "`",
        warningsMeasured ? warnings.isEmpty() : null);

    boolean load = has(r, "/variants/no-agent/load");
    double none = value(r, "no-agent", "/load/cpuMicrosPerRequest");
    double all = value(r, "quartet-all", "/load/cpuMicrosPerRequest");
    double otel = value(r, "otel-agent", "/load/cpuMicrosPerRequest");
    target(list, "steady-cpu-per-request", "Steady state, all four backends at 100% sampling: CPU per request "
        + "overhead ≤ the OTel agent's", !load ? NOT_RUN : signed(all - none, 0) + " µs vs " + signed(otel - none, 0)
        + " µs", load ? all - none <= otel - none : null);
    String stated = !load ? NOT_RUN : String.join("; ", steady(r, "quartet-all", "100%"),
        steady(r, "quartet-defaults", "default sampling"), steady(r, "otel-agent", "OTel agent"),
        steady(r, "no-agent", "no agent"));
    target(list, "steady-stated", "Steady state: throughput and p99, at 100% and at the backends' default sampling",
        stated, null);

    double jar = number(r.at("/agents/quartet/bytes"));
    target(list, "no-regression-jar", "No regression: agent jar ≤ " + fmt(Baseline.AGENT_JAR_BYTES / MB, 2)
        + " MB (" + Baseline.RUN + ") + 5%", Double.isNaN(jar) ? NOT_RUN : fmt(jar / MB, 2) + " MB",
        Double.isNaN(jar) ? null : jar <= Baseline.AGENT_JAR_BYTES * (1 + Baseline.JAR_TOLERANCE));
    Object[][] memory = {
        {"no-regression-heap", "heap after GC", "/load/heapAfterGcMb", Baseline.HEAP_AFTER_GC_OVERHEAD_MIB},
        {"no-regression-rss", "peak RSS", "/load/peakRssMb", Baseline.PEAK_RSS_OVERHEAD_MIB}};
    for (Object[] m : memory) {
      double q = value(r, "quartet-all", (String) m[2]) - value(r, "no-agent", (String) m[2]);
      double base = (Double) m[3];
      target(list, (String) m[0], "No regression: " + m[1] + " overhead, all backends, ≤ " + signed(base, 1)
          + " MiB (" + Baseline.RUN + ") + max(5%, 2 MiB)", !load ? NOT_RUN : signed(q, 1) + " MiB",
          load ? Baseline.memoryWithin(q, base) : null);
    }
    double threads = value(r, "quartet-all", "/load/threads") - value(r, "no-agent", "/load/threads");
    target(list, "no-regression-threads", "No regression: threads added, all backends, ≤ "
        + signed(Baseline.THREADS_OVERHEAD, 0) + " (" + Baseline.RUN + ")", !load ? NOT_RUN : signed(threads, 0),
        load ? threads <= Baseline.THREADS_OVERHEAD : null);
    return list;
  }

  private static void startupTarget(ArrayNode list, JsonNode app, String id, String name, String field) {
    double none = number(app.at("/variants/none/" + field));
    double quartet = number(app.at("/variants/quartet/" + field));
    double otel = number(app.at("/variants/otel/" + field));
    if (Double.isNaN(quartet) || Double.isNaN(otel) || Double.isNaN(none)) {
      target(list, id, name, NOT_RUN, null);
      return;
    }
    double ratio = Stats.overheadRatio(quartet, otel, none);
    target(list, id, name, signed(quartet - none, 0) + " ms vs " + signed(otel - none, 0) + " ms ("
        + (Double.isNaN(ratio) ? "n/a" : fmt(100 * ratio, 0) + "%") + ")", !Double.isNaN(ratio)
        && ratio <= STARTUP_SHARE);
  }

  private static String steady(JsonNode r, String variant, String name) {
    return name + " " + fmt(value(r, variant, "/load/requestsPerSecond"), 0) + " req/s, p99 "
        + fmt(value(r, variant, "/load/p99Ms"), 2) + " ms";
  }

  private static String firstField(String text) {
    String t = text.trim();
    int space = t.indexOf(' ');
    return space < 0 ? t : t.substring(0, space);
  }

  static String signedPercent(double ratio) {
    return signed(100 * (ratio - 1), 1) + "%";
  }

  static String signed(double v, int decimals) {
    return (v >= 0 ? "+" : "") + fmt(v, decimals);
  }

  static String fmt(double v, int decimals) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return "n/a";
    }
    return String.format(Locale.ROOT, "%,." + decimals + "f", v);
  }
}
