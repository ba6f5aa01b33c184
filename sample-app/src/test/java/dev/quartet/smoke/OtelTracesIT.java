package dev.quartet.smoke;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;

/** Every Cruddur route, once, with the agent exporting OTLP/HTTP to a loopback receiver. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OtelTracesIT {

  static final String SECRET = "supersecret123";
  static final Duration SPAN_TIMEOUT = Duration.ofSeconds(15);

  OtlpHttpReceiver receiver;
  AppProcess app;
  List<Traffic.Call> calls;
  Map<Traffic.Call, SpanRecord> spans;
  /** Server spans received once the barrier request's span arrived. */
  List<SpanRecord> serverSpans;
  int requestsSent;
  AssertionError stopFailure;
  AssertionError barrierFailure;

  @BeforeAll
  void run() {
    receiver = new OtlpHttpReceiver();
    app = AppProcess.withAgent("OtelTracesIT")
        .otlpEndpoint(receiver.endpoint())
        .env("OTEL_EXPORTER_OTLP_HEADERS", "x-honeycomb-team=" + SECRET)
        .start();
    Http http = app.http();
    calls = Traffic.callAll(http, Cruddur.ALL);
    spans = Traffic.awaitSpans(receiver, calls, SPAN_TIMEOUT);
    try {
      Traffic.barrier(receiver, http, SPAN_TIMEOUT);
    } catch (AssertionError e) {
      barrierFailure = e; // reported by the test that needs the barrier; the others still run
    }
    requestsSent = app.healthProbeResponses() + calls.size() + 1;
    serverSpans = receiver.spans(SpanRecord::isServer);
    receiver.dump(app.workDir().resolve("received-spans.txt"));
    // Everything is collected: stop now, so that the output checks also cover what is printed at shutdown.
    try {
      app.stop(Duration.ofSeconds(20));
    } catch (AssertionError e) {
      stopFailure = e;
    }
  }

  @AfterAll
  void stop() {
    if (app != null) {
      app.close();
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  private List<Executable> perCall(java.util.function.BiConsumer<Traffic.Call, SpanRecord> check) {
    List<Executable> out = new ArrayList<>();
    for (Traffic.Call c : calls) {
      out.add(() -> {
        assertNotNull(c.traceResponse(), () -> c + ": no valid traceresponse header, so its span cannot be found");
        SpanRecord s = spans.get(c);
        assertNotNull(s, () -> c + ": the span named by its traceresponse did not arrive within " + SPAN_TIMEOUT);
        check.accept(c, s);
      });
    }
    return out;
  }

  @Test
  void theAppAnswersEveryRouteAsCatalogued() {
    assertAll(calls.stream().map(c -> (Executable) () ->
        assertEquals(c.route().expectedStatus(), c.exchange().status(), () -> c + " body " + c.exchange().body())));
  }

  @Test
  void everyResponseCarriesASampledTraceresponse() {
    assertAll(calls.stream().map(c -> (Executable) () -> {
      TraceResponse tr = c.traceResponse();
      assertNotNull(tr, () -> c + ": missing or malformed traceresponse header");
      assertTrue(tr.sampled(), () -> c + ": traceresponse not sampled");
    }));
  }

  @Test
  void exactlyOneServerSpanPerRequest() {
    if (barrierFailure != null) {
      throw barrierFailure;
    }
    assertAll(perCall((c, s) -> {
      List<SpanRecord> sameTrace = serverSpans.stream().filter(x -> x.traceId().equals(s.traceId()))
          .collect(Collectors.toList());
      assertEquals(1, sameTrace.size(), () -> c + ": server spans in its trace: " + sameTrace);
      assertEquals("", s.parentSpanId(), () -> c + ": a request without incoming context must give a root span");
    }));
    // A second span whose context got lost (e.g. at an async dispatch) would start a new trace: count them all.
    assertEquals(requestsSent, serverSpans.size(),
        () -> "server spans received vs requests sent (" + app.healthProbeResponses() + " startup probes, "
            + calls.size() + " routes, 1 barrier): " + serverSpans.stream().map(SpanRecord::name)
            .collect(Collectors.toList()));
  }

  @Test
  void spanNameAndHttpRoute() {
    assertAll(perCall(SpanChecks::nameAndRoute));
  }

  @Test
  void httpSemanticConventionAttributes() {
    assertAll(perCall((c, s) -> SpanChecks.httpAttributes(c, s, app.port())));
  }

  @Test
  void spanStatusIsErrorExactlyFor5xx() {
    assertAll(perCall(SpanChecks::status));
  }

  @Test
  void theErrorRouteRecordsTheException() {
    Traffic.Call c = call(Cruddur.DEBUG_ERROR);
    assertEquals(500, c.exchange().status());
    SpanRecord s = spans.get(c);
    assertNotNull(s, () -> c + ": no span");
    SpanChecks.recordedException(c, s);
  }

  @Test
  void noExceptionEventsOnSuccessfulOrClientErrorRequests() {
    assertAll(perCall((c, s) -> {
      if (c.exchange().status() < 500) {
        assertTrue(s.events().stream().noneMatch(e -> e.name().equals("exception")), () -> c + ": " + s.events());
        assertFalse(s.attributes().containsKey("error.type") && c.exchange().status() < 400,
            () -> c + ": error.type on a successful request: " + s);
      }
    }));
  }

  @Test
  void traceIdsAreXrayCompatible() {
    assertAll(perCall((c, s) -> SpanChecks.xrayCompatibleTraceId(s.traceId(), c.toString())));
  }

  @Test
  void asyncRoutesGetOneCompleteSpan() {
    Traffic.Call notifications = call(Cruddur.NOTIFICATIONS);
    Traffic.Call groups = call(Cruddur.MESSAGE_GROUPS);
    for (Traffic.Call c : List.of(notifications, groups)) {
      SpanRecord s = spans.get(c);
      assertNotNull(s, () -> c + ": no span");
      assertEquals(1, serverSpans.stream().filter(x -> c.route().path().equals(x.attr("url.path"))).count(),
          () -> c + ": server spans for this path: " + serverSpans.stream()
              .filter(x -> c.route().path().equals(x.attr("url.path"))).collect(Collectors.toList()));
      assertEquals(200L, s.attr("http.response.status_code"), () -> c + ": " + s);
    }
    SpanRecord n = spans.get(notifications);
    assertTrue(n.durationNanos() >= 25_000_000L,
        () -> "the notifications span must last until the async work completed (>= 25 ms), lasted "
            + n.durationNanos() / 1_000_000.0 + " ms");
  }

  @Test
  void resourceCarriesServiceName() {
    assertAll(perCall((c, s) -> assertEquals(SmokeEnv.SERVICE_NAME, s.resourceAttr("service.name"),
        () -> c + ": resource " + s.resource())));
  }

  @Test
  void exportRequestsCarryTheConfiguredHeaders() {
    List<LoopbackHttpReceiver.RecordedRequest> exports = receiver.traceExports();
    assertFalse(exports.isEmpty(), "no export requests");
    assertAll(exports.stream().map(r -> (Executable) () -> {
      assertEquals(SECRET, r.header("x-honeycomb-team"), () -> "export request headers " + r.headers());
      assertTrue(r.header("content-type").startsWith("application/x-protobuf"), () -> "content-type " + r.headers());
    }));
    assertTrue(receiver.handlerErrors().isEmpty(), () -> "undecodable exports: " + receiver.handlerErrors());
  }

  @Test
  void theAppStopsOnSigterm() {
    if (stopFailure != null) {
      throw stopFailure;
    }
  }

  @Test
  void startupLineOnStderrAndNoSecretInOutput() {
    String err = app.stderr();
    assertTrue(err.lines().anyMatch(l -> l.startsWith("[quartet]")),
        () -> "no line starting with [quartet] on stderr:\n" + AppProcess.tail(err, 40));
    assertFalse(err.contains(SECRET), () -> "the OTLP header value leaked to stderr:\n" + err);
    assertFalse(app.stdout().contains(SECRET), "the OTLP header value leaked to stdout");
  }

  private Traffic.Call call(Cruddur.Route r) {
    return calls.stream().filter(c -> c.route() == r).findFirst().orElseThrow();
  }
}
