package dev.quartet.compat;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quartet.smoke.AppProcess;
import dev.quartet.smoke.Await;
import dev.quartet.smoke.CloudWatchLogsReceiver.StoredEvent;
import dev.quartet.smoke.Http;
import dev.quartet.smoke.ResponseNormalizer;
import dev.quartet.smoke.RollbarReceiver;
import dev.quartet.smoke.SmokeEnv;
import dev.quartet.smoke.SpanRecord;
import dev.quartet.smoke.TraceIds;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;

/**
 * What every app of the compatibility suite must show, as a user checks it. The app runs twice in a child JVM on
 * {@link #jdk()}: without the agent, then with it against the four loopback backends. Every request carries its
 * own sampled {@code traceparent}, so each one is found in each backend by its trace id, including those the
 * container answers itself. Subclasses name the app (how to start it, which requests, what to expect) and the JDK.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class CompatContract {

  static final Duration ARRIVAL_TIMEOUT = Duration.ofSeconds(60);
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
  /** Spring Boot needs 20-40 s to start on a loaded 2-core machine, more with an agent; wait generously. */
  static final Duration START_TIMEOUT = Duration.ofSeconds(180);
  /** A first JSP request compiles the page: seconds on a loaded machine. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(90);

  /** One probe: its trace id, and the answers without and with the agent (null when the request failed). */
  record Sent(Probe probe, String traceId, Http.Exchange plain, Http.Exchange withAgent, String failure) {
    @Override
    public String toString() {
      return probe + " (trace " + traceId + ")";
    }
  }

  /** The app's name in work directories and messages, e.g. {@code spring-boot-mvc}. */
  protected abstract String app();

  protected abstract Jdk jdk();

  /** Whether the default run (CI) covers this cell; the others run with -Dcompat.all=true. */
  protected abstract boolean inDefaultRun();

  /** A child JVM running the app (no agent yet), with its health path; {@code runName} names its work dir. */
  protected abstract AppProcess.Builder launcher(String runName);

  protected abstract List<Probe> probes();

  protected final List<Sent> sent = new ArrayList<>();
  protected Backends backends;
  protected AppProcess agentRun;
  protected int healthProbes;
  private AssertionError stopFailure;

  private String cell() {
    return app() + "-jdk" + jdk().feature();
  }

  @BeforeAll
  void runTheAppWithoutAndWithTheAgent() {
    jdk().assumeInstalled();
    CompatEnv.assumeInThisRun(inDefaultRun(), app() + " on " + jdk());
    List<Probe> probes = probes();
    List<Http.Exchange> plain = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    try (AppProcess app = launcher(cell() + "-plain").java(jdk().java())
        .startTimeout(START_TIMEOUT).start()) {
      for (Probe p : probes) {
        plain.add(trySend(new Http(app.port(), REQUEST_TIMEOUT), p, null, failures));
      }
      app.stop(STOP_TIMEOUT);
    }
    backends = new Backends();
    AppProcess.Builder withAgent = launcher(cell() + "-agent").java(jdk().java())
        .startTimeout(START_TIMEOUT).agent(SmokeEnv.agentJar()).env(backends.env());
    Path workDir = withAgent.workDir();
    try {
      agentRun = withAgent.start();
      healthProbes = agentRun.healthProbeResponses();
      for (int i = 0; i < probes.size(); i++) {
        String traceId = TraceIds.traceId();
        List<String> failed = new ArrayList<>();
        Http.Exchange ex = trySend(new Http(agentRun.port(), REQUEST_TIMEOUT), probes.get(i), traceId, failed);
        sent.add(new Sent(probes.get(i), traceId, plain.get(i), ex,
            failed.isEmpty() ? (plain.get(i) == null ? failures.toString() : null) : failed.get(0)));
      }
      int answered = answered();
      long failing = sent.stream().filter(s -> s.probe().appException != null).count();
      // Everything expected has arrived (or the bound passed); the stop then flushes anything late or extra.
      Await.until(ARRIVAL_TIMEOUT, () -> backends.otlp.spans(SpanRecord::isServer).size() >= answered
          && backends.xray.segments(d -> true).size() >= answered
          && accessLines().size() >= answered
          && backends.rollbar.items(CompatContract::reportsAnException).size() >= failing);
      try {
        agentRun.stop(STOP_TIMEOUT);
      } catch (AssertionError e) {
        stopFailure = e;
      }
    } finally {
      backends.dump(workDir);
    }
  }

  @AfterAll
  void cleanUp() {
    if (agentRun != null) {
      agentRun.close();
    }
    if (backends != null) {
      backends.close();
    }
  }

  private static Http.Exchange trySend(Http http, Probe p, String traceId, List<String> failures) {
    Map<String, String> headers = new java.util.LinkedHashMap<>(p.headers);
    if (traceId != null) {
      headers.put("traceparent", TraceIds.traceparent(traceId, TraceIds.spanId()));
    }
    try {
      return http.send(p.method, p.target, null, headers);
    } catch (UncheckedIOException e) {
      failures.add(p + ": " + e.getMessage());
      return null;
    }
  }

  /** Requests the server answered while the agent was attached: startup probes plus every probe that got a response. */
  private int answered() {
    return healthProbes + (int) sent.stream().filter(s -> s.withAgent() != null).count();
  }

  // ---------------------------------------------------------------------------------------------- what arrived

  List<SpanRecord> serverSpans(String traceId) {
    return backends.otlp.spans(s -> s.isServer() && s.traceId().equals(traceId));
  }

  static String xrayTraceId(String traceId) {
    return "1-" + traceId.substring(0, 8) + "-" + traceId.substring(8);
  }

  List<JsonNode> segments(String traceId) {
    return backends.xray.segments(d -> d.path("trace_id").asText().equals(xrayTraceId(traceId)));
  }

  List<StoredEvent> accessLines() {
    return backends.cloudwatch.events(e -> "access".equals(e.field("logger")));
  }

  List<StoredEvent> accessLines(String traceId) {
    return backends.cloudwatch.events(e -> "access".equals(e.field("logger")) && traceId.equals(e.field("trace_id")));
  }

  List<StoredEvent> logEvents(String traceId) {
    return backends.cloudwatch.events(e -> !"access".equals(e.field("logger")) && traceId.equals(e.field("trace_id")));
  }

  /**
   * The Rollbar items of a failed request's trace that report an exception. Quartet reports one failure once: the
   * request's uncaught item, or — when the app or its framework logged the exception before rethrowing it (Jersey
   * logs an unmapped exception at WARNING first) — that log record's item, in the same trace.
   */
  List<RollbarReceiver.Item> failureItems(String traceId) {
    return backends.rollbar.items(i -> traceId.equals(i.custom().path("trace_id").asText()) && reportsAnException(i));
  }

  static boolean reportsAnException(RollbarReceiver.Item i) {
    return i.data().path("body").has("trace_chain") || i.data().path("body").has("trace");
  }

  /** One check per probe (those {@code which} selects), each failing with the probe named. */
  private void perProbe(java.util.function.Predicate<Sent> which, java.util.function.Consumer<Sent> check) {
    List<Executable> checks = new ArrayList<>();
    for (Sent s : sent) {
      if (which.test(s)) {
        checks.add(() -> {
          assertNotNull(s.withAgent(), () -> s + ": no answer with the agent: " + s.failure() + "; stderr:\n"
              + agentRun.stderrTail());
          check.accept(s);
        });
      }
    }
    assertAll(cell(), checks);
  }

  private void everyProbe(java.util.function.Consumer<Sent> check) {
    perProbe(s -> true, check);
  }

  private static <T> String describe(List<T> found, Function<T, String> f) {
    return found.size() + " found: " + found.stream().map(f).collect(Collectors.joining(" | "));
  }

  // ---------------------------------------------------------------------------------------------- the checks

  /** What differs between two runs of the same app by nature, masked: pattern and replacement. */
  private static final Map<Pattern, String> RUN_SPECIFIC = Map.of(
      // Spring's Whitelabel page: new Date().toString()
      Pattern.compile("\\w{3} \\w{3} \\d{2} \\d{2}:\\d{2}:\\d{2} \\w+ \\d{4}"), "<DATE>",
      // error pages quoting the request URL with the run's own port
      Pattern.compile("127\\.0\\.0\\.1:\\d+"), "127.0.0.1:<PORT>",
      // Jetty's error pages name the servlet holder, whose default name ends in an identity hash
      Pattern.compile("(\"servlet\":\"[^\"]*)-[0-9a-f]{1,8}\""), "$1-<HASH>\"");

  static String comparable(String body) {
    String out = ResponseNormalizer.normalize(body, Set.of());
    for (Map.Entry<Pattern, String> e : RUN_SPECIFIC.entrySet()) {
      out = e.getKey().matcher(out).replaceAll(e.getValue());
    }
    return out;
  }

  @Test
  void theAppAnswersAsItDoesWithoutTheAgent() {
    everyProbe(s -> {
      assertNotNull(s.plain(), () -> s + ": no answer without the agent: " + s.failure());
      assertEquals(s.probe().status, s.plain().status(), () -> s + ": status without the agent (the app's design)");
      assertEquals(s.plain().status(), s.withAgent().status(), () -> s + ": status with vs without the agent");
      assertEquals(comparable(s.plain().body()), comparable(s.withAgent().body()),
          () -> s + ": body with vs without the agent");
    });
  }

  @Test
  void exactlyOneServerSpanPerAnsweredRequest() {
    everyProbe(s -> assertEquals(1, serverSpans(s.traceId()).size(),
        () -> s + ": server spans in its trace: " + describe(serverSpans(s.traceId()), SpanRecord::toString)));
    int all = backends.otlp.spans(SpanRecord::isServer).size();
    assertEquals(answered(), all, () -> "server spans vs requests answered (" + healthProbes
        + " startup probes + " + sent.size() + " probes): " + backends.otlp.spans(SpanRecord::isServer).stream()
        .map(SpanRecord::name).collect(Collectors.toList()));
  }

  @Test
  void exactlyOneXraySegmentPerAnsweredRequest() {
    everyProbe(s -> assertEquals(1, segments(s.traceId()).size(),
        () -> s + ": segments in its trace: " + describe(segments(s.traceId()), JsonNode::toString)));
    assertEquals(answered(), backends.xray.segments(d -> true).size(),
        () -> "segments vs requests answered (" + healthProbes + " startup probes + " + sent.size() + " probes)");
    assertEquals(List.of(), backends.xray.problems(), "segment documents break no daemon rule");
  }

  @Test
  void exactlyOneAccessLinePerAnsweredRequest() {
    everyProbe(s -> {
      List<StoredEvent> lines = accessLines(s.traceId());
      assertEquals(1, lines.size(), () -> s + ": access lines in its trace: " + describe(lines, StoredEvent::message));
      assertEquals(s.withAgent().status(), lines.get(0).json().path("http").path("status").asInt(),
          () -> s + ": the status the client got, in " + lines.get(0).message());
    });
    assertEquals(answered(), accessLines().size(),
        () -> "access lines vs requests answered (" + healthProbes + " startup probes + " + sent.size() + " probes)");
  }

  @Test
  void spansAreNamedAfterTheRouteNeverTheRawPath() {
    perProbe(s -> s.probe().spanName != null || s.probe().notNamedAfterPath, s -> {
      List<SpanRecord> spans = serverSpans(s.traceId());
      assertEquals(1, spans.size(), () -> s + ": server spans " + spans);
      SpanRecord span = spans.get(0);
      Probe p = s.probe();
      if (p.spanName != null) {
        assertEquals(p.spanName, span.name(), () -> s + ": span name of " + span);
        assertEquals(p.spanName.substring(p.method.length() + 1), span.attr("http.route"),
            () -> s + ": http.route of " + span);
      } else {
        assertFalse(span.name().contains(p.path()), () -> s + ": span named after the raw path: " + span);
        assertFalse(String.valueOf(span.attr("http.route")).contains(p.path()),
            () -> s + ": http.route is the raw path: " + span);
      }
    });
  }

  @Test
  void theAppsOwnExceptionIsRecordedInEveryBackend() {
    perProbe(s -> s.probe().appException != null, s -> {
      String expected = s.probe().appException;
      List<Executable> backendsChecks = new ArrayList<>();
      backendsChecks.add(() -> {
        List<SpanRecord> spans = serverSpans(s.traceId());
        assertEquals(1, spans.size(), () -> s + ": server spans " + spans);
        SpanRecord span = spans.get(0);
        assertEquals(SpanRecord.STATUS_ERROR, span.statusCode(), () -> s + ": span status of " + span);
        assertEquals(expected, span.attr("error.type"), () -> s + ": error.type of " + span);
        List<SpanRecord.Event> ex = span.events().stream().filter(e -> e.name().equals("exception")).toList();
        assertEquals(1, ex.size(), () -> s + ": exception events " + span.events());
        assertEquals(expected, ex.get(0).attributes().get("exception.type"), () -> s + ": exception event type");
      });
      backendsChecks.add(() -> {
        List<JsonNode> segs = segments(s.traceId());
        assertEquals(1, segs.size(), () -> s + ": segments " + segs);
        assertTrue(segs.get(0).path("fault").asBoolean(), () -> s + ": fault in " + segs.get(0));
        assertEquals(expected, segs.get(0).at("/cause/exceptions/0/type").asText(),
            () -> s + ": X-Ray cause of " + segs.get(0));
      });
      backendsChecks.add(() -> {
        List<StoredEvent> lines = accessLines(s.traceId());
        assertEquals(1, lines.size(), () -> s + ": access lines " + describe(lines, StoredEvent::message));
        assertEquals(expected, lines.get(0).json().path("http").path("error").asText(),
            () -> s + ": access line error of " + lines.get(0).message());
      });
      backendsChecks.add(() -> {
        List<RollbarReceiver.Item> items = failureItems(s.traceId());
        assertEquals(1, items.size(), () -> s + ": Rollbar items with an exception in its trace: " + items);
        assertEquals(expected, items.get(0).exceptionClasses().get(0),
            () -> s + ": Rollbar item's first exception, chain " + items.get(0).exceptionClasses());
      });
      assertAll(s.toString(), backendsChecks);
    });
  }

  @Test
  void theContainersErrorLineCarriesTheTraceIdOfTheRequest() {
    perProbe(s -> s.probe().containerErrorLogger != null, s -> {
      String prefix = s.probe().containerErrorLogger;
      List<StoredEvent> all = backends.cloudwatch.events(e -> e.field("logger") != null
          && e.field("logger").startsWith(prefix) && Set.of("WARN", "ERROR").contains(e.field("level")));
      assertFalse(all.isEmpty(), () -> s + ": the container logged no WARN/ERROR line from " + prefix + "* at all");
      assertTrue(all.stream().anyMatch(e -> s.traceId().equals(e.field("trace_id"))),
          () -> s + ": the container's error line does not carry the request's trace id: "
              + describe(all, e -> e.field("logger") + " trace=" + e.field("trace_id") + " " + e.field("message")));
    });
  }

  @Test
  void theAppsLogLinesCarryTheTraceIdOfTheirRequest() {
    perProbe(s -> s.probe().appLog != null, s -> {
      Probe.AppLog expected = s.probe().appLog;
      List<StoredEvent> inTrace = logEvents(s.traceId());
      assertTrue(inTrace.stream().anyMatch(e -> expected.logger().equals(e.field("logger"))
              && expected.level().equals(e.field("level")) && e.field("message").contains(expected.messageFragment())),
          () -> s + ": no " + expected + " in its trace; log events in its trace: "
              + describe(inTrace, e -> e.field("level") + " " + e.field("logger") + " " + e.field("message")));
    });
  }

  @Test
  void oneTraceIdAcrossTheFourBackends() {
    perProbe(s -> s.probe().appException != null, s -> assertAll(s.toString(),
        () -> assertFalse(serverSpans(s.traceId()).isEmpty(), "OpenTelemetry span"),
        () -> assertFalse(segments(s.traceId()).isEmpty(), "X-Ray segment"),
        () -> assertFalse(accessLines(s.traceId()).isEmpty(), "CloudWatch access line"),
        () -> assertFalse(failureItems(s.traceId()).isEmpty(), "Rollbar item")));
  }

  @Test
  void theAppStopsWithinTheBoundWithTheAgent() {
    if (stopFailure != null) {
      throw stopFailure;
    }
  }
}
