package dev.quartet.smoke;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quartet.smoke.CloudWatchLogsReceiver.StoredEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;

/**
 * The sample app with the agent ships to a loopback CloudWatch Logs endpoint (the AWS SDK's own
 * {@code AWS_ENDPOINT_URL_CLOUDWATCH_LOGS}, dummy credentials): its {@code HomeActivities} log record arrives with
 * the trace and span id of its request's span, and every request has its access line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CloudWatchLogsIT {

  static final Pattern ACCESS_TEXT = Pattern.compile(
      "\\[\\d{4}-[A-Z][a-z]{2}-\\d{2} \\d{2}:\\d{2}\\] 127\\.0\\.0\\.1 (GET|POST) http (\\S+) (\\d{3}) \\d+\\.\\d{2}ms");

  CloudWatchLogsReceiver receiver = new CloudWatchLogsReceiver();
  List<Traffic.Call> calls = new ArrayList<>();
  int probes;
  long pid;
  String stderr;

  @BeforeAll
  void run() {
    try (AppProcess app = AppProcess.withAgent("CloudWatchLogsIT").env(receiver.clientEnv())
        .env("QUARTET_CLOUDWATCH_SEND_INTERVAL", "200ms")
        // PutRetentionPolicy too: each of the five operations the agent calls runs once against its jar
        .env("QUARTET_CLOUDWATCH_RETENTION_DAYS", "7").start()) {
      probes = app.healthProbeResponses();
      pid = app.process().pid();
      Http http = app.http();
      calls.addAll(Traffic.callAll(http, Cruddur.ALL));
      calls.add(new Traffic.Call(Cruddur.HOME, http.send(Cruddur.HOME)));
      receiver.awaitEvents(e -> "access".equals(e.field("logger")), probes + calls.size(), Duration.ofSeconds(30));
      app.stop(Duration.ofSeconds(20));
      stderr = app.stderr();
    }
  }

  @AfterAll
  void close() {
    receiver.close();
  }

  private List<StoredEvent> inTrace(TraceResponse tr, String logger) {
    return receiver.events(e -> tr.traceId().equals(e.field("trace_id")) && logger.equals(e.field("logger")));
  }

  @Test
  void homeActivitiesArrivesWithTheTraceOfItsRequest() {
    List<Traffic.Call> home = calls.stream().filter(c -> c.route() == Cruddur.HOME).collect(Collectors.toList());
    assertEquals(2, home.size());
    List<Executable> checks = new ArrayList<>();
    for (Traffic.Call c : home) {
      checks.add(() -> {
        TraceResponse tr = c.traceResponse();
        assertNotNull(tr, () -> c + ": no traceresponse");
        List<StoredEvent> found = inTrace(tr, "cruddur.services.HomeActivities");
        assertEquals(1, found.size(), () -> c + ": HomeActivities events in its trace: " + found);
        StoredEvent e = found.get(0);
        assertEquals("HomeActivities", e.field("message"));
        assertEquals("INFO", e.field("level"));
        assertEquals(tr.spanId(), e.field("span_id"), "span id of the request's span");
        assertEquals("1-" + tr.traceId().substring(0, 8) + "-" + tr.traceId().substring(8), e.field("xray_trace_id"));
        assertTrue(e.field("thread").startsWith("qtp"), () -> "a Jetty request thread: " + e.field("thread"));
        assertEquals(e.timestamp(), Instant.parse(e.field("timestamp")).toEpochMilli(), "timestamp field = event time");
      });
    }
    assertAll(checks);
  }

  @Test
  void everyRequestHasOneAccessLine() {
    List<StoredEvent> access = receiver.events(e -> "access".equals(e.field("logger")));
    List<Executable> checks = new ArrayList<>();
    checks.add(() -> assertEquals(probes + calls.size(), access.size(),
        () -> "access lines vs requests (" + probes + " startup probes + " + calls.size() + ")"));
    for (Traffic.Call c : calls) {
      checks.add(() -> {
        TraceResponse tr = c.traceResponse();
        assertNotNull(tr, () -> c + ": no traceresponse");
        List<StoredEvent> lines = inTrace(tr, "access");
        assertEquals(1, lines.size(), () -> c + ": access lines in its trace");
        StoredEvent line = lines.get(0);
        var m = ACCESS_TEXT.matcher(line.field("message"));
        assertTrue(m.matches(), () -> c + ": access line text " + line.field("message"));
        assertEquals(c.exchange().method(), m.group(1));
        assertEquals(c.exchange().target(), m.group(2), "path with query");
        assertEquals(Integer.toString(c.exchange().status()), m.group(3));
        assertEquals(c.exchange().status(), line.json().path("http").path("status").asInt());
        assertEquals(tr.spanId(), line.field("span_id"));
      });
    }
    assertAll(checks);
  }

  @Test
  void warningsAndErrorsArriveWithTheirRequest() {
    Traffic.Call rollbar = calls.stream().filter(c -> c.route() == Cruddur.ROLLBAR_TEST).findFirst().orElseThrow();
    List<StoredEvent> hello = inTrace(rollbar.traceResponse(), "cruddur.web.RollbarTestServlet");
    assertEquals(1, hello.size(), () -> "Hello World! warning: " + hello);
    assertEquals("WARN", hello.get(0).field("level"));
    assertEquals("Hello World!", hello.get(0).field("message"));
    Traffic.Call error = calls.stream().filter(c -> c.route() == Cruddur.DEBUG_ERROR).findFirst().orElseThrow();
    StoredEvent line = inTrace(error.traceResponse(), "access").get(0);
    assertEquals(500, line.json().path("http").path("status").asInt());
    assertEquals("java.lang.IllegalStateException", line.json().path("http").path("error").asText());
  }

  @Test
  void groupAndStreamAreCreatedAndEveryBatchIsValid() {
    assertEquals(java.util.Set.of(SmokeEnv.SERVICE_NAME), receiver.groupNames(), "log group = OTEL_SERVICE_NAME");
    List<String> streams = receiver.streamNames(SmokeEnv.SERVICE_NAME);
    assertEquals(1, streams.size(), () -> "streams " + streams);
    assertTrue(streams.get(0).matches("[^/]+/" + SmokeEnv.SERVICE_NAME + "/" + pid),
        () -> "stream {hostname}/{service}/{pid}: " + streams);
    // The one expected refusal: DescribeLogStreams before the group was created.
    assertEquals(List.of(new CloudWatchLogsReceiver.Refusal("DescribeLogStreams", "ResourceNotFoundException",
        "The specified log group does not exist.")), receiver.refusals(),
        "no other call was refused (SigV4 present, every limit kept)");
    assertTrue(receiver.calls("DescribeLogStreams") >= 1);
    assertFalse(receiver.batches().isEmpty());
  }

  @Test
  void retentionIsSetOnTheCreatedGroup() {
    assertEquals(1, receiver.calls("PutRetentionPolicy"), "once, after creating the group");
    assertEquals(7, receiver.retentionDays(SmokeEnv.SERVICE_NAME), "QUARTET_CLOUDWATCH_RETENTION_DAYS");
  }

  @Test
  void startupLineNamesTheDestinationAndNoSecret() {
    assertTrue(stderr.contains("cloudwatch → CloudWatch Logs group " + SmokeEnv.SERVICE_NAME + " (endpoint "
        + receiver.endpoint() + ", credentials: environment), stream {hostname}/{service}/{pid}, json"),
        () -> "startup line: " + stderr);
    assertFalse(stderr.contains("wJalrXUtnFEMI"), "the secret key is never printed");
    assertFalse(stderr.contains("AKIAIOSFODNN7EXAMPLE"), "the access key id is never printed");
    // The app's own SLF4J 2 (Jetty's, no provider) prints "SLF4J(W)"; the SDK's relocated SLF4J 1.7 must not.
    assertFalse(stderr.contains("SLF4J: "), () -> "the AWS SDK's logging stays silent: " + stderr);
  }

  /**
   * With a send interval of an hour, the events only leave at shutdown: the flush delivers them all. The AWS client is
   * made by that first send, which took over the default 5 s shutdown timeout at load 30; the timeout here is generous
   * so the test checks the flush, not the machine's speed.
   */
  @Test
  void shutdownFlushesWhatIsQueued() {
    try (CloudWatchLogsReceiver r = new CloudWatchLogsReceiver();
        AppProcess app = AppProcess.withAgent("CloudWatchLogsIT-flush").env(r.clientEnv())
            .env("QUARTET_CLOUDWATCH_SEND_INTERVAL", "1h").env("QUARTET_SHUTDOWN_TIMEOUT", "60s").start()) {
      Http http = app.http();
      for (int i = 0; i < 3; i++) {
        http.send(Cruddur.HOME);
      }
      assertTrue(r.events().isEmpty(), "nothing is sent before the interval or the shutdown");
      Duration took = app.stop(Duration.ofSeconds(90));
      assertEquals(3, r.events(e -> "HomeActivities".equals(e.field("message"))).size(),
          () -> "after shutdown: " + r.events() + "\nstderr: " + app.stderrTail());
      assertTrue(took.compareTo(Duration.ofSeconds(75)) < 0, () -> "stop took " + took);
    }
  }
}
