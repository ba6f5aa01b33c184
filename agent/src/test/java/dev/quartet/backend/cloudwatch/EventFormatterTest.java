package dev.quartet.backend.cloudwatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quartet.core.LogEvent;
import dev.quartet.core.ServerRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EventFormatterTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final long T = 1_760_000_000_123L;
  static final String TRACE = "68f126b01ceb4a3388bed90fa7109eee";

  static PendingEvent event(LogEvent.Level level, String message, Throwable thrown, dev.quartet.core.Span request) {
    return PendingEvent.of(new LogEvent("jul", T, level, level.name(), "cruddur.services.HomeActivities", "qtp-1",
        message, thrown, request));
  }

  static JsonNode json(String s) throws Exception {
    return JSON.readTree(s);
  }

  static int bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  @Test
  void jsonEventHasEveryField() throws Exception {
    JsonNode n = json(new EventFormatter(EventFormatter.Format.JSON).format(event(LogEvent.Level.INFO, "HomeActivities", null, null)));
    assertEquals("2025-10-09T08:53:20.123Z", n.path("timestamp").asText());
    assertEquals("INFO", n.path("level").asText());
    assertEquals("cruddur.services.HomeActivities", n.path("logger").asText());
    assertEquals("qtp-1", n.path("thread").asText());
    assertEquals("HomeActivities", n.path("message").asText());
    assertFalse(n.has("trace_id"), "outside a request there is no trace");
    assertFalse(n.has("exception"));
  }

  /** The formatter keeps one JSON generator per thread: each event is its own object, before and after a huge one. */
  @Test
  void eventsFormattedInARowAreEachOneWholeObject() throws Exception {
    EventFormatter f = new EventFormatter(EventFormatter.Format.JSON);
    String huge = "y".repeat(100_000);
    String[] messages = {"first", "second", huge, "after \"the\" huge one", "last"};
    for (String m : messages) {
      String out = f.format(event(LogEvent.Level.INFO, m, null, null));
      assertTrue(out.startsWith("{\"timestamp\"") && out.endsWith("}"), () -> out.substring(0, Math.min(80, out.length())));
      assertEquals(m, json(out).path("message").asText());
    }
  }

  @Test
  void insideARequestTheTraceIsNamedInBothForms() throws Exception {
    ServerRequest r = RequestFixtures.request(TRACE, "00ca02033d47327b");
    JsonNode n = json(new EventFormatter(EventFormatter.Format.JSON).format(event(LogEvent.Level.WARN, "m", null, r)));
    assertEquals(TRACE, n.path("trace_id").asText());
    assertEquals("1-68f126b0-1ceb4a3388bed90fa7109eee", n.path("xray_trace_id").asText());
    assertEquals(r.spanId(), n.path("span_id").asText(), "the request's own span");
  }

  @Test
  void insideAMethodSpanTheEventNamesItAndTheAccessLineStaysTheRequests() throws Exception {
    ServerRequest r = RequestFixtures.request(TRACE, "00ca02033d47327b");
    dev.quartet.core.Dispatcher d = new dev.quartet.core.Dispatcher(java.util.List.of());
    dev.quartet.core.Span before = dev.quartet.core.CurrentRequest.enter(r);
    dev.quartet.core.MethodSpan m = d.methodStart(
        new dev.quartet.core.MethodSpan("m", dev.quartet.core.Span.Kind.INTERNAL, true, true), false);
    EventFormatter json = new EventFormatter(EventFormatter.Format.JSON);
    JsonNode n = json(json.format(event(LogEvent.Level.INFO, "inside", null, dev.quartet.core.CurrentRequest.span())));
    d.methodEnd(m);
    dev.quartet.core.CurrentRequest.restore(before);
    assertEquals(TRACE, n.path("trace_id").asText());
    assertEquals(m.spanId(), n.path("span_id").asText(), "the method span's id");
    r.finish(200, null);
    assertEquals(r.spanId(), json(json.format(PendingEvent.access(r))).path("span_id").asText());
  }

  @Test
  void exceptionHasTypeMessageAndStackTrace() throws Exception {
    Exception e = new IllegalStateException("boom", new java.io.IOException("disk"));
    JsonNode n = json(new EventFormatter(EventFormatter.Format.JSON).format(event(LogEvent.Level.ERROR, "failed", e, null)));
    assertEquals("java.lang.IllegalStateException", n.path("exception").path("type").asText());
    assertEquals("boom", n.path("exception").path("message").asText());
    String stack = n.path("exception").path("stacktrace").asText();
    assertTrue(stack.startsWith("java.lang.IllegalStateException: boom"), stack);
    assertTrue(stack.contains("\tat dev.quartet.backend.cloudwatch.EventFormatterTest"), stack);
    assertTrue(stack.contains("Caused by: java.io.IOException: disk"), stack);
  }

  @Test
  void anExceptionWhoseMessageThrowsStillFormats() throws Exception {
    Exception broken = new RuntimeException() {
      @Override
      public String getMessage() {
        throw new IllegalStateException("no");
      }
    };
    String out = new EventFormatter(EventFormatter.Format.JSON).format(event(LogEvent.Level.ERROR, "x", broken, null));
    assertTrue(json(out).path("exception").has("stacktrace"));
  }

  @Test
  void textFormatIsOneLinePlusTheStackTrace() {
    ServerRequest r = RequestFixtures.request(TRACE, "00ca02033d47327b");
    String out = new EventFormatter(EventFormatter.Format.TEXT).format(
        event(LogEvent.Level.ERROR, "failed", new IllegalStateException("boom"), r));
    String[] lines = out.split("\n");
    assertEquals("2025-10-09T08:53:20.123Z ERROR [qtp-1] cruddur.services.HomeActivities - failed trace_id=" + TRACE
        + " xray_trace_id=1-68f126b0-1ceb4a3388bed90fa7109eee span_id=" + r.spanId(), lines[0]);
    assertEquals("java.lang.IllegalStateException: boom", lines[1]);
  }

  @Test
  void twoMegabyteMessageIsCutToTheEventLimitAndStaysJson() throws Exception {
    String big = "aé€😀".repeat(420_000); // 2.1 M chars, 4.2 MB
    for (EventFormatter.Format f : EventFormatter.Format.values()) {
      String out = new EventFormatter(f).format(event(LogEvent.Level.INFO, big, null, null));
      assertTrue(bytes(out) <= EventFormatter.MAX_EVENT_BYTES, f + ": " + bytes(out));
      assertTrue(bytes(out) > EventFormatter.MAX_EVENT_BYTES - 200, f + ": uses the room: " + bytes(out));
      String message = f == EventFormatter.Format.JSON ? json(out).path("message").asText() : out;
      int marker = message.indexOf("…[truncated by Quartet: ");
      assertTrue(marker > 0, f + ": marker");
      assertTrue(message.endsWith(" of " + big.length() + " characters kept]"), f + ": " + message.substring(marker));
      String kept = message.substring(f == EventFormatter.Format.JSON ? 0 : message.indexOf(" - ") + 3, marker);
      assertTrue(big.startsWith(kept), f + ": the kept part is an unbroken prefix");
    }
  }

  @Test
  void escapingHeavyMessageStillFits() throws Exception {
    String quotes = "\"\\\n\u0001".repeat(200_000); // JSON escaping more than doubles it
    String out = new EventFormatter(EventFormatter.Format.JSON).format(event(LogEvent.Level.INFO, quotes, null, null));
    assertTrue(bytes(out) <= EventFormatter.MAX_EVENT_BYTES, "" + bytes(out));
    assertTrue(json(out).path("message").asText().startsWith("\"\\\n\u0001"));
  }

  @Test
  void hugeStackTraceIsCutAndTheMessageKept() throws Exception {
    Exception deep = new RuntimeException("x".repeat(300_000));
    String out = new EventFormatter(EventFormatter.Format.JSON).format(event(LogEvent.Level.ERROR, "short", deep, null));
    JsonNode n = json(out);
    assertTrue(bytes(out) <= EventFormatter.MAX_EVENT_BYTES);
    assertEquals("short", n.path("message").asText());
    assertTrue(n.path("exception").path("stacktrace").asText().startsWith("java.lang.RuntimeException: xxx"));
  }

  @Test
  void loneSurrogateIsReplacedSoTheJsonIsValid() throws Exception {
    String out = new EventFormatter(EventFormatter.Format.JSON).format(event(LogEvent.Level.INFO, "a\uD83Db", null, null));
    assertEquals("a\uFFFDb", json(out).path("message").asText());
  }

  @Test
  void accessLineLooksLikeTheStudentsHook() throws Exception {
    ServerRequest r = RequestFixtures.finished(TRACE, "00ca02033d47327b", "GET", "/api/activities/search", "term=cloud", 200);
    JsonNode n = json(new EventFormatter(EventFormatter.Format.JSON).format(PendingEvent.access(r)));
    assertEquals("access", n.path("logger").asText());
    assertTrue(n.path("message").asText().matches(
        "\\[\\d{4}-[A-Z][a-z]{2}-\\d{2} \\d{2}:\\d{2}\\] 203\\.0\\.113\\.9 GET https /api/activities/search\\?term=cloud 200 \\d+\\.\\d{2}ms"),
        n.path("message").asText());
    assertEquals("/api/activities/search", n.path("http").path("path").asText());
    assertEquals("term=cloud", n.path("http").path("query").asText());
    assertEquals(200, n.path("http").path("status").asInt());
    assertEquals(TRACE, n.path("trace_id").asText());
  }

  @Test
  void cachedTimestampsEqualJavaTimeFormatting() {
    java.time.format.DateTimeFormatter iso = java.time.format.DateTimeFormatter
        .ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", java.util.Locale.ROOT).withZone(java.time.ZoneOffset.UTC);
    java.util.Random random = new java.util.Random(42);
    long t = T;
    for (int i = 0; i < 20_000; i++) {
      // mostly small steps (the cache's case), sometimes a jump back or far ahead, and times before 1970
      t += i % 100 == 0 ? random.nextInt() * 1000L : random.nextInt(700) - 100;
      long millis = i % 1000 == 999 ? -t : t;
      assertEquals(iso.format(java.time.Instant.ofEpochMilli(millis)), EventFormatter.timestamp(millis), "at " + millis);
    }
  }

  @Test
  void durationHasTwoDecimalsLikePrintf() {
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < 20_000; i++) {
      double ms = i < 1000 ? i / 1000.0 : random.nextDouble() * Math.pow(10, random.nextInt(6));
      // printf rounds half-up on the decimal value, Math.round on the binary one: equal except exactly at .xx5
      double nudged = Math.abs(ms * 1000 % 10 - 5) < 1e-6 ? ms + 1e-7 : ms;
      assertEquals(String.format(java.util.Locale.ROOT, "%.2f", nudged), AccessLine.hundredths(nudged), "for " + nudged);
    }
  }
}
