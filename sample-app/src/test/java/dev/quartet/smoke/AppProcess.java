package dev.quartet.smoke;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A child JVM running the sample app (or any main class), optionally with the Quartet agent. stdout and stderr
 * go to files under {@code smoke.work.dir/<name>/}. The environment is the test JVM's minus every variable that
 * could configure the agent or the JVM behind our back, plus what the builder adds, plus {@code PORT}.
 */
public final class AppProcess implements AutoCloseable {

  /** Generous: JVM, agent and app start on a machine that may be running many builds at once. */
  public static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  private static final List<String> SCRUBBED_ENV_PREFIXES = List.of("OTEL_", "QUARTET_", "AWS_", "ROLLBAR_");
  private static final List<String> SCRUBBED_ENV_NAMES =
      List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS", "PORT");

  private final String name;
  private final Process process;
  private final int port;
  private final Path workDir;
  private final Path stdoutFile;
  private final Path stderrFile;
  private final List<String> command;
  private final Map<String, String> addedEnv;
  private final String healthPath;
  private int healthResponses;

  private AppProcess(Builder b) throws IOException {
    this.name = b.name;
    this.healthPath = b.healthPath;
    this.workDir = b.workDir;
    this.port = b.port;
    this.stdoutFile = workDir.resolve("stdout.log");
    this.stderrFile = workDir.resolve("stderr.log");
    this.command = b.command();
    this.addedEnv = new LinkedHashMap<>(b.env);
    this.addedEnv.put("PORT", Integer.toString(port));

    ProcessBuilder pb = new ProcessBuilder(command)
        .directory(workDir.toFile())
        .redirectOutput(stdoutFile.toFile())
        .redirectError(stderrFile.toFile())
        .redirectInput(ProcessBuilder.Redirect.PIPE);
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> SCRUBBED_ENV_PREFIXES.stream().anyMatch(k::startsWith)
        || SCRUBBED_ENV_NAMES.contains(k));
    env.putAll(addedEnv);
    Files.writeString(workDir.resolve("command.txt"),
        String.join(" ", command) + "\n" + addedEnv.entrySet().stream()
            .map(e -> e.getKey() + "=" + (secretLike(e.getKey()) ? "<masked>" : e.getValue()))
            .collect(Collectors.joining("\n")) + "\n");
    this.process = pb.start();
    process.getOutputStream().close();
  }

  private static boolean secretLike(String envName) {
    return envName.matches(".*(HEADERS|TOKEN|KEY|SECRET|PASSWORD).*");
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Child JVM running {@code sample-app.jar} with the agent and the standard Quartet smoke settings. */
  public static Builder withAgent(String name) {
    return builder(name).agent(SmokeEnv.agentJar()).quartetDefaults();
  }

  public String name() {
    return name;
  }

  public int port() {
    return port;
  }

  public Path workDir() {
    return workDir;
  }

  public Process process() {
    return process;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** A client for this app. */
  public Http http() {
    return new Http(port);
  }

  /** Health-check probes that got an HTTP response while waiting for startup (each is a request to the app). */
  public int healthProbeResponses() {
    return healthResponses;
  }

  public String stdout() {
    return read(stdoutFile);
  }

  public String stderr() {
    return read(stderrFile);
  }

  /** The last lines of stderr, for failure messages. */
  public String stderrTail() {
    return tail(stderr(), 40);
  }

  /**
   * Polls {@code GET healthPath} (default {@code /api/health-check}) until it answers 200. A probe waits for its answer until the overall
   * deadline, so every probe that reached the app got a response and is counted (each one is a traced request).
   */
  private void awaitHealthy(Duration timeout) {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no attempt";
    while (System.nanoTime() - deadline < 0) {
      if (!process.isAlive()) {
        throw new AssertionError(name + ": JVM exited with " + process.exitValue() + " before becoming healthy;"
            + " stderr:\n" + stderrTail() + "\nstdout:\n" + tail(stdout(), 20));
      }
      Duration left = Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1_000_000_000L));
      HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + healthPath))
          .timeout(left).header("User-Agent", "quartet-smoke-startup-probe").GET().build();
      try {
        HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
        healthResponses++;
        if (r.statusCode() == 200) {
          return;
        }
        last = "status " + r.statusCode();
      } catch (IOException e) {
        last = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      Await.sleep(50);
    }
    destroyQuietly();
    throw new AssertionError(name + ": GET " + healthPath + " did not answer 200 within " + timeout.toSeconds()
        + " s (last: " + last + "); stderr:\n" + stderrTail());
  }

  /**
   * Sends SIGTERM and waits up to {@code bound} for the JVM to exit; returns how long that took. Fails (after
   * killing it) when it takes longer.
   */
  public Duration stop(Duration bound) {
    if (!process.isAlive()) {
      return Duration.ZERO;
    }
    long t0 = System.nanoTime();
    process.destroy();
    boolean exited = waitFor(bound);
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    if (!exited) {
      destroyQuietly();
      throw new AssertionError(name + ": JVM still running " + bound.toMillis() + " ms after SIGTERM (killed);"
          + " stderr:\n" + stderrTail());
    }
    return took;
  }

  /** Waits for the process to exit by itself; true when it did within {@code timeout}. */
  public boolean waitFor(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public int exitValue() {
    return process.exitValue();
  }

  /** Kills the JVM if it is still running (cleanup; a graceful stop is {@link #stop(Duration)}). */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      if (!waitFor(Duration.ofSeconds(10))) {
        destroyQuietly();
      }
    }
  }

  private void destroyQuietly() {
    process.destroyForcibly();
    waitFor(Duration.ofSeconds(10));
  }

  @Override
  public String toString() {
    return name + " (pid " + process.pid() + ", port " + port + ")";
  }

  static String tail(String text, int lines) {
    String[] all = text.split("\n", -1);
    int from = Math.max(0, all.length - lines);
    return String.join("\n", java.util.Arrays.asList(all).subList(from, all.length));
  }

  private static String read(Path p) {
    try {
      return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Builds and starts an {@link AppProcess}. */
  public static final class Builder {
    private final String name;
    private Path workDir;
    private Path java = SmokeEnv.currentJava();
    private Path agentJar;
    private final Map<String, String> sysProps = new LinkedHashMap<>();
    private final List<String> jvmArgs = new ArrayList<>(List.of("-Xmx256m"));
    private final Map<String, String> env = new LinkedHashMap<>();
    private List<Path> classpath;
    private String mainClass;
    private Path jar;
    private final List<String> args = new ArrayList<>();
    private boolean awaitHealth = true;
    private String healthPath = "/api/health-check";
    private Duration startTimeout = START_TIMEOUT;
    private int port;

    private Builder(String name) {
      this.name = name;
    }

    public Builder java(Path javaExecutable) {
      this.java = javaExecutable;
      return this;
    }

    public Builder agent(Path agentJar) {
      this.agentJar = agentJar;
      return this;
    }

    public Builder sysProp(String key, String value) {
      sysProps.put(key, value);
      return this;
    }

    public Builder jvmArg(String arg) {
      jvmArgs.add(arg);
      return this;
    }

    public Builder env(String key, String value) {
      env.put(key, value);
      return this;
    }

    public Builder env(Map<String, String> vars) {
      env.putAll(vars);
      return this;
    }

    public Builder removeEnv(String key) {
      env.remove(key);
      return this;
    }

    /** Service name, batch delay, local telemetry dir (under this run's work dir) and route templates. */
    public Builder quartetDefaults() {
      env.put("OTEL_SERVICE_NAME", SmokeEnv.SERVICE_NAME);
      env.put("OTEL_BSP_SCHEDULE_DELAY", "100");
      env.put("QUARTET_TELEMETRY_DIR", workDir().resolve("telemetry").toString());
      env.put("QUARTET_HTTP_ROUTES", SmokeEnv.HTTP_ROUTES);
      return this;
    }

    public Builder otlpEndpoint(String endpoint) {
      return env("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint);
    }

    /** Runs {@code -jar jar} instead of {@code -jar sample-app.jar}. */
    public Builder jar(Path jar) {
      this.jar = jar;
      return this;
    }

    /** Runs {@code -cp classpath mainClass} instead of {@code -jar sample-app.jar}. */
    public Builder mainClass(String mainClass, List<Path> classpath) {
      this.mainClass = mainClass;
      this.classpath = List.copyOf(classpath);
      return this;
    }

    public Builder args(String... a) {
      args.addAll(List.of(a));
      return this;
    }

    /** Whether {@link #start()} waits for {@code GET /api/health-check} to answer 200 (default true). */
    public Builder awaitHealth(boolean await) {
      this.awaitHealth = await;
      return this;
    }

    /** The path {@link #start()} polls until it answers 200 (default {@code /api/health-check}). */
    public Builder healthPath(String path) {
      this.healthPath = path;
      return this;
    }

    /** How long {@link #start()} waits for the health path to answer 200 (default {@link #START_TIMEOUT}). */
    public Builder startTimeout(Duration timeout) {
      this.startTimeout = timeout;
      return this;
    }

    /**
     * The app's port, chosen now (a free loopback port) instead of at {@link #start()}, for apps that read it from
     * a file written before the start (e.g. Tomcat's {@code server.xml}).
     */
    public int port() {
      if (port == 0) {
        port = SmokeEnv.freeLoopbackPort();
      }
      return port;
    }

    /** The run's work directory, emptied when first asked for. */
    public Path workDir() {
      if (workDir == null) {
        workDir = SmokeEnv.freshWorkDir(name);
      }
      return workDir;
    }

    private List<String> command() {
      List<String> cmd = new ArrayList<>();
      cmd.add(java.toString());
      if (agentJar != null) {
        cmd.add("-javaagent:" + agentJar);
      }
      cmd.addAll(jvmArgs);
      sysProps.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
      if (mainClass != null) {
        cmd.add("-cp");
        cmd.add(classpath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
        cmd.add(mainClass);
      } else {
        cmd.add("-jar");
        cmd.add((jar != null ? jar : SmokeEnv.appJar()).toString());
      }
      cmd.addAll(args);
      return cmd;
    }

    public AppProcess start() {
      workDir();
      port();
      AppProcess p;
      try {
        p = new AppProcess(this);
      } catch (IOException e) {
        throw new UncheckedIOException("could not start " + name, e);
      }
      if (awaitHealth) {
        p.awaitHealthy(startTimeout);
      }
      return p;
    }
  }
}
