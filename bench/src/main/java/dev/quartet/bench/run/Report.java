package dev.quartet.bench.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** Turns results.json into the tables of docs/PERFORMANCE.md (filling bench/PERFORMANCE.template.md). */
final class Report {
  static final String[] MAIN = {"no-agent", "quartet-all", "quartet-otel", "otel-agent"};
  static final String[] BACKENDS = {"xray", "otel", "cloudwatch", "rollbar"};
  /** Jar sizes in MB (10^6 bytes), as the issue quotes them (the OTel agent's 26.5 MB); memory in MiB. */
  static final double MB = 1_000_000;

  private Report() {}

  static String markdown(JsonNode results, String template) {
    return template
        .replace("{{STATUS}}", status(results))
        .replace("{{BACKENDS_ON}}", backendsOn(results))
        .replace("{{MAIN_TABLE}}", mainTable(results))
        .replace("{{FAILURE_TABLE}}", failureTable(results))
        .replace("{{TARGETS}}", targetsTable(results))
        .replace("{{MACHINE}}", machine(results))
        .replace("{{SETTINGS}}", settings(results))
        .replace("{{COMMAND}}", results.path("command").asText());
  }

  private static String status(JsonNode r) {
    String when = r.path("generatedAt").asText() + ", " + r.path("elapsedSeconds").asLong() + " s";
    if (r.path("preliminary").asBoolean()) {
      return "> **Preliminary quick-mode numbers** (`--quick`: " + r.at("/settings/startupRuns").asInt()
          + " startup runs per variant, " + r.at("/settings/warmupSeconds").asInt() + " s warm-up, "
          + r.at("/settings/durationSeconds").asInt() + " s measured, one round), measured " + when
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
    JsonNode n = r.at("/variants/" + variant + path);
    return n.isNumber() ? n.asDouble() : Double.NaN;
  }

  private static String mainTable(JsonNode r) {
    StringBuilder sb = new StringBuilder("| | ");
    List<String> header = new ArrayList<>();
    for (String v : MAIN) {
      header.add(r.at("/variants/" + v + "/label").asText(v));
    }
    sb.append(String.join(" | ", header)).append(" |\n|---|").append("---:|".repeat(MAIN.length)).append('\n');
    int startupRuns = r.at("/settings/startupRuns").asInt();
    row(sb, r, "Agent jar size", "/agentJarBytes", v -> v == 0 ? "–" : fmt(v / MB, 1) + " MB", false);
    row(sb, r, "Startup to first 200 (median of " + startupRuns + ")", "/startup/medianMs",
        v -> fmt(v, 0) + " ms", true);
    row(sb, r, "Startup CPU, user+sys (median)", "/startup/medianCpuMs", v -> fmt(v, 0) + " ms", true);
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
    for (String v : MAIN) {
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
    for (String v : MAIN) {
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

  /** The targets, each with what was measured and whether it is met. */
  static ArrayNode targets(JsonNode r) {
    ArrayNode list = new ObjectMapper().createArrayNode();
    double none = value(r, "no-agent", "/startup/medianMs");
    double all = value(r, "quartet-all", "/startup/medianMs");
    double otel = value(r, "otel-agent", "/startup/medianMs");
    target(list, "Startup overhead ≤ ¼ of the OTel agent's", signed(all - none, 0) + " ms vs " + signed(otel - none, 0)
        + " ms (" + fmt(100 * (all - none) / (otel - none), 0) + "% of it)", all - none <= 0.25 * (otel - none));
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

  private static String targetsTable(JsonNode r) {
    StringBuilder sb = new StringBuilder("| Target | Measured | Met |\n|---|---|---|\n");
    for (JsonNode t : r.path("targets")) {
      sb.append("| ").append(t.path("target").asText()).append(" | ").append(t.path("measured").asText())
          .append(" | ").append(t.path("met").asBoolean() ? "yes" : "**no**").append(" |\n");
    }
    return sb.toString();
  }

  private static String machine(JsonNode r) {
    JsonNode m = r.path("machine");
    return "- CPU: " + m.path("cpuModel").asText() + "; `nproc`: " + m.path("nproc").asText() + "\n"
        + "- Kernel: " + m.path("kernel").asText() + "; load generator: " + m.path("wrk").asText() + "\n"
        + "- Load average before / after the run: " + m.path("loadAverageBefore").asText() + " / "
        + r.path("loadAverageAfter").asText() + "\n\n"
        + "```\n$ free -h\n" + m.path("memory").asText() + "\n$ java -version\n" + m.path("java").asText()
        + "\n```";
  }

  private static String settings(JsonNode r) {
    JsonNode s = r.path("settings");
    List<String> jvm = new ArrayList<>();
    s.path("jvmArgs").forEach(a -> jvm.add(a.asText()));
    return "`wrk -t" + s.path("wrkThreads").asInt() + " -c" + s.path("connections").asInt() + " -d"
        + s.path("durationSeconds").asInt() + "s --latency` on `GET " + s.path("url").asText() + "` after a "
        + s.path("warmupSeconds").asInt() + " s warm-up at the same concurrency; " + s.path("rounds").asInt()
        + " round(s) of the four compared variants (median shown), one of each backends-down variant; "
        + s.path("startupRuns").asInt()
        + " interleaved startup runs per variant; every JVM: `" + String.join(" ", jvm) + "`.";
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
