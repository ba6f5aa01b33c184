package dev.quartet.smoke;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quartet.smoke.CloudWatchLogsReceiver.StoredEvent;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Apps logging with Logback or Log4j 2, with bridges from the other APIs into them: every event arrives exactly
 * once (the outermost logging call is captured, the bridged inner one is not), inside a request with its trace.
 */
class LoggingCaptureIT {

  private static Path jar(String name) {
    String v = System.getProperty("logging.jar." + name);
    assertNotNull(v, "system property logging.jar." + name + " (set by sample-app/pom.xml)");
    return Paths.get(v);
  }

  /**
   * Starts {@code main} with the agent and the given logging jars, calls {@code /log} once, and returns what
   * arrived with the request's traceresponse.
   */
  private static void run(String name, Class<?> main, List<String> jars, Map<String, String[]> expected,
      String library) {
    List<Path> cp = new ArrayList<>(List.of(SmokeEnv.appJar(), SmokeEnv.testClassesLocation()));
    jars.forEach(j -> cp.add(jar(j)));
    try (CloudWatchLogsReceiver r = new CloudWatchLogsReceiver();
        AppProcess app = AppProcess.withAgent(name).env(r.clientEnv())
            .env("QUARTET_CLOUDWATCH_SEND_INTERVAL", "200ms").mainClass(main.getName(), cp).start()) {
      Http.Exchange ex = app.http().get("/log");
      assertEquals(200, ex.status(), () -> "GET /log; stderr " + app.stderrTail());
      TraceResponse tr = ex.traceResponse().orElseThrow();
      r.awaitEvents(e -> LoggingApps.FAILURE.equals(e.field("message")), 1, Duration.ofSeconds(30));
      r.awaitEvents(e -> "access".equals(e.field("logger")) && tr.traceId().equals(e.field("trace_id")), 1,
          Duration.ofSeconds(30));
      app.stop(Duration.ofSeconds(20));
      String stderr = app.stderr();
      List<Executable> checks = new ArrayList<>();
      checks.add(() -> assertTrue(stderr.contains("instrumented: servlet,") && stderr.contains("jul, logback, log4j2"), stderr));
      for (Map.Entry<String, String[]> e : expected.entrySet()) {
        checks.add(() -> {
          List<StoredEvent> found = r.events(x -> e.getKey().equals(x.field("message")));
          assertEquals(1, found.size(), () -> "\"" + e.getKey() + "\" arrives exactly once: " + found);
          StoredEvent event = found.get(0);
          assertEquals(e.getValue()[0], event.field("logger"), e.getKey());
          assertEquals(e.getValue()[1], event.field("level"), e.getKey());
          assertEquals(tr.traceId(), event.field("trace_id"), () -> e.getKey() + ": logged inside the request");
          assertEquals(tr.spanId(), event.field("span_id"), e.getKey());
          assertTrue(event.field("thread").startsWith("qtp"), () -> e.getKey() + ": the request thread");
        });
      }
      checks.add(() -> {
        StoredEvent failure = r.events(x -> LoggingApps.FAILURE.equals(x.field("message"))).get(0);
        assertEquals("java.lang.IllegalStateException", failure.json().path("exception").path("type").asText());
        assertTrue(failure.json().path("exception").path("stacktrace").asText()
            .startsWith("java.lang.IllegalStateException: boom\n\tat dev.quartet.smoke.LoggingApps"), failure::message);
      });
      checks.add(() -> {
        List<StoredEvent> startup = r.events(x -> LoggingApps.STARTUP.equals(x.field("message")));
        assertEquals(1, startup.size(), "the startup event once");
        assertNull(startup.get(0).field("trace_id"), "outside a request: no trace");
        assertEquals("main", startup.get(0).field("thread"));
      });
      checks.add(() -> assertTrue(r.events(x -> "debug is below the level".equals(x.field("message"))).isEmpty(),
          "what the library's level discards is not shipped"));
      checks.add(() -> assertEquals(List.of(), r.limitViolations()));
      assertAll(library, checks);
    }
  }

  @Test
  void logbackAppWithJulAndLog4jBridgedIntoIt() {
    run("LoggingCaptureIT-logback", LoggingApps.Logback.class,
        List.of("logback-classic", "logback-core", "jul-to-slf4j", "log4j-api", "log4j-to-slf4j"),
        Map.of(
            "via slf4j parameters", new String[] {"app.slf4j", "INFO"},
            "via the slf4j fluent API", new String[] {"app.slf4j", "INFO"},
            "via jul bridged to slf4j", new String[] {"app.jul", "INFO"},
            "via log4j-api bridged to slf4j", new String[] {"app.log4j", "WARN"},
            LoggingApps.FAILURE, new String[] {"app.slf4j", "ERROR"}),
        "logback");
  }

  @Test
  void log4jAppWithSlf4jBridgedIntoIt() {
    run("LoggingCaptureIT-log4j2", LoggingApps.Log4j.class,
        List.of("log4j-api", "log4j-core", "log4j-slf4j2-impl"),
        Map.of(
            "via log4j parameters", new String[] {"app.log4j", "INFO"},
            "via the log4j LogBuilder", new String[] {"app.log4j", "WARN"},
            "via slf4j bridged to log4j", new String[] {"app.slf4j", "INFO"},
            "via jul", new String[] {"app.jul", "INFO"},
            LoggingApps.FAILURE, new String[] {"app.log4j", "ERROR"}),
        "log4j2");
  }
}
