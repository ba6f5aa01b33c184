package dev.quartet.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Outgoing calls made while a request is served ({@link OutgoingCallsMain}, with the JDK's HttpClient and
 * HttpURLConnection): each is an X-Ray {@code remote} subsegment and an OpenTelemetry CLIENT span with one span id,
 * and the called service receives both trace headers naming that id.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutgoingCallsIT {

  static final Duration TIMEOUT = Duration.ofSeconds(15);
  static final String XRAY = "X-Amzn-Trace-Id";

  /** The service the app calls: 200 on /items, 404 elsewhere. */
  static final class Downstream extends LoopbackHttpReceiver {
    Downstream() {
      super("downstream");
      route("GET", "/items", r -> Reply.text(200, "[]"));
    }
  }

  OtlpHttpReceiver otlp;
  XrayDaemonReceiver daemon;
  Downstream downstream;
  AppProcess app;
  Http http;

  @BeforeAll
  void start() {
    otlp = new OtlpHttpReceiver();
    daemon = new XrayDaemonReceiver();
    downstream = new Downstream();
    app = AppProcess.withAgent("OutgoingCallsIT")
        .mainClass(OutgoingCallsMain.class.getName(), List.of(SmokeEnv.appJar(), SmokeEnv.testClassesLocation()))
        .otlpEndpoint(otlp.endpoint())
        .env("AWS_XRAY_DAEMON_ADDRESS", daemon.address())
        .env("QUARTET_XRAY_SAMPLING", "all")
        .start();
    http = app.http();
    // The X-Ray SDK loads while the app starts; requests before that have no segment.
    Await.require("a first segment", TIMEOUT, () -> {
      http.send(Cruddur.HEALTH);
      return !daemon.documents().isEmpty();
    }, app::stderrTail);
  }

  @AfterAll
  void stop() {
    if (app != null) {
      daemon.dump(app.workDir().resolve("received-segments.txt"));
      otlp.dump(app.workDir().resolve("received-spans.txt"));
      app.close();
    }
    for (AutoCloseable c : new AutoCloseable[] {otlp, daemon, downstream}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception ignored) {
        // best effort
      }
    }
  }

  private Http.Exchange call(String client, String path, int count, Map<String, String> headers) {
    String target = URLEncoder.encode(downstream.endpoint() + path + "?secret=abc", StandardCharsets.UTF_8);
    return http.get("/call?client=" + client + "&count=" + count + "&target=" + target, headers);
  }

  /** Every subsegment of the segment {@code id}: inline, or streamed as documents of their own. */
  /**
   * The segment's subsegments, one per id. A subsegment that ends after its segment was sent (an asynchronous call's
   * can: the app's thread may answer before the client's thread ends the call) is in the segment in progress and
   * arrives again alone, complete; as the X-Ray service does, the complete copy is the one kept.
   */
  private List<JsonNode> subsegmentsOf(String segmentId) {
    Map<String, JsonNode> byId = new LinkedHashMap<>();
    for (JsonNode d : daemon.documents()) {
      if (d.has("type") && segmentId.equals(d.path("parent_id").asText())) {
        keepComplete(byId, d);
      } else if (!d.has("type") && segmentId.equals(d.path("id").asText())) {
        d.path("subsegments").forEach(s -> keepComplete(byId, s));
      }
    }
    return new ArrayList<>(byId.values());
  }

  private static void keepComplete(Map<String, JsonNode> byId, JsonNode subsegment) {
    byId.merge(subsegment.path("id").asText(), subsegment, (kept, other) -> inProgress(kept) ? other : kept);
  }

  private static boolean inProgress(JsonNode entity) {
    return entity.path("in_progress").asBoolean(false);
  }

  private List<LoopbackHttpReceiver.RecordedRequest> receivedWith(String traceId) {
    return downstream.requests().stream()
        .filter(r -> r.header("traceparent") != null && r.header("traceparent").contains(traceId))
        .collect(Collectors.toList());
  }

  @ParameterizedTest
  @ValueSource(strings = {"jdk", "jdk-async", "huc"})
  void aCallIsARemoteSubsegmentAndAClientSpanWithOneIdAndTheTraceTravelsOn(String client) {
    Http.Exchange ex = call(client, "/items", 1, Map.of());
    assertEquals("200", ex.body(), ex::toString);
    TraceResponse tr = ex.traceResponse().orElseThrow();
    JsonNode segment = daemon.awaitSegments(s -> s.path("id").asText().equals(tr.spanId()), 1, TIMEOUT).get(0);
    Await.require("the call's subsegment, complete", TIMEOUT,
        () -> subsegmentsOf(tr.spanId()).stream().anyMatch(s -> !inProgress(s)),
        () -> client + ": subsegments " + subsegmentsOf(tr.spanId()));
    List<JsonNode> subs = subsegmentsOf(tr.spanId());
    assertEquals(1, subs.size(), () -> client + ": subsegments " + subs);
    JsonNode sub = subs.get(0);
    assertEquals("remote", sub.path("namespace").asText());
    assertEquals("127.0.0.1", sub.path("name").asText());
    assertEquals("GET", sub.at("/http/request/method").asText());
    assertEquals(downstream.endpoint() + "/items", sub.at("/http/request/url").asText(), "no query string");
    assertEquals(200, sub.at("/http/response/status").asInt());
    assertTrue(sub.path("start_time").asDouble() >= segment.path("start_time").asDouble());
    if (!client.equals("jdk-async")) { // an asynchronous call may end a moment after the app answered
      assertTrue(sub.path("end_time").asDouble() <= segment.path("end_time").asDouble());
    }

    String subId = sub.path("id").asText();
    List<LoopbackHttpReceiver.RecordedRequest> received = receivedWith(tr.traceId());
    assertEquals(1, received.size(), () -> client + ": downstream requests " + downstream.requests());
    assertEquals("Root=1-" + tr.traceId().substring(0, 8) + "-" + tr.traceId().substring(8) + ";Parent=" + subId
        + ";Sampled=1", received.get(0).header(XRAY));
    assertEquals("00-" + tr.traceId() + "-" + subId + "-01", received.get(0).header("traceparent"));

    SpanRecord span = otlp.awaitSpans(s -> s.spanId().equals(subId), 1, TIMEOUT).get(0);
    assertEquals(SpanRecord.KIND_CLIENT, span.kind());
    assertEquals(tr.spanId(), span.parentSpanId(), "child of the server span");
    assertEquals("GET", span.name());
    assertEquals(downstream.endpoint() + "/items", span.attr("url.full"));
    assertEquals(200L, span.attr("http.response.status_code"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"jdk", "huc"})
  void aClientErrorMarksTheSubsegmentAndTheSpan(String client) {
    Http.Exchange ex = call(client, "/missing", 1, Map.of());
    assertEquals("404", ex.body());
    TraceResponse tr = ex.traceResponse().orElseThrow();
    daemon.awaitSegments(s -> s.path("id").asText().equals(tr.spanId()), 1, TIMEOUT);
    List<JsonNode> subs = subsegmentsOf(tr.spanId());
    assertEquals(1, subs.size(), () -> "one call, one subsegment: " + subs);
    assertTrue(subs.get(0).path("error").asBoolean(), subs.get(0)::toString);
    assertFalse(subs.get(0).has("fault"));
    SpanRecord span = otlp.awaitSpans(s -> s.spanId().equals(subs.get(0).path("id").asText()), 1, TIMEOUT).get(0);
    assertEquals(SpanRecord.STATUS_ERROR, span.statusCode());
  }

  @org.junit.jupiter.api.Test
  void manyCallsStreamTheirSubsegmentsAndEveryDocumentIsValid() {
    Http.Exchange ex = call("jdk", "/items", 150, Map.of());
    TraceResponse tr = ex.traceResponse().orElseThrow();
    daemon.awaitSegments(s -> s.path("id").asText().equals(tr.spanId()), 1, TIMEOUT);
    Await.require("150 subsegments", TIMEOUT, () -> subsegmentsOf(tr.spanId()).size() == 150,
        () -> subsegmentsOf(tr.spanId()).size() + " subsegments");
    assertTrue(daemon.documents().stream().anyMatch(d -> d.has("type")),
        "more than 100 subsegments: the SDK's streaming sends finished ones ahead");
    assertEquals(List.of(), daemon.problems());
  }

  @org.junit.jupiter.api.Test
  void anUnsampledRequestPassesItsDecisionOnAndRecordsNothing() {
    String tid = TraceIds.traceId();
    Http.Exchange ex = call("jdk", "/items", 1, Map.of(XRAY, TraceIds.xrayHeader(tid, TraceIds.spanId(), "0")));
    assertEquals("200", ex.body());
    List<LoopbackHttpReceiver.RecordedRequest> received = receivedWith(tid);
    assertEquals(1, received.size());
    assertTrue(received.get(0).header(XRAY).endsWith(";Sampled=0"), received.get(0).header(XRAY));
    assertTrue(received.get(0).header("traceparent").endsWith("-00"), received.get(0).header("traceparent"));
    Traffic.barrier(otlp, http, TIMEOUT);
    String xrayTid = "1-" + tid.substring(0, 8) + "-" + tid.substring(8);
    assertTrue(daemon.documents().stream().noneMatch(d -> xrayTid.equals(d.path("trace_id").asText())));
    assertTrue(otlp.spans(s -> s.traceId().equals(tid)).isEmpty());
  }

  @org.junit.jupiter.api.Test
  void quartetsOwnExportsAreNotRecorded() {
    call("jdk", "/items", 1, Map.of());
    Traffic.barrier(otlp, http, TIMEOUT);
    List<SpanRecord> ownExports = otlp.spans(s -> String.valueOf(s.attr("url.full")).startsWith(otlp.endpoint()));
    assertEquals(List.of(), ownExports);
    assertNotNull(otlp.spans(s -> s.kind() == SpanRecord.KIND_CLIENT));
  }
}
