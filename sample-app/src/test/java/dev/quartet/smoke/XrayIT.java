package dev.quartet.smoke;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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

/**
 * Every Cruddur route with the agent sending segments to a loopback X-Ray daemon (UDP segments, TCP sampling proxy
 * in the {@code tcp:… udp:…} address form) and spans to a loopback OTLP receiver: one segment per request, shaped
 * as the X-Ray servlet filter records it, quoting the same trace and span id as the OpenTelemetry span.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class XrayIT {

  static final Duration TIMEOUT = Duration.ofSeconds(15);
  static final String RULE = "quartet-smoke-all";
  static final String XRAY = "X-Amzn-Trace-Id";

  OtlpHttpReceiver otlp;
  XrayDaemonReceiver daemon;
  XraySamplingProxy proxy;
  AppProcess app;
  Http http;
  List<Traffic.Call> calls;
  Map<Traffic.Call, SpanRecord> spans;

  @BeforeAll
  void run() {
    otlp = new OtlpHttpReceiver();
    daemon = new XrayDaemonReceiver();
    proxy = new XraySamplingProxy();
    proxy.rules(XraySamplingProxy.rule(RULE, 100, 1.0, 0, SmokeEnv.SERVICE_NAME, "*"),
        XraySamplingProxy.defaultRule(0.0, 0));
    app = AppProcess.withAgent("XrayIT")
        .otlpEndpoint(otlp.endpoint())
        .env("AWS_XRAY_DAEMON_ADDRESS", "tcp:127.0.0.1:" + proxy.port() + " udp:" + daemon.address())
        .start();
    http = app.http();
    awaitCentralizedRules();
    calls = Traffic.callAll(http, Cruddur.ALL);
    spans = Traffic.awaitSpans(otlp, calls, TIMEOUT);
    for (Traffic.Call c : calls) {
      daemon.awaitSegments(s -> s.path("id").asText().equals(spanId(c)), 1, TIMEOUT);
    }
  }

  /** Health checks until one is recorded by the proxy's rule: from then on the centralized rules decide. */
  private void awaitCentralizedRules() {
    Await.require("a segment sampled by the daemon's rule " + RULE, TIMEOUT, () -> {
      http.send(Cruddur.HEALTH);
      return !daemon.segments(s -> RULE.equals(s.at("/aws/xray/rule_name").asText())).isEmpty();
    }, () -> proxy.rulesRequests() + " GetSamplingRules requests; stderr:\n" + app.stderrTail());
  }

  @AfterAll
  void stop() {
    if (app != null) {
      daemon.dump(app.workDir().resolve("received-segments.txt"));
      app.close();
    }
    for (AutoCloseable c : new AutoCloseable[] {otlp, daemon, proxy}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception ignored) {
        // best effort
      }
    }
  }

  private static String spanId(Traffic.Call c) {
    return c.traceResponse() == null ? "-" : c.traceResponse().spanId();
  }

  static String xrayTraceId(String traceId) {
    return "1-" + traceId.substring(0, 8) + "-" + traceId.substring(8);
  }

  private JsonNode segmentOf(Traffic.Call c) {
    List<JsonNode> found = daemon.segments(s -> s.path("id").asText().equals(spanId(c)));
    assertEquals(1, found.size(), () -> c + ": segments with its span id: " + found);
    return found.get(0);
  }

  private List<Executable> perCall(java.util.function.BiConsumer<Traffic.Call, JsonNode> check) {
    List<Executable> out = new ArrayList<>();
    for (Traffic.Call c : calls) {
      out.add(() -> {
        assertNotNull(c.traceResponse(), () -> c + ": no traceresponse");
        check.accept(c, segmentOf(c));
      });
    }
    return out;
  }

  @Test
  void everyRouteYieldsOneSegmentWithTheServletFiltersHttpBlockAndFlags() {
    assertAll(perCall((c, s) -> {
      int status = c.exchange().status();
      assertEquals(SmokeEnv.SERVICE_NAME, s.get("name").asText(), c::toString);
      JsonNode request = s.at("/http/request");
      assertEquals(c.route().method(), request.path("method").asText(), c::toString);
      assertEquals("http://127.0.0.1:" + app.port() + c.route().path(), request.path("url").asText(), c::toString);
      assertEquals(Http.USER_AGENT, request.path("user_agent").asText(), c::toString);
      assertEquals("127.0.0.1", request.path("client_ip").asText(), c::toString);
      assertFalse(request.has("x_forwarded_for"), c::toString);
      assertEquals(status, s.at("/http/response/status").asInt(), c::toString);
      String length = c.exchange().header("content-length");
      if (length != null && c.route() != Cruddur.DEBUG_ERROR) {
        assertEquals(Long.parseLong(length), s.at("/http/response/content_length").asLong(), c::toString);
      }
      assertEquals(status >= 400 && status < 500, s.path("error").asBoolean(false), () -> c + " error flag");
      assertEquals(status >= 500, s.path("fault").asBoolean(false), () -> c + " fault flag");
      assertFalse(s.path("throttle").asBoolean(false), c::toString);
      assertEquals(RULE, s.at("/aws/xray/rule_name").asText(), () -> c + ": sampled by the daemon's rule");
      assertEquals("2.21.0", s.at("/aws/xray/sdk_version").asText(), "the SDK's sdk.properties loads in the jar");
    }));
  }

  @Test
  void theFailingRouteYieldsAFaultWithItsCause() {
    Traffic.Call c = calls.stream().filter(x -> x.route() == Cruddur.DEBUG_ERROR).findFirst().orElseThrow();
    JsonNode s = segmentOf(c);
    assertTrue(s.path("fault").asBoolean(), s::toString);
    JsonNode exception = s.at("/cause/exceptions/0");
    assertEquals("java.lang.IllegalStateException", exception.path("type").asText(), s::toString);
    assertTrue(exception.path("message").asText().contains("on purpose"), s::toString);
    assertTrue(exception.path("stack").size() > 0, s::toString);
  }

  @Test
  void theSegmentQuotesTheOtelSpansTraceIdInXrayFormAndItsSpanId() {
    assertAll(perCall((c, s) -> {
      SpanRecord span = spans.get(c);
      assertNotNull(span, () -> c + ": no OTel span");
      assertEquals(xrayTraceId(span.traceId()), s.get("trace_id").asText(), c::toString);
      assertEquals(span.spanId(), s.get("id").asText(), c::toString);
      assertFalse(s.has("parent_id"), () -> c + ": no caller, no parent");
      assertEquals("Root=" + xrayTraceId(span.traceId()), c.exchange().header(XRAY), () -> c + ": response header");
    }));
  }

  @Test
  void anIncomingSampledZeroYieldsNoSegmentAndNoSpan() {
    String tid = TraceIds.traceId();
    Http.Exchange ex = http.send(Cruddur.HOME, Map.of(XRAY, TraceIds.xrayHeader(tid, TraceIds.spanId(), "0")));
    assertEquals(200, ex.status());
    // Barrier: a later request's segment and span have both arrived.
    Traffic.Call barrier = Traffic.barrier(otlp, http, TIMEOUT);
    daemon.awaitSegments(s -> s.path("id").asText().equals(spanId(barrier)), 1, TIMEOUT);
    String xrayTid = xrayTraceId(tid);
    assertEquals(List.of(), daemon.documents().stream().filter(d -> xrayTid.equals(d.path("trace_id").asText()))
        .collect(Collectors.toList()));
    assertEquals(List.of(), otlp.spans(s -> s.traceId().equals(tid)));
    assertEquals("Root=" + xrayTid, ex.header(XRAY));
  }

  @Test
  void anIncomingSampledOneIsContinued() {
    String tid = TraceIds.traceId();
    String parent = TraceIds.spanId();
    http.send(Cruddur.HOME, Map.of(XRAY, TraceIds.xrayHeader(tid, parent, "1")));
    JsonNode s = daemon.awaitSegments(x -> xrayTraceId(tid).equals(x.path("trace_id").asText()), 1, TIMEOUT).get(0);
    assertEquals(parent, s.path("parent_id").asText());
    assertFalse(s.at("/aws/xray").has("rule_name"), "the caller decided, no rule did");
  }

  @Test
  void everyDatagramIsAValidSegmentDocument() {
    assertFalse(daemon.documents().isEmpty());
    assertEquals(List.of(), daemon.problems());
  }

  @Test
  void theStartupLineNamesTheDaemonAndTheSdkNeverWritesToTheAppsOutput() {
    String err = app.stderr();
    assertTrue(err.lines().anyMatch(l -> l.startsWith("[quartet]") && l.contains("xray → segments \"backend-flask\""
        + " → X-Ray daemon tcp:127.0.0.1:" + proxy.port() + " udp:" + daemon.address()
        + "; sampling: centralized rules from the daemon")), () -> "startup line:\n" + AppProcess.tail(err, 20));
    assertFalse(err.contains("dev.quartet.shaded"), () -> "a library logged around Quartet:\n" + err);
    assertFalse(app.stdout().contains("dev.quartet.shaded"), "a library logged to stdout");
    assertTrue(err.lines().noneMatch(l -> l.contains("[quartet] WARN xray")), () -> "warnings:\n" + err);
  }
}
