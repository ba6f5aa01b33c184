package dev.quartet.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sample app with its shipped rules file ({@code sample-app/quartet-rules.yaml}) gives the bootcamp students'
 * custom spans, attributes and X-Ray subsegments; and the OTel agent's {@code OTEL_INSTRUMENTATION_METHODS_INCLUDE}
 * alone gives its span. Loopback OTLP, X-Ray daemon and CloudWatch Logs receivers, as a user would check them.
 */
class MethodRulesIT {
  static final Duration TIMEOUT = Duration.ofSeconds(30);
  static final Path SHIPPED_RULES = Paths.get("quartet-rules.yaml").toAbsolutePath();

  @Test
  void theShippedRulesGiveTheStudentsSpansSubsegmentsAndAttributes() throws Exception {
    assertTrue(Files.isRegularFile(SHIPPED_RULES), SHIPPED_RULES::toString);
    try (OtlpHttpReceiver otlp = new OtlpHttpReceiver();
        XrayDaemonReceiver daemon = new XrayDaemonReceiver();
        CloudWatchLogsReceiver logs = new CloudWatchLogsReceiver();
        AppProcess app = AppProcess.withAgent("MethodRulesIT")
            .otlpEndpoint(otlp.endpoint())
            .env("AWS_XRAY_DAEMON_ADDRESS", daemon.address())
            .env("QUARTET_XRAY_SAMPLING", "all")
            .env(logs.clientEnv())
            .env("QUARTET_CLOUDWATCH_SEND_INTERVAL", "200ms")
            .env("QUARTET_RULES_FILE", SHIPPED_RULES.toString())
            .start()) {
      Http http = app.http();
      // The X-Ray SDK loads while the app starts; requests before that have no segment.
      Await.require("a first segment", TIMEOUT, () -> {
        http.send(Cruddur.HEALTH);
        return !daemon.documents().isEmpty();
      }, app::stderrTail);
      assertTrue(!app.stderr().contains("WARN rules: "), () -> "the shipped rules load without a problem:\n" + app.stderr());

      // /api/activities/home → span home-activities-mock-data, child of the server span
      Http.Exchange home = http.send(Cruddur.HOME);
      assertEquals(200, home.status(), home::toString);
      TraceResponse request = home.traceResponse().orElseThrow();
      SpanRecord server = otlp.awaitSpans(s -> s.spanId().equals(request.spanId()), 1, TIMEOUT).get(0);
      SpanRecord method = otlp.awaitSpans(s -> s.traceId().equals(request.traceId())
          && s.name().equals("home-activities-mock-data"), 1, TIMEOUT).get(0);
      assertEquals(SpanRecord.KIND_INTERNAL, method.kind());
      assertEquals(server.spanId(), method.parentSpanId(), "child of the server span");
      String now = (String) method.attr("app.now");
      assertNotNull(now, method::toString);
      Instant at = Instant.parse(now); // ISO-8601, or this throws
      assertTrue(!at.isBefore(Instant.ofEpochSecond(0, server.startEpochNanos()).minusSeconds(1))
          && !at.isAfter(Instant.ofEpochSecond(0, server.endEpochNanos()).plusSeconds(1)), now);
      assertEquals(3L, method.attr("app.result_length"));

      // … and an X-Ray subsegment with the same id, named mock-data, carrying the metadata
      JsonNode sub = awaitSubsegment(daemon, method.spanId());
      assertEquals("mock-data", sub.path("name").asText(), sub::toString);
      assertEquals(XrayIT.xrayTraceId(request.traceId()), traceIdOf(daemon, sub), "same trace");
      JsonNode metadata = sub.at("/metadata/namespace/key");
      assertEquals(now, metadata.path("now").asText(), sub::toString);
      assertEquals(3, metadata.path("results-size").asInt(), sub::toString);

      // the log line written inside the method names the method span's id
      CloudWatchLogsReceiver.StoredEvent line = logs.awaitEvents(e -> "HomeActivities".equals(e.field("message"))
          && request.traceId().equals(e.field("trace_id")), 1, TIMEOUT).get(0);
      assertEquals(method.spanId(), line.field("span_id"), line::toString);

      // /api/activities/@andrewbrown → app.user = andrewbrown, subsegment user_activities
      Http.Exchange user = http.send(Cruddur.USER_ACTIVITIES);
      assertEquals(200, user.status(), user::toString);
      TraceResponse userRequest = user.traceResponse().orElseThrow();
      SpanRecord userSpan = otlp.awaitSpans(s -> s.traceId().equals(userRequest.traceId())
          && "andrewbrown".equals(s.attr("app.user")), 1, TIMEOUT).get(0);
      assertEquals(userRequest.spanId(), userSpan.parentSpanId(), "child of the server span");
      assertEquals("user-activities", userSpan.name());
      assertEquals(1L, userSpan.attr("app.result_length"));
      JsonNode userSub = awaitSubsegment(daemon, userSpan.spanId());
      assertEquals("user_activities", userSub.path("name").asText(), userSub::toString);
      assertEquals("andrewbrown", userSub.at("/annotations/user").asText(), userSub::toString);
      assertEquals("andrewbrown", userSub.at("/metadata/namespace/key/userhandle").asText(), userSub::toString);
    }
  }

  @Test
  void otelInstrumentationMethodsIncludeAloneGivesItsSpan() throws Exception {
    try (OtlpHttpReceiver otlp = new OtlpHttpReceiver();
        AppProcess app = AppProcess.withAgent("MethodRulesIT-otel-include")
            .otlpEndpoint(otlp.endpoint())
            .removeEnv("QUARTET_RULES_FILE")
            .env("OTEL_INSTRUMENTATION_METHODS_INCLUDE", "cruddur.services.HomeActivities[run]")
            .start()) {
      Http.Exchange home = app.http().send(Cruddur.HOME);
      assertEquals(200, home.status(), home::toString);
      TraceResponse request = home.traceResponse().orElseThrow();
      SpanRecord method = otlp.awaitSpans(s -> s.traceId().equals(request.traceId())
          && s.name().equals("HomeActivities.run"), 1, TIMEOUT).get(0);
      assertEquals(SpanRecord.KIND_INTERNAL, method.kind());
      assertEquals(request.spanId(), method.parentSpanId(), "in the server span's trace, as its child");
      assertTrue(!app.stderr().contains("OTEL_INSTRUMENTATION_METHODS_INCLUDE:"), app::stderrTail);
    }
  }

  /** The subsegment {@code id}: nested in its segment (at any depth), or streamed as a document of its own. */
  private static JsonNode awaitSubsegment(XrayDaemonReceiver daemon, String id) {
    List<JsonNode> found = new ArrayList<>();
    Await.require("an X-Ray subsegment with id " + id, TIMEOUT, () -> {
      found.clear();
      for (JsonNode d : daemon.documents()) {
        collect(d, id, found);
      }
      return !found.isEmpty();
    }, () -> daemon.documents().toString());
    assertEquals(1, found.size(), found::toString);
    return found.get(0);
  }

  private static void collect(JsonNode node, String id, List<JsonNode> out) {
    if (id.equals(node.path("id").asText())) {
      out.add(node);
      return;
    }
    node.path("subsegments").forEach(child -> collect(child, id, out));
  }

  /** The trace id of the document holding the subsegment (a streamed subsegment carries its own). */
  private static String traceIdOf(XrayDaemonReceiver daemon, JsonNode sub) {
    if (sub.has("trace_id")) {
      return sub.path("trace_id").asText();
    }
    for (JsonNode d : daemon.documents()) {
      List<JsonNode> inside = new ArrayList<>();
      collect(d, sub.path("id").asText(), inside);
      if (!inside.isEmpty()) {
        return d.path("trace_id").asText();
      }
    }
    return null;
  }
}
