package dev.quartet.smoke;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** The harness's own receiver, checked without any agent. */
class OtlpHttpReceiverTest {

  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private static HttpResponse<byte[]> post(String url, String contentType, String encoding, byte[] body)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
        .header("Content-Type", contentType).header("x-honeycomb-team", "k")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (encoding != null) {
      b.header("Content-Encoding", encoding);
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static KeyValue kv(String k, AnyValue v) {
    return KeyValue.newBuilder().setKey(k).setValue(v).build();
  }

  private static ExportTraceServiceRequest export() {
    HexFormat hex = HexFormat.of();
    Span span = Span.newBuilder()
        .setTraceId(ByteString.copyFrom(hex.parseHex("0af7651916cd43dd8448eb211c80319c")))
        .setSpanId(ByteString.copyFrom(hex.parseHex("b7ad6b7169203331")))
        .setName("GET /api/health-check")
        .setKind(Span.SpanKind.SPAN_KIND_SERVER)
        .setStartTimeUnixNano(1_000)
        .setEndTimeUnixNano(26_000_000)
        .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR))
        .addAttributes(kv("http.response.status_code", AnyValue.newBuilder().setIntValue(500).build()))
        .addEvents(Span.Event.newBuilder().setName("exception")
            .addAttributes(kv("exception.type", AnyValue.newBuilder().setStringValue("x.Y").build())))
        .build();
    return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
        .setResource(Resource.newBuilder().addAttributes(kv("service.name",
            AnyValue.newBuilder().setStringValue("backend-flask").build())))
        .addScopeSpans(ScopeSpans.newBuilder().addSpans(span))).build();
  }

  @Test
  void decodesPlainAndGzippedProtobufAndRecordsHeaders() throws Exception {
    try (OtlpHttpReceiver r = new OtlpHttpReceiver()) {
      byte[] body = export().toByteArray();
      HttpResponse<byte[]> plain = post(r.endpoint() + "/v1/traces", "application/x-protobuf", null, body);
      ByteArrayOutputStream gz = new ByteArrayOutputStream();
      try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
        out.write(body);
      }
      HttpResponse<byte[]> zipped = post(r.endpoint() + "/v1/traces", "application/x-protobuf", "gzip",
          gz.toByteArray());
      for (HttpResponse<byte[]> resp : List.of(plain, zipped)) {
        assertEquals(200, resp.statusCode());
        assertEquals("application/x-protobuf", resp.headers().firstValue("content-type").orElse(null));
        assertArrayEquals(ExportTraceServiceResponse.getDefaultInstance().toByteArray(), resp.body());
      }
      List<SpanRecord> spans = r.awaitSpans(2, Duration.ofSeconds(1));
      SpanRecord s = spans.get(1);
      assertEquals("0af7651916cd43dd8448eb211c80319c", s.traceId());
      assertEquals("b7ad6b7169203331", s.spanId());
      assertEquals("", s.parentSpanId());
      assertTrue(s.isServer());
      assertEquals(SpanRecord.STATUS_ERROR, s.statusCode());
      assertEquals(500L, s.attr("http.response.status_code"));
      assertEquals("backend-flask", s.resourceAttr("service.name"));
      assertEquals("x.Y", s.events().get(0).attributes().get("exception.type"));
      assertEquals(25_999_000L, s.durationNanos());
      assertEquals("k", s.exportHeader("X-Honeycomb-Team"));
      assertEquals(2, r.traceExports().size());
      assertTrue(r.handlerErrors().isEmpty(), () -> r.handlerErrors().toString());
    }
  }

  @Test
  void rejectsOtherContentTypesAndPaths() throws Exception {
    try (OtlpHttpReceiver r = new OtlpHttpReceiver()) {
      assertEquals(415, post(r.endpoint() + "/v1/traces", "application/json", null, "{}".getBytes()).statusCode());
      assertEquals(404, post(r.endpoint() + "/v1/logs", "application/x-protobuf", null, new byte[0]).statusCode());
      assertTrue(r.endpoint().startsWith("http://127.0.0.1:"));
      assertTrue(r.spans().isEmpty());
    }
  }

  @Test
  void normalizerMasksTimestampsAndOnlyTheUuidsThatVaryBetweenRuns() {
    String fixed = "68f126b0-1ceb-4a33-88be-d90fa7109eee";
    String run1 = "{\"uuid\":\"" + fixed + "\",\"r\":\"11111111-2222-4333-8444-555555555555\","
        + "\"t\":\"2026-11-20T01:34:14.787734+00:00\"}";
    String run2 = run1.replace("11111111", "99999999").replace("14.787734", "15.1");
    Set<Integer> random = ResponseNormalizer.randomUuidPositions(run1, run2);
    assertEquals(Set.of(1), random);
    String traced = run1.replace("11111111", "77777777").replace("01:34", "02:00");
    assertEquals(ResponseNormalizer.normalize(run1, random), ResponseNormalizer.normalize(traced, random));
    assertTrue(ResponseNormalizer.normalize(run1, random).contains(fixed + "\",\"r\":\"<UUID>\",\"t\":\"<TS>\""));
    String changedFixed = traced.replace(fixed, "68f126b0-1ceb-4a33-88be-d90fa7109eef");
    assertNotEquals(ResponseNormalizer.normalize(run1, random), ResponseNormalizer.normalize(changedFixed, random));
  }
}
