package dev.quartet.smoke;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The agent must not change what the app answers, apart from the headers it adds on purpose: traceresponse, and
 * X-Amzn-Trace-Id as the X-Ray servlet filter adds it.
 */
class ResponsesUnchangedIT {

  /** Headers that legitimately differ between runs, or are added by the agent on purpose. */
  static final Set<String> IGNORED = Set.of("date", TraceResponse.HEADER, "x-amzn-trace-id");

  /** Starts the app, sends every route {@code rounds} times, stops it (SIGTERM). */
  private static List<List<Traffic.Call>> run(AppProcess.Builder builder, int rounds) {
    try (AppProcess app = builder.start()) {
      Http http = app.http();
      List<List<Traffic.Call>> out = new ArrayList<>();
      for (int i = 0; i < rounds; i++) {
        out.add(Traffic.callAll(http, Cruddur.ALL));
      }
      app.stop(Duration.ofSeconds(20));
      return out;
    }
  }

  @Test
  void statusHeadersAndBodiesAreTheSameWithAndWithoutTheAgent() {
    // Two rounds without the agent tell which uuids in a body are random (they differ between the rounds).
    List<List<Traffic.Call>> plain = run(AppProcess.builder("ResponsesUnchangedIT-without-agent"), 2);
    List<Traffic.Call> traced;
    try (OtlpHttpReceiver receiver = new OtlpHttpReceiver()) {
      traced = run(AppProcess.withAgent("ResponsesUnchangedIT-with-agent").otlpEndpoint(receiver.endpoint()), 1)
          .get(0);
    }
    List<Executable> checks = new ArrayList<>();
    for (int i = 0; i < Cruddur.ALL.size(); i++) {
      Http.Exchange a = plain.get(0).get(i).exchange();
      Http.Exchange a2 = plain.get(1).get(i).exchange();
      Http.Exchange b = traced.get(i).exchange();
      Cruddur.Route route = Cruddur.ALL.get(i);
      String what = route.toString();
      checks.add(() -> assertEquals(route.expectedStatus(), a.status(), what + ": status without the agent"));
      checks.add(() -> assertEquals(a.status(), b.status(), what + ": status"));
      checks.add(() -> compareHeaders(what, a, b));
      checks.add(() -> {
        Set<Integer> random = ResponseNormalizer.randomUuidPositions(a.body(), a2.body());
        assertEquals(ResponseNormalizer.normalize(a.body(), random), ResponseNormalizer.normalize(b.body(), random),
            what + ": body (timestamps and random uuids masked) without vs with the agent");
      });
      checks.add(() -> assertNotNull(b.traceResponse().orElse(null), what + ": traceresponse with the agent"));
      checks.add(() -> assertEquals("Root=1-" + b.traceResponse().orElseThrow().traceId().substring(0, 8) + "-"
          + b.traceResponse().orElseThrow().traceId().substring(8), b.header("x-amzn-trace-id"),
          what + ": X-Amzn-Trace-Id with the agent"));
    }
    assertAll(checks);
  }

  private static void compareHeaders(String what, Http.Exchange a, Http.Exchange b) {
    Map<String, List<String>> ha = comparable(a);
    Map<String, List<String>> hb = comparable(b);
    // Content-Length follows the body, whose timestamps may differ in length between runs (fractional seconds
    // lose trailing zeros); it must be present in both or neither, and each must match its own body.
    List<String> la = ha.remove("content-length");
    List<String> lb = hb.remove("content-length");
    assertEquals(la == null, lb == null, what + ": Content-Length present without vs with the agent");
    if (la != null) {
      assertEquals(List.of(Integer.toString(a.body().getBytes(StandardCharsets.UTF_8).length)), la,
          what + ": Content-Length without the agent");
      assertEquals(List.of(Integer.toString(b.body().getBytes(StandardCharsets.UTF_8).length)), lb,
          what + ": Content-Length with the agent");
    }
    assertEquals(ha, hb, what + ": headers (without Date/traceresponse/X-Amzn-Trace-Id) without vs with the agent");
  }

  private static Map<String, List<String>> comparable(Http.Exchange e) {
    Map<String, List<String>> m = new TreeMap<>(e.headers());
    m.keySet().removeAll(IGNORED);
    return m;
  }
}
