package dev.quartet.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.quartet.smoke.CloudWatchLogsReceiver.StoredEvent;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Work a request hands to other threads keeps the request's trace ({@link ThreadHandOffMain}: executors, scheduled
 * executors, CompletableFuture async stages with and without an executor, fork-join pools and recursion, parallel
 * streams, new threads and a Thread subclass): the log lines its work writes on those threads carry the request's
 * trace id in CloudWatch, and an outgoing call made from a pool thread is a child of the request's span. The same
 * pooled threads serve every request twice over, then work handed over outside any request: a thread that kept an
 * earlier request's context would show up as a wrong, or any, trace id. The pools give the app back its own tasks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ThreadHandOffIT {
  static final Duration TIMEOUT = Duration.ofSeconds(60);

  CloudWatchLogsReceiver logs;
  OtlpHttpReceiver otlp;
  AppProcess app;

  @BeforeAll
  void start() {
    List<Path> cp = List.of(SmokeEnv.appJar(), SmokeEnv.testClassesLocation());
    logs = new CloudWatchLogsReceiver();
    otlp = new OtlpHttpReceiver();
    app =
        AppProcess.withAgent("ThreadHandOffIT")
            .env(logs.clientEnv())
            .env("QUARTET_CLOUDWATCH_SEND_INTERVAL", "200ms")
            .otlpEndpoint(otlp.endpoint())
            .mainClass(ThreadHandOffMain.class.getName(), cp)
            .start();
  }

  @AfterAll
  void stop() {
    if (app != null) {
      otlp.dump(app.workDir().resolve("received-spans.txt"));
      app.close();
    }
    logs.close();
    otlp.close();
  }

  private static boolean fromTheApp(StoredEvent e) {
    return ThreadHandOffMain.LOGGER.equals(e.field("logger"));
  }

  @Test
  void workHandedToOtherThreadsLogsWithItsRequestsTraceAndPooledThreadsKeepNothing() {
    Map<String, Integer> expected = new TreeMap<>(ThreadHandOffMain.EXPECTED);
    List<String[]> sent = new ArrayList<>(); // {via, trace id}
    for (int round = 0; round < 2; round++) {
      for (String via : expected.keySet()) {
        Http.Exchange ex = app.http().get("/handoff?via=" + via);
        assertEquals(200, ex.status(), () -> via + ": " + ex + "; stderr " + app.stderrTail());
        sent.add(new String[] {via, ex.traceResponse().orElseThrow().traceId()});
      }
    }
    for (String via : expected.keySet()) {
      assertEquals(200, app.http().get("/outside?via=" + via).status());
    }
    int total = 3 * expected.values().stream().mapToInt(Integer::intValue).sum();
    logs.awaitEvents(ThreadHandOffIT::fromTheApp, total, TIMEOUT);

    for (String[] s : sent) {
      String via = s[0];
      List<StoredEvent> inTrace = logs.events(e -> fromTheApp(e) && s[1].equals(e.field("trace_id")));
      assertEquals(expected.get(via), inTrace.size(), () -> via + " in trace " + s[1] + ": " + inTrace);
      inTrace.forEach(e -> assertEquals("ran " + via, e.field("message"), () -> via + ": " + e));
    }
    for (String via : expected.keySet()) {
      List<StoredEvent> outside = logs.events(e -> fromTheApp(e) && ("outside " + via).equals(e.field("message")));
      assertEquals(expected.get(via), outside.size(), () -> via + ": " + outside);
      outside.forEach(e -> assertNull(e.field("trace_id"), () -> "outside any request, " + via + ": " + e));
    }
    assertEquals(total, logs.events(ThreadHandOffIT::fromTheApp).size());
  }

  @Test
  void anOutgoingCallFromAPoolThreadIsAChildOfTheRequestsSpan() {
    String target =
        URLEncoder.encode(app.http().base() + "/api/health-check", StandardCharsets.UTF_8);
    Http.Exchange ex = app.http().get("/call-from-pool?target=" + target);
    assertEquals("200", ex.body(), ex::toString);
    TraceResponse tr = ex.traceResponse().orElseThrow();
    SpanRecord client =
        otlp.awaitSpan(s -> s.kind() == SpanRecord.KIND_CLIENT && s.traceId().equals(tr.traceId()), TIMEOUT)
            .orElseThrow(() -> new AssertionError("no client span in trace " + tr.traceId() + ": " + otlp.spans()));
    assertEquals(tr.spanId(), client.parentSpanId(), client::toString);
    SpanRecord called =
        otlp.awaitSpan(s -> s.isServer() && client.spanId().equals(s.parentSpanId()), TIMEOUT)
            .orElseThrow(() -> new AssertionError("the called request is not the client span's child"));
    assertEquals(tr.traceId(), called.traceId());
  }

  @Test
  void thePoolsGiveTheAppBackItsOwnTasks() {
    Http.Exchange ex = app.http().get("/identity");
    assertEquals(200, ex.status(), ex::toString);
    assertEquals(
        "queued=true removed=true shutdownNow=true afterExecute=true scheduledRemoved=true forkJoinSame=true",
        ex.body());
  }
}
