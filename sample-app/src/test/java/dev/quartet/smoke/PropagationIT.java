package dev.quartet.smoke;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Incoming W3C trace context and X-Ray trace headers. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PropagationIT {

  static final Duration SPAN_TIMEOUT = Duration.ofSeconds(10);
  static final String TRACEPARENT = "traceparent";
  static final String XRAY = "X-Amzn-Trace-Id";

  OtlpHttpReceiver receiver;
  AppProcess app;
  Http http;
  Http.Exchange baseline;

  @BeforeAll
  void start() {
    receiver = new OtlpHttpReceiver();
    app = AppProcess.withAgent("PropagationIT").otlpEndpoint(receiver.endpoint()).start();
    http = app.http();
    baseline = http.send(Cruddur.HEALTH);
  }

  @AfterAll
  void stop() {
    if (app != null) {
      receiver.dump(app.workDir().resolve("received-spans.txt"));
      app.close();
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  /** The single server span of {@code traceId}, waiting for it and then for a barrier so duplicates show up. */
  private SpanRecord onlyServerSpanOfTrace(String traceId) {
    receiver.awaitSpans(s -> s.isServer() && s.traceId().equals(traceId), 1, SPAN_TIMEOUT);
    Traffic.barrier(receiver, http, SPAN_TIMEOUT);
    List<SpanRecord> found = receiver.spans(s -> s.isServer() && s.traceId().equals(traceId));
    assertEquals(1, found.size(), () -> "server spans of trace " + traceId + ": " + found);
    return found.get(0);
  }

  @Test
  void w3cTraceparentIsContinued() {
    String tid = TraceIds.traceId();
    String sid = TraceIds.spanId();
    Http.Exchange ex = http.send(Cruddur.HOME, Map.of(TRACEPARENT, TraceIds.traceparent(tid, sid)));
    assertEquals(200, ex.status());
    SpanRecord s = onlyServerSpanOfTrace(tid);
    assertEquals(sid, s.parentSpanId(), () -> "parent of " + s);
    assertNotEquals(sid, s.spanId(), "the server span needs its own span id");
    TraceResponse tr = ex.traceResponse().orElse(null);
    assertNotNull(tr, () -> "traceresponse: " + ex.header(TraceResponse.HEADER));
    assertTrue(tr.names(s), () -> "traceresponse " + tr + " must name " + s);
  }

  @Test
  void xrayHeaderIsContinued() {
    String tid = TraceIds.traceId();
    String parent = TraceIds.spanId();
    Http.Exchange ex = http.send(Cruddur.HOME, Map.of(XRAY, TraceIds.xrayHeader(tid, parent, "1")));
    assertEquals(200, ex.status());
    SpanRecord s = onlyServerSpanOfTrace(tid);
    assertEquals(parent, s.parentSpanId(), () -> "parent of " + s);
  }

  @Test
  void traceparentWinsOverXrayHeader() {
    String w3cTid = TraceIds.traceId();
    String w3cSid = TraceIds.spanId();
    String xrayTid = TraceIds.traceId();
    String xrayParent = TraceIds.spanId();
    Http.Exchange ex = http.send(Cruddur.HOME, Map.of(
        TRACEPARENT, TraceIds.traceparent(w3cTid, w3cSid),
        XRAY, TraceIds.xrayHeader(xrayTid, xrayParent, "1")));
    assertEquals(200, ex.status());
    SpanRecord s = onlyServerSpanOfTrace(w3cTid);
    assertEquals(w3cSid, s.parentSpanId(), () -> "parent of " + s);
    assertTrue(receiver.spans(x -> x.traceId().equals(xrayTid)).isEmpty(), "a span continued the X-Ray trace too");
  }

  @Test
  void xrayNotSampledIsNotExported() {
    String tid = TraceIds.traceId();
    Http.Exchange ex = http.send(Cruddur.HOME, Map.of(XRAY, TraceIds.xrayHeader(tid, TraceIds.spanId(), "0")));
    assertEquals(200, ex.status());
    Traffic.barrier(receiver, http, SPAN_TIMEOUT);
    List<SpanRecord> leaked = receiver.spans(x -> x.traceId().equals(tid));
    assertTrue(leaked.isEmpty(), () -> "Sampled=0 request was exported: " + leaked);
  }

  /** The random part of the trace id inside the malformed headers (24 hex digits). */
  static final String HEADER_RANDOM = TraceIds.randomHex(12);

  static Stream<Arguments> malformedHeaders() {
    String t = TraceIds.epochHex() + HEADER_RANDOM;
    String s = TraceIds.spanId();
    String e = t.substring(0, 8);
    String r = t.substring(8);
    String p = s;
    String tp300 = "00-" + t + "-" + s + "-01-";
    tp300 = tp300 + "a".repeat(300 - tp300.length());
    String xr300 = "Root=1-" + e + "-" + r + ";Parent=" + p + ";Sampled=1;Lineage=";
    xr300 = xr300 + "b".repeat(300 - xr300.length());
    List<Arguments> a = new ArrayList<>();
    for (String v : List.of(
        "00-" + t + "-" + s,                                   // no flags
        "00-" + t.substring(1) + "-" + s + "-01",              // 31-hex trace id
        "00-" + t + "a-" + s + "-01",                          // 33-hex trace id
        "00-" + t + "-" + s.substring(1) + "-01",              // 15-hex span id
        "00-" + t + "-" + s + "a-01",                          // 17-hex span id
        "00-" + t.substring(0, 31) + "g-" + s + "-01",         // non-hex trace id
        "00-" + t + "-" + s.substring(0, 15) + "z-01",         // non-hex span id
        "00-" + t + "-" + s + "-0g",                           // non-hex flags
        "00-" + "0".repeat(32) + "-" + s + "-01",              // all-zero trace id
        "00-" + t + "-" + "0".repeat(16) + "-01",              // all-zero span id
        "ff-" + t + "-" + s + "-01",                           // forbidden version ff
        "00_" + t + "_" + s + "_01",                           // wrong separators
        tp300,                                                 // 300 characters
        "garbage",
        "-")) {
      a.add(Arguments.of(TRACEPARENT, v));
    }
    for (String v : List.of(
        "Root=1-" + e.substring(1) + "-" + r + ";Parent=" + p + ";Sampled=1",        // 7-hex epoch
        "Root=1-" + e + "-" + r.substring(1) + ";Parent=" + p + ";Sampled=1",        // 23-hex id
        "Root=1-" + e + "-" + r + "a;Parent=" + p + ";Sampled=1",                    // 25-hex id
        "Root=1-" + e + "-" + r + ";Parent=" + p.substring(1) + ";Sampled=1",        // 15-hex parent
        "Root=1-" + e + "-" + r + ";Parent=" + p + "a;Sampled=1",                    // 17-hex parent
        "Root=1-" + e + "-" + r.substring(0, 23) + "z;Parent=" + p + ";Sampled=1",   // non-hex root
        "Root=1-" + e + "-" + r + ";Parent=" + p.substring(0, 15) + "z;Sampled=1",   // non-hex parent
        "Root=1-00000000-" + "0".repeat(24) + ";Parent=" + p + ";Sampled=1",         // all-zero root
        "Root=1-" + e + "-" + r + ";Parent=" + "0".repeat(16) + ";Sampled=1",        // all-zero parent
        "Parent=" + p + ";Sampled=1",                                                // missing Root
        "Root=2-" + e + "-" + r + ";Parent=" + p + ";Sampled=1",                     // unknown version
        xr300,                                                                       // 300 characters
        "Root=;Parent=;Sampled=",
        "garbage")) {
      a.add(Arguments.of(XRAY, v));
    }
    return a.stream();
  }

  @ParameterizedTest(name = "[{index}] {0}: {1}")
  @MethodSource("malformedHeaders")
  void malformedContextStartsAFreshRootTrace(String header, String value) {
    Http.Exchange ex = http.send(Cruddur.HEALTH, Map.of(header, value));
    assertAll("the response must not change",
        () -> assertEquals(200, ex.status()),
        () -> assertEquals(baseline.body(), ex.body()),
        () -> assertEquals(baseline.header("content-type"), ex.header("content-type")));
    TraceResponse tr = ex.traceResponse().orElse(null);
    assertNotNull(tr, () -> "no valid traceresponse: " + ex.header(TraceResponse.HEADER));
    SpanRecord s = receiver.awaitSpans(tr::names, 1, SPAN_TIMEOUT).get(0);
    assertEquals("", s.parentSpanId(), () -> "must be a root span: " + s);
    SpanChecks.xrayCompatibleTraceId(s.traceId(), header + ": " + value);
    assertFalse(s.traceId().contains(HEADER_RANDOM.substring(4, 16)),
        () -> "the new trace id " + s.traceId() + " reuses the malformed header's id " + value);
  }

}
