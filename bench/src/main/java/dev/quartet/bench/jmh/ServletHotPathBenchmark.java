package dev.quartet.bench.jmh;

import dev.quartet.backend.cloudwatch.CloudWatchBackendFactory;
import dev.quartet.backend.otel.OtelBackendFactory;
import dev.quartet.backend.rollbar.RollbarBackendFactory;
import dev.quartet.backend.xray.XrayBackendFactory;
import dev.quartet.config.Config;
import dev.quartet.config.Settings;
import dev.quartet.core.Backend;
import dev.quartet.core.BackendFactory;
import dev.quartet.core.Dispatcher;
import dev.quartet.core.RouteTemplates;
import dev.quartet.instrumentation.logging.LoggingCapture;
import dev.quartet.instrumentation.servlet.ServletCapture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-request hot path on the app thread: what Quartet's servlet advice does for one request of the Cruddur
 * app (the CORS filter's enter, the servlet's nested enter that finds the request already tracked, both exits),
 * through {@link ServletCapture} and the {@link Dispatcher} to the backends, against a fake jakarta.servlet request.
 * {@code requestWithInfoLog} adds the one INFO record {@code /api/activities/home} logs through JUL, which is what the
 * CloudWatch Logs backend ships.
 *
 * <p>{@code backends}: {@code none} (the core alone), {@code otel}, {@code xray}, {@code cloudwatch}, {@code rollbar}
 * (that backend alone; fails clearly when it is not in this build) or {@code all} (every backend the build has).
 * Backends export to the loopback sinks that {@code bench/jmh.sh} starts and names in the environment
 * ({@code bench/backends.env}), so their export threads run during the measurement as they do in an app.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m", "-XX:+UseG1GC"})
@State(Scope.Benchmark)
public class ServletHotPathBenchmark {
  static final List<String> HTTP_ROUTES =
      List.of("/api/activities/@{handle}", "/api/activities/{uuid}/reply", "/api/activities/{uuid}");

  @Param({"none", "otel", "all"})
  public String backends;

  private Dispatcher dispatcher;
  private ServletCapture servlets;
  private LoggingCapture logs;
  private Path telemetryDir;
  private final Logger appLogger = Logger.getLogger("cruddur.services.HomeActivities");

  /** One request/response pair per benchmark thread, reused (and reset) for every request. */
  @State(Scope.Thread)
  public static class Exchange {
    final FakeHttpRequest request = new FakeHttpRequest();
    final FakeHttpResponse response = new FakeHttpResponse();

    void prepare() {
      request.prepare();
      response.prepare();
    }
  }

  @Setup(org.openjdk.jmh.annotations.Level.Trial)
  public void startBackends() throws Exception {
    if (!backends.equals("none") && System.getenv("OTEL_EXPORTER_OTLP_ENDPOINT") == null) {
      // without it the OTel backend would write every span to a local file: gigabytes in a benchmark
      throw new IllegalStateException("no OTEL_EXPORTER_OTLP_ENDPOINT: run the benchmarks with bench/jmh.sh,"
          + " which starts loopback sinks and points every backend at them");
    }
    Config config = Config.fromEnvironment(problem -> System.err.println("[jmh] config: " + problem));
    telemetryDir = Files.createTempDirectory("quartet-jmh");
    BackendFactory.Context context = new BackendFactory.Context(config, telemetryDir, "bench");
    List<Backend> started = new ArrayList<>();
    List<String> notStarted = new ArrayList<>();
    // the agent's order (AgentInstaller.backendFactories): X-Ray decides sampling before OpenTelemetry
    for (BackendFactory f : Arrays.asList(new XrayBackendFactory(), new OtelBackendFactory(),
        new CloudWatchBackendFactory(), new RollbarBackendFactory())) {
      if (!backends.equals("all") && !backends.equals(f.name())) {
        continue;
      }
      String off = !config.getBoolean(f.enabledBy()) ? "switched off" : f.offReason(config);
      if (off != null) {
        notStarted.add(f.name() + " (" + off + ")");
        continue;
      }
      started.add(f.create(context));
    }
    if (!backends.equals("none") && !backends.equals("all") && started.isEmpty()) {
      throw new IllegalStateException("backend " + backends + " is not available: " + notStarted);
    }
    System.err.println("[jmh] backends=" + backends + ": on " + started.stream().map(Backend::name).toList()
        + (notStarted.isEmpty() ? "" : ", off " + notStarted));
    dispatcher = new Dispatcher(started);
    boolean traceResponse = config.getBoolean(Settings.TRACE_RESPONSE_HEADER);
    servlets = new ServletCapture(dispatcher, new RouteTemplates(HTTP_ROUTES), traceResponse);
    logs = new LoggingCapture(dispatcher);
    proveCaptureWorks(traceResponse);
  }

  /** One request through the capture before measuring: it must be tracked and read nothing unexpected. */
  private void proveCaptureWorks(boolean traceResponse) {
    Exchange probe = new Exchange();
    Object token = request(probe);
    if (token == null || FakeHttpRequest.UNEXPECTED_CALLS.get() != 0
        || (traceResponse && probe.response.getHeader("traceresponse") == null)) {
      throw new IllegalStateException("the servlet capture did not track the fake request (unexpected calls: "
          + FakeHttpRequest.UNEXPECTED_CALLS.get() + ")");
    }
  }

  @TearDown(org.openjdk.jmh.annotations.Level.Trial)
  public void stopBackends() throws IOException {
    if (FakeHttpRequest.UNEXPECTED_CALLS.get() != 0) {
      System.err.println("[jmh] WARNING: the capture called " + FakeHttpRequest.UNEXPECTED_CALLS.get()
          + " methods the fake request does not implement; the figures miss that work");
    }
    dispatcher.shutdown(Duration.ofSeconds(5));
    try (Stream<Path> walk = Files.walk(telemetryDir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toArray(Path[]::new)) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** One request: filter enter → servlet enter (nested: no-op) → servlet exit → filter exit. */
  @Benchmark
  public Object request(Exchange ex) {
    ex.prepare();
    Object outer = servlets.serverEnter(ex.request, ex.response);
    Object inner = servlets.serverEnter(ex.request, ex.response);
    exit(inner, ex);
    exit(outer, ex);
    return outer;
  }

  /** {@link #request} plus the route's one JUL INFO record, captured inside the request. */
  @Benchmark
  public Object requestWithInfoLog(Exchange ex) {
    ex.prepare();
    Object outer = servlets.serverEnter(ex.request, ex.response);
    Object inner = servlets.serverEnter(ex.request, ex.response);
    LogRecord record = new LogRecord(Level.INFO, "HomeActivities");
    record.setLoggerName(appLogger.getName());
    Object logToken = logs.logEnter("jul", appLogger, record);
    logs.logExit(logToken);
    exit(inner, ex);
    exit(outer, ex);
    return outer;
  }

  /** As {@code Bridge.serverExit}: a null token (a nested call) does nothing. */
  private void exit(Object token, Exchange ex) {
    if (token != null) {
      servlets.serverExit(token, ex.request, ex.response, null);
    }
  }
}
