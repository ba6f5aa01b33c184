package dev.quartet.smoke;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;

/** An unreachable or hanging OTLP backend must neither slow requests down nor keep the JVM alive. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrokenBackendIT {

  static final int WARMUP = 50;
  static final int MEASURED = 200;
  static final Duration MAX_REQUEST = Duration.ofSeconds(1);
  static final double MEDIAN_TOLERANCE_MS = 20;
  static final Duration SHUTDOWN_BOUND = Duration.ofSeconds(8);
  static final Duration SHORT_LIVED_BOUND = Duration.ofSeconds(10);
  /** The SDK loads in the background and exports in batches: on a loaded machine that can take a while. */
  static final Duration EXPORTER_CONNECT_BOUND = Duration.ofSeconds(60);

  private static boolean exporterConnected(BlackHoleEndpoint hole) {
    return Await.until(EXPORTER_CONNECT_BOUND, () -> hole.acceptedConnections() > 0);
  }

  /** Median latency of the app with the agent and a healthy receiver. */
  double healthyMedianMs;

  /** Latencies (ms) of {@link #MEASURED} requests to /api/activities/home after a warm-up. */
  private static double[] measure(AppProcess app) {
    Http http = new Http(app.port(), MAX_REQUEST.multipliedBy(5));
    for (int i = 0; i < WARMUP; i++) {
      http.send(Cruddur.HOME);
    }
    double[] ms = new double[MEASURED];
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < MEASURED; i++) {
      Http.Exchange ex = http.send(Cruddur.HOME);
      ms[i] = ex.nanos() / 1e6;
      if (ex.status() != 200) {
        problems.add("request " + i + ": status " + ex.status());
      }
      if (ex.duration().compareTo(MAX_REQUEST) >= 0) {
        problems.add("request " + i + ": took " + ms[i] + " ms");
      }
    }
    assertTrue(problems.isEmpty(), () -> app.name() + ": " + problems);
    return ms;
  }

  static double median(double[] values) {
    double[] s = values.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  private static AppProcess.Builder app(String name, String endpoint) {
    return AppProcess.withAgent(name).otlpEndpoint(endpoint).env("QUARTET_SHUTDOWN_TIMEOUT", "2s");
  }

  @BeforeAll
  void healthyBaseline() {
    try (OtlpHttpReceiver receiver = new OtlpHttpReceiver();
        AppProcess app = app("BrokenBackendIT-healthy", receiver.endpoint()).start()) {
      healthyMedianMs = median(measure(app));
      System.out.println("healthy receiver: median " + healthyMedianMs + " ms");
      receiver.awaitSpans(SpanRecord::isServer, WARMUP + MEASURED, Duration.ofSeconds(15));
      app.stop(SHUTDOWN_BOUND);
    }
  }

  private void brokenBackend(String name, String endpoint, Supplier<String> extraCheck) {
    brokenBackend(name, endpoint, app -> extraCheck == null ? null : extraCheck.get());
  }

  private void brokenBackend(String name, String endpoint, java.util.function.Function<AppProcess, String> extraCheck) {
    try (AppProcess app = app(name, endpoint).start()) {
      double medianMs = median(measure(app));
      System.out.println(name + ": median " + medianMs + " ms (healthy " + healthyMedianMs + " ms)");
      List<Executable> checks = new ArrayList<>();
      checks.add(() -> assertTrue(Math.abs(medianMs - healthyMedianMs) <= MEDIAN_TOLERANCE_MS,
          () -> name + ": median " + medianMs + " ms vs " + healthyMedianMs + " ms with a healthy receiver"));
      if (extraCheck != null) {
        checks.add(() -> {
          String problem = extraCheck.apply(app);
          assertTrue(problem == null, problem);
        });
      }
      checks.add(() -> {
        Duration took = app.stop(SHUTDOWN_BOUND);
        System.out.println(name + ": exited " + took.toMillis() + " ms after SIGTERM");
      });
      assertAll(name, checks);
    }
  }

  @Test
  void connectionRefusedBackend() {
    // The export failure says where it tried to send.
    brokenBackend("BrokenBackendIT-refused", "http://127.0.0.1:1", app -> {
      Await.until(EXPORTER_CONNECT_BOUND, () -> app.stderr().contains("Failed to export"));
      return app.stderr().lines().filter(l -> l.contains("Failed to export")).findFirst()
          .filter(l -> l.contains("(sending to OTLP http/protobuf http://127.0.0.1:1/v1/traces)")).isPresent() ? null
          : "no export failure line naming the endpoint; stderr:\n" + app.stderrTail();
    });
  }

  @Test
  void hangingBackend() {
    try (BlackHoleEndpoint hole = new BlackHoleEndpoint()) {
      brokenBackend("BrokenBackendIT-hanging", hole.endpoint(), () -> exporterConnected(hole) ? null
          : "the exporter never connected to the hanging endpoint within " + EXPORTER_CONNECT_BOUND.toSeconds()
              + " s, so the test proves nothing");
    }
  }

  @Test
  void shortLivedMainExitsWithHangingBackend() {
    List<Path> cp = List.of(SmokeEnv.appJar(), SmokeEnv.testClassesLocation());
    // Control: without the agent the program exits by itself, so a hang below is the agent's doing.
    try (AppProcess plain = AppProcess.builder("BrokenBackendIT-short-lived-plain")
        .mainClass(ShortLivedMain.class.getName(), cp).awaitHealth(false).start()) {
      assertTrue(plain.waitFor(AppProcess.START_TIMEOUT), () -> "control run without the agent did not exit: "
          + plain.stderrTail());
      assertEquals(0, plain.exitValue(), () -> "control run exit code; stderr " + plain.stderrTail());
      assertTrue(plain.stdout().contains(ShortLivedMain.DONE + "200"), () -> "control stdout: " + plain.stdout());
    }
    try (BlackHoleEndpoint hole = new BlackHoleEndpoint()) {
      AppProcess.Builder builder = app("BrokenBackendIT-short-lived", hole.endpoint());
      Path goAhead = builder.workDir().resolve("go-ahead");
      try (AppProcess app = builder.mainClass(ShortLivedMain.class.getName(), cp).args(goAhead.toString())
          .awaitHealth(false).start()) {
        shortLivedMainExits(hole, app, goAhead);
      }
    }
  }

  /** Lets main return once the exporter hangs on {@code hole}; the JVM must then exit by itself, and soon. */
  private static void shortLivedMainExits(BlackHoleEndpoint hole, AppProcess app, Path goAhead) {
    assertTrue(exporterConnected(hole), () -> "the exporter never connected to the hanging endpoint within "
        + EXPORTER_CONNECT_BOUND.toSeconds() + " s, so the test proves nothing; stderr:\n" + app.stderrTail());
    try {
      Files.createFile(goAhead);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // main prints this line just before it returns; from then on only the agent can keep the JVM alive
    Await.require("ShortLivedMain to finish its work", AppProcess.START_TIMEOUT,
        () -> app.stdout().contains(ShortLivedMain.DONE) || !app.isAlive(), app::stderrTail);
    long mainReturned = System.nanoTime();
    assertTrue(app.stdout().contains(ShortLivedMain.DONE + "200"), () -> "stdout: " + app.stdout()
        + "\nstderr:\n" + app.stderrTail());
    boolean exited = app.waitFor(SHORT_LIVED_BOUND);
    long ms = (System.nanoTime() - mainReturned) / 1_000_000;
    assertTrue(exited, () -> "with the agent and a hanging OTLP endpoint the JVM was still running "
        + SHORT_LIVED_BOUND.toSeconds() + " s after main returned; stderr:\n" + app.stderrTail());
    System.out.println("short-lived main: JVM exited " + ms + " ms after main returned");
    assertEquals(0, app.exitValue(), () -> "exit code; stderr " + app.stderrTail());
  }
}
