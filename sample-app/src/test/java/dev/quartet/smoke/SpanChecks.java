package dev.quartet.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.junit.jupiter.api.function.Executable;

/** Assertions about the server span of one request, shared by the ITs. */
public final class SpanChecks {

  /** How far the epoch seconds in an X-Ray compatible trace id may be from now. */
  public static final long XRAY_CLOCK_TOLERANCE_SECONDS = 600;

  private SpanChecks() {}

  /** Kind SERVER, name {@code METHOD route}, {@code http.route} present exactly when the route has one. */
  public static void nameAndRoute(Traffic.Call c, SpanRecord s) {
    Cruddur.Route r = c.route();
    assertEquals(SpanRecord.KIND_SERVER, s.kind(), () -> c + ": span kind of " + s);
    assertEquals(r.spanName(), s.name(), () -> c + ": span name of " + s);
    assertEquals(r.httpRoute(), s.attr("http.route"), () -> c + ": http.route of " + s);
  }

  /** The HTTP server attributes of the semantic conventions, checked against what was sent and received. */
  public static void httpAttributes(Traffic.Call c, SpanRecord s, int appPort) {
    Cruddur.Route r = c.route();
    String ctx = c + ": " + s;
    assertEquals(r.method(), s.attr("http.request.method"), () -> "http.request.method; " + ctx);
    assertEquals(r.path(), s.attr("url.path"), () -> "url.path; " + ctx);
    assertEquals(r.query().orElse(null), s.attr("url.query"), () -> "url.query; " + ctx);
    assertEquals("http", s.attr("url.scheme"), () -> "url.scheme; " + ctx);
    assertEquals((long) c.exchange().status(), s.attr("http.response.status_code"),
        () -> "http.response.status_code (an int attribute equal to the status the client got); " + ctx);
    assertEquals("127.0.0.1", s.attr("server.address"), () -> "server.address; " + ctx);
    assertEquals((long) appPort, s.attr("server.port"), () -> "server.port; " + ctx);
    assertEquals("127.0.0.1", s.attr("client.address"), () -> "client.address; " + ctx);
    assertEquals(Http.USER_AGENT, s.attr("user_agent.original"), () -> "user_agent.original; " + ctx);
    assertEquals("1.1", s.attr("network.protocol.version"), () -> "network.protocol.version; " + ctx);
  }

  /** ERROR exactly for 5xx, UNSET otherwise. */
  public static void status(Traffic.Call c, SpanRecord s) {
    int expected = c.exchange().status() >= 500 ? SpanRecord.STATUS_ERROR : SpanRecord.STATUS_UNSET;
    assertEquals(expected, s.statusCode(), () -> c + ": span status code (0 UNSET, 2 ERROR) of " + s);
  }

  /** The {@code /api/debug/error} span: error.type and exactly one {@code exception} event with type, message, trace. */
  public static void recordedException(Traffic.Call c, SpanRecord s) {
    String ise = "java.lang.IllegalStateException";
    assertEquals(SpanRecord.STATUS_ERROR, s.statusCode(), () -> c + ": status of " + s);
    assertEquals(ise, s.attr("error.type"), () -> c + ": error.type of " + s);
    List<SpanRecord.Event> ex = s.events().stream().filter(e -> e.name().equals("exception"))
        .collect(Collectors.toList());
    assertEquals(1, ex.size(), () -> c + ": expected exactly one 'exception' event, got " + s.events());
    Map<String, Object> a = ex.get(0).attributes();
    assertEquals(ise, a.get("exception.type"), () -> "exception.type in " + a);
    Object msg = a.get("exception.message");
    assertTrue(msg instanceof String && !((String) msg).isBlank(), () -> "exception.message in " + a);
    Object st = a.get("exception.stacktrace");
    assertTrue(st instanceof String && ((String) st).contains(ise) && ((String) st).contains("cruddur"),
        () -> "exception.stacktrace must name the exception and the app's frames (cruddur.*): " + a);
  }

  /** 32 lower-case hex, not all zero, first 8 hex digits = epoch seconds within ±10 min of now. */
  public static void xrayCompatibleTraceId(String traceId, String ctx) {
    assertNotNull(traceId, ctx);
    assertTrue(traceId.matches("[0-9a-f]{32}"), () -> ctx + ": trace id not 32 lower-case hex: " + traceId);
    assertFalse(traceId.matches("0{32}"), () -> ctx + ": all-zero trace id");
    long epoch = Long.parseLong(traceId.substring(0, 8), 16);
    long now = System.currentTimeMillis() / 1000;
    assertTrue(Math.abs(now - epoch) <= XRAY_CLOCK_TOLERANCE_SECONDS,
        () -> ctx + ": trace id " + traceId + " starts with epoch seconds " + epoch + ", now is " + now
            + " (not X-Ray compatible)");
  }

  /** Everything a server span for a catalogue request must satisfy (used where one test checks it all). */
  public static void serverSpan(Traffic.Call c, SpanRecord s, int appPort) {
    List<Executable> checks = new ArrayList<>();
    checks.add(() -> nameAndRoute(c, s));
    checks.add(() -> httpAttributes(c, s, appPort));
    checks.add(() -> status(c, s));
    checks.add(() -> xrayCompatibleTraceId(s.traceId(), c.toString()));
    checks.add(() -> assertEquals(SmokeEnv.SERVICE_NAME, s.resourceAttr("service.name"), c + ": service.name"));
    if (Objects.equals(c.route(), Cruddur.DEBUG_ERROR)) {
      checks.add(() -> recordedException(c, s));
    }
    org.junit.jupiter.api.Assertions.assertAll(c.toString(), checks);
  }
}
