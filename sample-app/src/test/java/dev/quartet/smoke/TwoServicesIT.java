package dev.quartet.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import example.orders.OrderService;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two services, one trace (issue 11): app A ({@link TwoServicesMain} with a rule that makes
 * {@link OrderService#place} a span and an X-Ray subsegment) calls app B (a second instance) over HTTP from a pool
 * thread inside that method. B's server span is a child of A's client span, which is a child of the method span,
 * itself a child of A's server span — in OpenTelemetry and in X-Ray (B's segment's parent is A's {@code remote}
 * subsegment, nested in the method's subsegment, nested in A's segment), all with one trace id.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoServicesIT {
  static final Duration TIMEOUT = Duration.ofSeconds(60);
  static final String METHOD_SPAN = "place-order";

  OtlpHttpReceiver otlp;
  XrayDaemonReceiver daemon;
  AppProcess a;
  AppProcess b;

  @BeforeAll
  void start() throws Exception {
    Path rules = Files.createTempDirectory("two-services").resolve("quartet-rules.yaml");
    Files.writeString(
        rules,
        "rules:\n"
            + "  - class: " + OrderService.class.getName() + "\n"
            + "    methods: [place]\n"
            + "    span:\n"
            + "      name: " + METHOD_SPAN + "\n"
            + "    subsegment: " + METHOD_SPAN + "\n");
    otlp = new OtlpHttpReceiver();
    daemon = new XrayDaemonReceiver();
    List<Path> cp = List.of(SmokeEnv.appJar(), SmokeEnv.testClassesLocation());
    b = app("TwoServicesIT-B", "stock", cp).start();
    a = app("TwoServicesIT-A", "orders", cp).env("QUARTET_RULES_FILE", rules.toString()).start();
    for (AppProcess app : List.of(a, b)) {
      // The X-Ray SDK loads while the app starts; requests before that have no segment.
      Await.require("a first segment of " + app.name(), TIMEOUT, () -> {
        app.http().get("/api/health-check");
        return !daemon.segments(s -> s.toString().contains("/api/health-check")
            && s.at("/http/request/url").asText().contains(":" + app.port() + "/")).isEmpty();
      }, app::stderrTail);
    }
  }

  private AppProcess.Builder app(String name, String service, List<Path> cp) {
    return AppProcess.withAgent(name)
        .mainClass(TwoServicesMain.class.getName(), cp)
        .otlpEndpoint(otlp.endpoint())
        .env("OTEL_SERVICE_NAME", service)
        .env("AWS_XRAY_DAEMON_ADDRESS", daemon.address())
        .env("QUARTET_XRAY_SAMPLING", "all");
  }

  @AfterAll
  void stop() {
    for (AppProcess app : new AppProcess[] {a, b}) {
      if (app != null) {
        app.close();
      }
    }
    if (a != null) {
      otlp.dump(a.workDir().resolve("received-spans.txt"));
      daemon.dump(a.workDir().resolve("received-segments.txt"));
    }
    if (otlp != null) {
      otlp.close();
    }
    if (daemon != null) {
      daemon.close();
    }
  }

  @Test
  void bsServerSpanIsAChildOfAsClientSpanInsideTheMethodSpanInOtelAndXray() {
    String stock = URLEncoder.encode(b.http().base() + "/stock", StandardCharsets.UTF_8);
    Http.Exchange ex = a.http().get("/order?stock=" + stock);
    assertEquals("200", ex.body(), () -> ex + "; A's stderr " + a.stderrTail());
    TraceResponse tr = ex.traceResponse().orElseThrow();
    String traceId = tr.traceId();

    // OpenTelemetry: A server → place-order (INTERNAL) → A client → B server, one trace id.
    SpanRecord method = otlp.awaitSpan(s -> METHOD_SPAN.equals(s.name()) && traceId.equals(s.traceId()), TIMEOUT)
        .orElseThrow(() -> new AssertionError("no span " + METHOD_SPAN + " in " + otlp.spans()));
    assertEquals(SpanRecord.KIND_INTERNAL, method.kind());
    assertEquals(tr.spanId(), method.parentSpanId(), method::toString);
    SpanRecord client = otlp.awaitSpan(s -> s.kind() == SpanRecord.KIND_CLIENT && traceId.equals(s.traceId()), TIMEOUT)
        .orElseThrow(() -> new AssertionError("no client span in " + otlp.spans()));
    assertEquals(method.spanId(), client.parentSpanId(), client::toString);
    SpanRecord called = otlp.awaitSpan(s -> s.isServer() && client.spanId().equals(s.parentSpanId()), TIMEOUT)
        .orElseThrow(() -> new AssertionError("B's server span is not the client span's child: " + otlp.spans()));
    assertEquals(traceId, called.traceId());
    assertEquals("stock", called.resourceAttr("service.name"));

    // X-Ray: A's segment ⊃ place-order ⊃ remote call; B's segment's parent is that call; one trace id.
    String xrayTraceId = "1-" + traceId.substring(0, 8) + "-" + traceId.substring(8);
    daemon.awaitSegments(s -> tr.spanId().equals(s.path("id").asText()), 1, TIMEOUT);
    JsonNode bSegment = daemon.awaitSegments(s -> client.spanId().equals(s.path("parent_id").asText())
        && !s.has("type"), 1, TIMEOUT).get(0);
    assertEquals(xrayTraceId, bSegment.path("trace_id").asText(), bSegment::toString);
    assertEquals(called.spanId(), bSegment.path("id").asText());
    List<JsonNode[]> subsegments = subsegmentsWithParents();
    JsonNode[] methodSub = find(subsegments, method.spanId());
    assertEquals(METHOD_SPAN, methodSub[0].path("name").asText(), methodSub[0]::toString);
    assertEquals(tr.spanId(), methodSub[1].path("id").asText(), "the method's subsegment is in A's segment");
    JsonNode[] callSub = find(subsegments, client.spanId());
    assertEquals("remote", callSub[0].path("namespace").asText(), callSub[0]::toString);
    assertEquals(method.spanId(), callSub[1].path("id").asText(), "the call's subsegment is in the method's");
    for (JsonNode[] s : List.of(methodSub, callSub)) {
      String tid = s[0].has("trace_id") ? s[0].path("trace_id").asText() : s[1].path("trace_id").asText(xrayTraceId);
      assertEquals(xrayTraceId, tid);
    }
  }

  /** Every subsegment received, with the entity it is nested in: {subsegment, parent} (parent has at least an id). */
  private List<JsonNode[]> subsegmentsWithParents() {
    List<JsonNode[]> out = new ArrayList<>();
    for (JsonNode d : daemon.documents()) {
      if (d.has("type")) { // streamed on its own: its parent is named
        JsonNode parent = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
            .put("id", d.path("parent_id").asText()).put("trace_id", d.path("trace_id").asText());
        out.add(new JsonNode[] {d, parent});
      }
      collectNested(d, out);
    }
    return out;
  }

  private static void collectNested(JsonNode entity, List<JsonNode[]> out) {
    for (JsonNode sub : entity.path("subsegments")) {
      out.add(new JsonNode[] {sub, entity});
      collectNested(sub, out);
    }
  }

  private static JsonNode[] find(List<JsonNode[]> subsegments, String id) {
    List<JsonNode[]> found = new ArrayList<>();
    for (JsonNode[] s : subsegments) {
      if (id.equals(s[0].path("id").asText())) {
        found.add(s);
      }
    }
    assertTrue(!found.isEmpty(), () -> "no subsegment " + id);
    return found.get(0);
  }
}
