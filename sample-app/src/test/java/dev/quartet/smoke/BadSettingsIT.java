package dev.quartet.smoke;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Bad setting values as a user types them: each gets one line naming it, and the backend runs on the default; in
 * strict mode no backend starts, and the app runs as without Quartet.
 */
class BadSettingsIT {

  static final Duration WAIT = Duration.ofSeconds(60);

  private static AppProcess.Builder withBadSettings(String name) {
    return AppProcess.withAgent(name)
        .env("OTEL_TRACES_SAMPLER", "bogus")
        .env("AWS_XRAY_DAEMON_ADDRESS", "not-a-host:abc")
        .env("QUARTET_XRAY_SAMPLING", "all")
        .env("QUARTET_HTTP_ROUTES", "/api/{unclosed," + SmokeEnv.HTTP_ROUTES);
  }

  private static long linesNaming(String stderr, String what) {
    return stderr.lines().filter(l -> l.contains(what)).count();
  }

  @Test
  void eachBadValueGetsOneLineAndTheBackendsRunOnTheDefaults() {
    AppProcess.Builder b = withBadSettings("BadSettingsIT");
    Path telemetry = b.workDir().resolve("telemetry");
    try (AppProcess app = b.start()) {
      Http.Exchange home = app.http().send(Cruddur.HOME);
      assertEquals(200, home.status());
      String traceId = home.traceResponse().orElseThrow().traceId();
      // OpenTelemetry runs on its default sampler: the span is written.
      Path traces = telemetry.resolve("traces.jsonl");
      Await.require("the span in " + traces, WAIT, () -> read(traces).contains(traceId), app::stderrTail);
      app.stop(Duration.ofSeconds(30));
      String stderr = app.stderr();
      assertAll(stderr,
          () -> assertEquals(1, linesNaming(stderr, "OTEL_TRACES_SAMPLER: \"bogus\" is not one of"),
              "one line for the sampler"),
          () -> assertEquals(1, linesNaming(stderr, "AWS_XRAY_DAEMON_ADDRESS: \"not-a-host:abc\""),
              "one line for the daemon address"),
          () -> assertTrue(stderr.contains("xray → segments") && stderr.contains("X-Ray daemon 127.0.0.1:2000"),
              "X-Ray sends to the default daemon address"),
          () -> assertTrue(home.header("X-Amzn-Trace-Id") != null, "X-Ray answered the request"),
          () -> assertEquals(1, linesNaming(stderr, "template \"/api/{unclosed\""), "one line for the route"),
          () -> assertFalse(stderr.contains("ERROR"), "no error"),
          () -> assertFalse(stderr.contains("dev.quartet.shaded"), "no relocated class name"),
          () -> assertFalse(stderr.contains("could not start"), "every backend started"));
    }
  }

  @Test
  void strictModeStartsNoBackendAndSaysWhy() {
    try (AppProcess app = withBadSettings("BadSettingsIT-strict").env("QUARTET_STRICT", "true").start()) {
      Http.Exchange home = app.http().send(Cruddur.HOME);
      assertEquals(200, home.status());
      app.stop(Duration.ofSeconds(30));
      String stderr = app.stderr();
      List<String> strict = stderr.lines().filter(l -> l.contains("ERROR strict: ")).toList();
      assertAll(stderr,
          () -> assertEquals(3, strict.size(), () -> "one line per problem: " + strict),
          () -> assertTrue(stderr.contains("no backend is started"), "the refusal is said"),
          () -> assertNull(home.header(TraceResponse.HEADER), "nothing is instrumented"),
          () -> assertFalse(stderr.contains("instrumented:"), "no startup line claims backends"));
    }
  }

  /** Values checked by the backends themselves (not by Config) are setting problems too: strict mode counts them. */
  @Test
  void strictModeCountsTheProblemsEachBackendFindsItself() {
    AppProcess.Builder b = AppProcess.withAgent("BadSettingsIT-strict-backends");
    try (AppProcess app = b.env("QUARTET_STRICT", "true")
        .env("ROLLBAR_ENDPOINT", "not a url")
        .env("QUARTET_CLOUDWATCH_LOG_STREAM", "{service}-{bogus}")
        .env("QUARTET_XRAY_SAMPLING", "local")
        .env("QUARTET_XRAY_SAMPLING_RULES", b.workDir().resolve("no-such-rules.json").toString())
        .start()) {
      Http.Exchange home = app.http().send(Cruddur.HOME);
      assertEquals(200, home.status());
      app.stop(Duration.ofSeconds(30));
      String stderr = app.stderr();
      List<String> strict = stderr.lines().filter(l -> l.contains("ERROR strict: ")).toList();
      assertAll(stderr,
          () -> assertEquals(1, linesNaming(stderr, "ERROR strict: environment variable ROLLBAR_ENDPOINT: \"not a url\""),
              "the Rollbar endpoint"),
          () -> assertEquals(1, linesNaming(stderr, "ERROR strict: quartet.cloudwatch.log-stream: unknown placeholder {bogus}"),
              "the stream name's placeholder"),
          () -> assertEquals(1, linesNaming(stderr, "ERROR strict: xray: sampling rule file"), "the rules file"),
          () -> assertEquals(3, strict.size(), () -> "one line per problem: " + strict),
          () -> assertTrue(stderr.contains("no backend is started"), "the refusal is said"),
          () -> assertNull(home.header(TraceResponse.HEADER), "nothing is instrumented"));
    }
  }

  private static String read(Path p) {
    try {
      return Files.exists(p) ? Files.readString(p) : "";
    } catch (IOException e) {
      return "";
    }
  }
}
