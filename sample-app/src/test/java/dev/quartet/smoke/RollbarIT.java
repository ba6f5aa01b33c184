package dev.quartet.smoke;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;

/**
 * The Rollbar backend against a loopback Rollbar item endpoint: the failing route is one error item tied to its
 * request's span, {@code /api/rollbar/test} is one warning message, successful routes are nothing, and secrets sent
 * with the request appear nowhere in what is sent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RollbarIT {

  static final String BEARER = "Bearer s3cret-bearer-7f2a";
  static final String COOKIE_VALUE = "c00kie-s3ssion-9b1d";
  static final String QUERY_SECRET = "q-s3cret-key-55e0";
  static final String ERROR_TARGET = "/api/debug/error?term=cloud&api_key=" + QUERY_SECRET;

  RollbarReceiver rollbar;
  OtlpHttpReceiver otlp;
  int port;
  Http.Exchange error;
  Http.Exchange hello;
  List<Traffic.Call> successes;
  String stderr;

  @BeforeAll
  void run() {
    rollbar = new RollbarReceiver();
    otlp = new OtlpHttpReceiver();
    try (AppProcess app = AppProcess.withAgent("RollbarIT").otlpEndpoint(otlp.endpoint())
        .env("ROLLBAR_ACCESS_TOKEN", RollbarReceiver.TOKEN).env("ROLLBAR_ENDPOINT", rollbar.itemUrl()).start()) {
      port = app.port();
      Http http = app.http();
      List<Cruddur.Route> fine = Cruddur.ALL.stream()
          .filter(r -> r != Cruddur.DEBUG_ERROR && r != Cruddur.ROLLBAR_TEST).collect(Collectors.toList());
      successes = Traffic.callAll(http, fine);
      error = http.send("GET", ERROR_TARGET, null, Map.of("Authorization", BEARER,
          "Cookie", "session=" + COOKIE_VALUE + "; theme=dark", "X-Forwarded-For", "203.0.113.50"));
      hello = http.send(Cruddur.ROLLBAR_TEST);
      rollbar.awaitItems(i -> true, 2, Duration.ofSeconds(20));
      app.stop(Duration.ofSeconds(20)); // the shutdown drain sends anything still queued
      stderr = app.stderr();
    }
  }

  @AfterAll
  void close() {
    rollbar.close();
    otlp.close();
  }

  private RollbarReceiver.Item errorItem() {
    List<RollbarReceiver.Item> errors = rollbar.items(i -> i.level().equals("error"));
    assertEquals(1, errors.size(), () -> "error items: " + rollbar.items());
    return errors.get(0);
  }

  @Test
  void exactlyTheTwoExpectedItemsAndNoneForSuccessfulRoutes() {
    assertEquals(500, error.status());
    assertEquals(200, hello.status());
    assertTrue(successes.stream().allMatch(c -> c.exchange().status() < 500), () -> successes.toString());
    assertEquals(2, rollbar.items().size(), () -> "items: " + rollbar.items());
    assertEquals(List.of(), rollbar.handlerErrors());
  }

  @Test
  void theFailingRouteIsOneErrorItemWithItsTraceChainAndRequest() {
    JsonNode data = errorItem().data();
    JsonNode chain = data.path("body").path("trace_chain");
    JsonNode request = data.path("request");
    assertAll(
        () -> assertEquals(List.of("java.lang.IllegalStateException"), errorItem().exceptionClasses()),
        () -> assertEquals("debug error route: this exception is thrown on purpose",
            chain.get(0).path("exception").path("message").asText()),
        () -> assertTrue(chain.get(0).path("frames").toString().contains("cruddur.web.DebugErrorServlet"),
            "the throwing frame is in the trace"),
        () -> assertEquals("http://127.0.0.1:" + port + "/api/debug/error", request.path("url").asText()),
        () -> assertEquals("GET", request.path("method").asText()),
        () -> assertEquals("term=cloud&api_key=REDACTED", request.path("query_string").asText(),
            "redacted by the core, as in every backend"),
        () -> assertEquals("203.0.113.50", request.path("user_ip").asText(), "X-Forwarded-For aware"),
        () -> assertEquals("********", request.path("headers").path("Authorization").asText()),
        () -> assertEquals("********", request.path("headers").path("Cookie").asText()),
        () -> assertEquals(Http.USER_AGENT, request.path("headers").path("User-Agent").asText()),
        () -> assertEquals("GET /api/debug/error", data.path("context").asText()),
        () -> assertEquals("production", data.path("environment").asText()),
        () -> assertEquals(appVersion(), data.path("code_version").asText(), "the app jar's manifest"),
        () -> assertFalse(data.path("server").path("host").asText().isEmpty()),
        () -> assertTrue(data.path("is_uncaught").asBoolean()));
  }

  @Test
  void noSecretOfTheRequestIsAnywhereInWhatIsSent() {
    List<Executable> checks = new ArrayList<>();
    for (RollbarReceiver.Item item : rollbar.items()) {
      for (String secret : List.of("s3cret-bearer-7f2a", COOKIE_VALUE, QUERY_SECRET, RollbarReceiver.TOKEN)) {
        checks.add(() -> assertFalse(item.raw().contains(secret), () -> secret + " in " + item.raw()));
      }
    }
    for (LoopbackHttpReceiver.RecordedRequest post : rollbar.requests()) {
      checks.add(() -> assertEquals(RollbarReceiver.TOKEN, post.header("x-rollbar-access-token")));
      checks.add(() -> assertEquals("gzip", post.header("content-encoding")));
    }
    checks.add(() -> assertFalse(stderr.contains(RollbarReceiver.TOKEN), "the token in the agent's stderr"));
    assertAll(checks);
  }

  @Test
  void rollbarJavasOwnLoggingStaysSilent() {
    // relocated SLF4J 1.7 without a binding would print "Failed to load class ...StaticLoggerBinder" here
    assertFalse(stderr.contains("StaticLoggerBinder") || stderr.contains("dev.quartet.shaded"), stderr);
    assertFalse(stderr.contains("rollbar: rollbar-java could not build"), stderr);
  }

  @Test
  void theErrorItemNamesTheTraceAndSpanOfItsRequest() {
    TraceResponse tr = error.traceResponse().orElse(null);
    assertNotNull(tr, "no traceresponse on the error response");
    JsonNode custom = errorItem().custom();
    assertEquals(tr.traceId(), custom.path("trace_id").asText());
    assertEquals(tr.spanId(), custom.path("span_id").asText());
    assertEquals("1-" + tr.traceId().substring(0, 8) + "-" + tr.traceId().substring(8),
        custom.path("xray_trace_id").asText());
    SpanRecord span = otlp.awaitSpan(tr::names, Duration.ofSeconds(10)).orElse(null);
    assertNotNull(span, "the span the item names was not exported");
    assertEquals("GET /api/debug/error", span.name());
  }

  @Test
  void theRollbarTestRouteIsOneWarningMessageHelloWorld() {
    List<RollbarReceiver.Item> warnings = rollbar.items(i -> i.level().equals("warning"));
    assertEquals(1, warnings.size(), () -> "items: " + rollbar.items());
    RollbarReceiver.Item item = warnings.get(0);
    assertEquals("Hello World!", item.message());
    assertEquals("cruddur.web.RollbarTestServlet", item.custom().path("logger").asText());
    TraceResponse tr = hello.traceResponse().orElseThrow();
    assertEquals(tr.traceId(), item.custom().path("trace_id").asText(), "the record's request");
    assertEquals("/api/rollbar/test", item.data().path("request").path("url").asText().replaceFirst("^http://[^/]+",
        ""));
  }

  static String appVersion() {
    try (JarFile jar = new JarFile(SmokeEnv.appJar().toFile())) {
      return jar.getManifest().getMainAttributes().getValue("Implementation-Version");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  // ------------------------------------------------------------------ one failure, one item

  @Test
  void anExceptionLoggedAndThrownOutOfTheSameRequestIsOneItem() {
    List<Path> cp = List.of(SmokeEnv.appJar(), SmokeEnv.testClassesLocation());
    try (RollbarReceiver receiver = new RollbarReceiver();
        AppProcess app = AppProcess.withAgent("RollbarIT-duplicates")
            .mainClass(DuplicateProbeMain.class.getName(), cp)
            .env("ROLLBAR_ACCESS_TOKEN", RollbarReceiver.TOKEN).env("ROLLBAR_ENDPOINT", receiver.itemUrl()).start()) {
      Http http = app.http();
      assertEquals(500, http.get("/log-and-throw").status());
      assertEquals(500, http.get("/log-and-wrap").status());
      app.stop(Duration.ofSeconds(20));
      List<RollbarReceiver.Item> items = receiver.items();
      assertEquals(2, items.size(), () -> "items: " + items);
      RollbarReceiver.Item thrown = items.get(0);
      assertEquals("error", thrown.level(), "logged at SEVERE");
      assertEquals(List.of("java.lang.IllegalStateException"), thrown.exceptionClasses());
      assertEquals("could not serve /log-and-throw", thrown.data().path("body").path("trace_chain").get(0)
          .path("exception").path("description").asText(), "the logged message is kept");
      RollbarReceiver.Item wrapped = items.get(1);
      assertEquals("warning", wrapped.level(), "the first report, the WARNING record, is the one kept");
      assertEquals(List.of("java.io.IOException"), wrapped.exceptionClasses());
    }
  }

  @Test
  void anAppThatUsesRollbarJavaItselfKeepsItsOwnInstanceTokenAndItems() {
    List<Path> cp = new ArrayList<>(List.of(SmokeEnv.appJar(), SmokeEnv.testClassesLocation()));
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      if (entry.contains("rollbar-java") || entry.contains("rollbar-api") || entry.contains("slf4j-api")) {
        cp.add(Path.of(entry)); // the app's own, unrelocated rollbar-java
      }
    }
    try (RollbarReceiver agents = new RollbarReceiver();
        RollbarReceiver apps = new RollbarReceiver(AppRollbarMain.APP_TOKEN);
        AppProcess app = AppProcess.withAgent("RollbarIT-app-rollbar")
            .mainClass(AppRollbarMain.class.getName(), cp).args(apps.itemUrl()).awaitHealth(false)
            .env("ROLLBAR_ACCESS_TOKEN", RollbarReceiver.TOKEN).env("ROLLBAR_ENDPOINT", agents.itemUrl()).start()) {
      assertTrue(app.waitFor(Duration.ofSeconds(60)), () -> "did not exit: " + app.stderrTail());
      assertEquals(0, app.exitValue(), app::stderrTail);
      assertTrue(app.stdout().contains(AppRollbarMain.SAME_INSTANCE + "true"), app.stdout());
      List<RollbarReceiver.Item> own = apps.items();
      assertEquals(1, own.size(), () -> "the app's items: " + own);
      assertEquals("app-env", own.get(0).data().path("environment").asText());
      assertTrue(own.get(0).raw().contains(AppRollbarMain.APP_MESSAGE));
      List<RollbarReceiver.Item> quartets = agents.items();
      assertEquals(1, quartets.size(), () -> "the agent's items: " + quartets);
      assertEquals("production", quartets.get(0).data().path("environment").asText());
      assertTrue(quartets.get(0).raw().contains(AppRollbarMain.LOGGED));
      assertFalse(quartets.get(0).raw().contains(AppRollbarMain.APP_TOKEN));
    }
  }

  // ------------------------------------------------------------------ local mode

  @Test
  void withoutATokenItemsGoToErrorsJsonlAndTheReportListsThem() throws IOException {
    AppProcess.Builder b = AppProcess.withAgent("RollbarIT-local");
    Path telemetry = b.workDir().resolve("telemetry");
    String traceId;
    try (AppProcess app = b.start()) {
      Http http = app.http();
      for (int i = 0; i < 3; i++) {
        http.send(Cruddur.DEBUG_ERROR);
      }
      traceId = http.send(Cruddur.DEBUG_ERROR).traceResponse().orElseThrow().traceId();
      http.send(Cruddur.ROLLBAR_TEST);
      http.send(Cruddur.HOME);
      app.stop(Duration.ofSeconds(20));
    }
    List<String> lines = Files.readAllLines(telemetry.resolve("errors.jsonl"));
    assertEquals(5, lines.size(), () -> "errors.jsonl: " + lines);
    assertTrue(lines.stream().noneMatch(l -> l.contains("access_token")));

    String out;
    try (AppProcess report = AppProcess.builder("RollbarIT-report").jar(SmokeEnv.agentJar())
        .args("report", telemetry.toString()).awaitHealth(false).start()) {
      assertTrue(report.waitFor(Duration.ofSeconds(60)), "report did not finish within 60 s");
      out = report.stdout();
      assertEquals(0, report.exitValue(), () -> "report exit code; stderr:\n" + report.stderr());
    }
    String ctx = "report output:\n" + out;
    assertTrue(out.contains("errors.jsonl: 5 items (5 occurrences) in 2 groups"), ctx);
    List<String> rows = out.lines().filter(l -> l.contains("java.lang.IllegalStateException")).collect(
        Collectors.toList());
    assertEquals(1, rows.size(), ctx);
    List<String> fields = List.of(rows.get(0).trim().split("\\s{2,}"));
    assertEquals("4", fields.get(0), ctx);
    assertEquals("error", fields.get(1), ctx);
    assertEquals(traceId, fields.get(fields.size() - 1), "the latest occurrence's trace id; " + ctx);
    assertTrue(out.lines().anyMatch(l -> l.contains("warning") && l.contains("Hello World!")), ctx);
  }
}
