package dev.quartet.bench.run;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** One JVM running one of the apps (with or without an agent), its stdout/stderr in files of its own folder. */
final class AppJvm implements AutoCloseable {
  /** Generous: on a loaded 2-core machine a Spring Boot app with an agent takes minutes. */
  static final Duration START_BOUND = Duration.ofSeconds(300);
  static final Duration STOP_BOUND = Duration.ofSeconds(20);
  private static final List<String> SCRUBBED_PREFIXES = List.of("OTEL_", "QUARTET_", "AWS_", "ROLLBAR_");
  private static final List<String> SCRUBBED =
      List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS", "PORT", "CLASSPATH");
  private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");
  private static final Pattern METASPACE_USED = Pattern.compile("Metaspace\\s+used (\\d+)K");

  final Path dir;
  final int port;
  private final Path java;
  private final BenchApp app;
  private final Process process;
  private final long startedNanos;

  private AppJvm(Path dir, int port, Path java, BenchApp app, Process process, long startedNanos) {
    this.dir = dir;
    this.port = port;
    this.java = java;
    this.app = app;
    this.process = process;
    this.startedNanos = startedNanos;
  }

  /**
   * Starts {@code java [-javaagent:agent] jvmArgs <the app's launch arguments>} on a free loopback port, with a
   * scrubbed environment plus the app's and {@code env}.
   */
  static AppJvm start(Path java, Path agent, List<String> jvmArgs, BenchApp app, Map<String, String> env, Path dir)
      throws IOException {
    Files.createDirectories(dir);
    int port = freeLoopbackPort();
    List<String> cmd = new ArrayList<>();
    cmd.add(java.toString());
    if (agent != null) {
      cmd.add("-javaagent:" + agent);
    }
    cmd.addAll(jvmArgs);
    cmd.addAll(app.launch(dir, port));
    ProcessBuilder pb = new ProcessBuilder(cmd)
        .directory(dir.toFile())
        .redirectOutput(dir.resolve("stdout.log").toFile())
        .redirectError(dir.resolve("stderr.log").toFile());
    Map<String, String> childEnv = pb.environment();
    scrub(childEnv);
    childEnv.putAll(app.env());
    childEnv.putAll(env);
    childEnv.put("PORT", Integer.toString(port));
    Files.writeString(dir.resolve("command.txt"), String.join(" ", cmd) + "\n"
        + env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n"))
        + "\n");
    long t0 = System.nanoTime();
    Process p = Children.start(pb);
    p.getOutputStream().close();
    return new AppJvm(dir, port, java, app, p, t0);
  }

  /** Drops what would change a JVM's behaviour behind the benchmark's back: JVM options and every agent setting. */
  static void scrub(Map<String, String> env) {
    env.keySet().removeIf(k -> SCRUBBED.contains(k) || SCRUBBED_PREFIXES.stream().anyMatch(k::startsWith));
  }

  long pid() {
    return process.pid();
  }

  /** Nanoseconds since the JVM was started. */
  long sinceStartNanos() {
    return System.nanoTime() - startedNanos;
  }

  boolean alive() {
    return process.isAlive();
  }

  /**
   * Polls the app's first request every 5 ms until it answers 200; returns the time from the JVM's start to that
   * answer. Fails when the JVM dies or {@link #START_BOUND} passes.
   */
  Duration awaitHealthy() throws IOException, InterruptedException {
    long deadline = startedNanos + START_BOUND.toNanos();
    String last = "no answer";
    Http.Request first = Http.Request.get(app.firstRequestPath);
    while (System.nanoTime() - deadline < 0) {
      if (!process.isAlive()) {
        throw new IOException("the app JVM exited with " + process.exitValue() + " before answering; see " + dir);
      }
      try {
        int status = Http.send(port, first, 30_000);
        if (status == 200) {
          return Duration.ofNanos(System.nanoTime() - startedNanos);
        }
        last = "status " + status;
      } catch (ConnectException notYet) {
        last = "connection refused";
      } catch (IOException e) {
        last = e.toString();
      }
      Thread.sleep(5);
    }
    throw new IOException("no 200 from " + first + " within " + START_BOUND.toSeconds() + " s (" + last
        + "); see " + dir);
  }

  long cpuNanos() throws IOException {
    return ProcFs.cpuNanos(pid());
  }

  long peakRssKb() throws IOException {
    return ProcFs.status(pid(), "VmHWM");
  }

  long threads() throws IOException {
    return ProcFs.status(pid(), "Threads");
  }

  /** Full GC ({@code jcmd GC.run}), then {@code GC.heap_info}: heap used and metaspace used after it, in KiB. */
  long[] heapAfterGcKb() throws IOException, InterruptedException {
    Path jcmd = java.resolveSibling("jcmd");
    Children.run(List.of(jcmd.toString(), Long.toString(pid()), "GC.run"), Duration.ofSeconds(60));
    String info = Children.run(List.of(jcmd.toString(), Long.toString(pid()), "GC.heap_info"), Duration.ofSeconds(60));
    Files.writeString(dir.resolve("heap_info.txt"), info);
    Matcher heap = HEAP_USED.matcher(info);
    Matcher meta = METASPACE_USED.matcher(info);
    return new long[] {heap.find() ? Long.parseLong(heap.group(1)) : -1, meta.find() ? Long.parseLong(meta.group(1)) : -1};
  }

  /** SIGTERM and wait (≤ {@link #STOP_BOUND}); returns how long the JVM took to exit, or null if it had to be killed. */
  Duration stop() throws InterruptedException {
    if (!process.isAlive()) {
      return Duration.ZERO;
    }
    long t0 = System.nanoTime();
    process.destroy();
    if (process.waitFor(STOP_BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
      return Duration.ofNanos(System.nanoTime() - t0);
    }
    Children.kill(process);
    return null;
  }

  /** The agent's own lines on stderr ({@code [quartet] …}, the OTel agent's version line). */
  List<String> agentLines() throws IOException {
    List<String> lines = new ArrayList<>();
    try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(
        Files.newInputStream(dir.resolve("stderr.log")), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null && lines.size() < 50) {
        if (line.startsWith("[quartet]") || line.contains("opentelemetry-javaagent - version")) {
          lines.add(line);
        }
      }
    }
    return lines;
  }

  /** The JVM's own warning lines ({@link JvmWarnings}) in the first 2,000 lines of its stdout and stderr. */
  List<String> jvmWarnings() throws IOException {
    List<String> lines = new ArrayList<>();
    for (String name : List.of("stderr.log", "stdout.log")) {
      try (var reader = Files.newBufferedReader(dir.resolve(name), StandardCharsets.ISO_8859_1)) {
        reader.lines().limit(2000).forEach(lines::add);
      }
    }
    return JvmWarnings.extract(lines);
  }

  /**
   * The app logs a line per request, so a load run leaves a log of tens of MB: keep its first and last lines only.
   */
  void trimLogs() throws IOException {
    for (String name : List.of("stdout.log", "stderr.log")) {
      Path log = dir.resolve(name);
      if (Files.exists(log) && Files.size(log) > 1_000_000) {
        List<String> head = new ArrayList<>();
        java.util.ArrayDeque<String> tail = new java.util.ArrayDeque<>();
        long skipped = 0;
        try (var reader = Files.newBufferedReader(log, StandardCharsets.ISO_8859_1)) {
          String line;
          while ((line = reader.readLine()) != null) {
            if (head.size() < 300) {
              head.add(line);
            } else {
              tail.addLast(line);
              if (tail.size() > 100) {
                tail.removeFirst();
                skipped++;
              }
            }
          }
        }
        head.add("... " + skipped + " lines left out by the benchmark ...");
        head.addAll(tail);
        Files.write(log, head, StandardCharsets.ISO_8859_1);
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      Children.kill(process);
    }
  }

  static int freeLoopbackPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
