package dev.quartet.smoke;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quartet.smoke.CloudWatchLogsReceiver.StoredEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every PutLogEvents limit and failure mode, against the loopback endpoint that refuses what the service refuses:
 * bursts, huge messages, old and out-of-order events, throttling, a deleted stream, a long outage, a full queue.
 */
class CloudWatchLimitsIT {

  static final Duration EXIT = Duration.ofSeconds(90);

  /** A child JVM running {@link LogLoadMain} with the agent, shipping to {@code receiver}. */
  private static AppProcess.Builder load(String name, CloudWatchLogsReceiver receiver, String... args) {
    return AppProcess.withAgent(name).env(receiver.clientEnv())
        .env("QUARTET_CLOUDWATCH_SEND_INTERVAL", "200ms")
        .env("QUARTET_SHUTDOWN_TIMEOUT", "60s")
        .mainClass(LogLoadMain.class.getName(), List.of(SmokeEnv.testClassesLocation()))
        .args(args).awaitHealth(false);
  }

  private static void awaitExit(AppProcess app) {
    assertTrue(app.waitFor(EXIT), () -> app.name() + " did not exit; stderr " + app.stderrTail());
    assertEquals(0, app.exitValue(), () -> app.name() + " exit code; stderr " + app.stderrTail());
  }

  private static List<StoredEvent> withMessagePrefix(CloudWatchLogsReceiver r, String prefix) {
    return r.events(e -> e.field("message") != null && e.field("message").startsWith(prefix));
  }

  @Test
  void burstOf25000EventsIsSplitIntoValidBatches() {
    int n = 25_000;
    try (CloudWatchLogsReceiver r = new CloudWatchLogsReceiver();
        AppProcess app = load("CloudWatchLimitsIT-burst", r, "burst", Integer.toString(n))
            .env("QUARTET_CLOUDWATCH_QUEUE_SIZE", "30000").start()) {
      awaitExit(app);
      List<StoredEvent> burst = withMessagePrefix(r, "burst event ");
      Map<String, Integer> seen = new HashMap<>();
      burst.forEach(e -> seen.merge(e.field("message"), 1, Integer::sum));
      assertAll(
          () -> assertEquals(List.of(), r.limitViolations(), "no batch broke a limit"),
          () -> assertEquals(n, seen.size(), () -> "distinct events delivered; stderr " + app.stderrTail()),
          () -> assertEquals(n, burst.size(), "each exactly once"),
          () -> assertTrue(r.batches().size() >= 3, () -> "25,000 events need 3 batches at least: " + r.batches()),
          () -> assertTrue(r.batches().stream().allMatch(b -> b.events() <= 10_000 && b.bytes() <= 1_048_576),
              () -> "batches " + r.batches()));
    }
  }

  @Test
  void twoMegabyteMessageIsTruncatedByUtf8BytesWithAMarker() {
    try (CloudWatchLogsReceiver r = new CloudWatchLogsReceiver();
        AppProcess app = load("CloudWatchLimitsIT-big", r, "big").start()) {
      awaitExit(app);
      assertEquals(List.of(), r.limitViolations(), "no batch broke a limit");
      List<StoredEvent> big = withMessagePrefix(r, LogLoadMain.BIG_UNIT);
      assertEquals(1, big.size(), () -> "the big event; stderr " + app.stderrTail());
      StoredEvent e = big.get(0);
      assertNotNull(e.json(), "still one valid JSON object");
      int bytes = e.message().getBytes(StandardCharsets.UTF_8).length;
      assertTrue(bytes + 26 <= 262_144, () -> "event size " + bytes + " + 26");
      assertTrue(bytes > 200_000, () -> "most of the allowed size is used: " + bytes);
      String message = e.field("message");
      Matcher m = Pattern.compile("…\\[truncated by Quartet: (\\d+) of (\\d+) characters kept\\]$").matcher(message);
      assertTrue(m.find(), () -> "marker at the end: " + message.substring(message.length() - 80));
      String kept = message.substring(0, m.start());
      assertEquals(Integer.parseInt(m.group(1)), kept.length());
      assertEquals(LogLoadMain.BIG_CHARS, Integer.parseInt(m.group(2)));
      assertTrue(LogLoadMain.bigMessage().startsWith(kept), "the kept part is the message's start, no broken char");
      assertEquals(1, withMessagePrefix(r, "after the big one").size(), "the next event is not lost");
    }
  }

  @Test
  void eventsSpanning30HoursAreSplitAndRefusedOnesCounted() {
    try (CloudWatchLogsReceiver r = new CloudWatchLogsReceiver();
        AppProcess app = load("CloudWatchLimitsIT-span", r, "span").start()) {
      awaitExit(app);
      List<StoredEvent> stamped = withMessagePrefix(r, "stamped ");
      List<String> messages = stamped.stream().map(e -> e.field("message")).sorted().collect(Collectors.toList());
      String stderr = app.stderr();
      assertAll(
          () -> assertEquals(List.of(), r.limitViolations(), "no batch broke a limit (order, 24 h span)"),
          () -> assertEquals(7, stamped.size(), () -> "the 7 events within 14 days: " + messages + "; " + stderr),
          () -> assertTrue(r.batches().size() >= 2, () -> "30 hours need two batches: " + r.batches()),
          () -> assertTrue(r.batches().stream().allMatch(b -> b.spanMillis() < 24 * LogLoadMain.HOUR)),
          () -> assertEquals(1, count(stderr, "CloudWatch Logs refused "), () -> "reported once: " + stderr),
          () -> assertTrue(stderr.contains("2 refused by the destination"), () -> "refusals counted: " + stderr));
    }
  }

  @Test
  void throttlingAndServerErrorsAreRetriedUntilDelivered() {
    try (CloudWatchLogsReceiver r = new CloudWatchLogsReceiver()) {
      r.failNext("PutLogEvents", 3, 400, "ThrottlingException", "Rate exceeded");
      r.failNext("PutLogEvents", 1, 503, "ServiceUnavailableException", "The service cannot complete the request.");
      // Sent only by the shutdown flush: one batch, so the calls can be counted exactly.
      try (AppProcess app = load("CloudWatchLimitsIT-throttle", r, "burst", "10")
          .env("QUARTET_CLOUDWATCH_SEND_INTERVAL", "1h").start()) {
        awaitExit(app);
        List<StoredEvent> burst = withMessagePrefix(r, "burst event ");
        assertEquals(10, burst.size(), () -> "each event once: " + burst + "; stderr " + app.stderrTail());
        assertEquals(5, r.calls("PutLogEvents"), "3 throttled + 1 unavailable + 1 accepted");
        assertEquals(List.of(), r.limitViolations());
      }
    }
  }

  @Test
  void deletedStreamIsCreatedAgain() {
    try (CloudWatchLogsReceiver r = new CloudWatchLogsReceiver();
        AppProcess app = AppProcess.withAgent("CloudWatchLimitsIT-deleted").env(r.clientEnv())
            .env("QUARTET_CLOUDWATCH_SEND_INTERVAL", "200ms").start()) {
      Http http = app.http();
      http.send(Cruddur.HOME);
      r.awaitEvents(e -> "HomeActivities".equals(e.field("message")), 1, Duration.ofSeconds(20));
      String stream = r.streamNames(SmokeEnv.SERVICE_NAME).get(0);
      r.deleteStream(SmokeEnv.SERVICE_NAME, stream);
      http.send(Cruddur.HOME);
      r.awaitEvents(e -> "HomeActivities".equals(e.field("message")), 2, Duration.ofSeconds(20));
      assertEquals(List.of(stream), r.streamNames(SmokeEnv.SERVICE_NAME), "the same stream, created again");
      assertEquals(2, r.calls("CreateLogStream"));
      assertEquals(2, r.events(e -> "HomeActivities".equals(e.field("message"))).size(), "no event twice");
      app.stop(Duration.ofSeconds(20));
    }
  }

  /** Nothing listens on the endpoint for 60 s (connection refused); then it comes up: every event arrives once. */
  @Test
  void sixtySecondOutageLosesNothing() {
    int port = SmokeEnv.freeLoopbackPort();
    Map<String, String> env = new HashMap<>();
    try (CloudWatchLogsReceiver probe = new CloudWatchLogsReceiver()) {
      env.putAll(probe.clientEnv());
    }
    env.put("AWS_ENDPOINT_URL_CLOUDWATCH_LOGS", "http://127.0.0.1:" + port);
    int requests = 30;
    try (AppProcess app = AppProcess.withAgent("CloudWatchLimitsIT-outage").env(env)
        .env("QUARTET_CLOUDWATCH_SEND_INTERVAL", "200ms").start()) {
      int probes = app.healthProbeResponses();
      Http http = app.http();
      long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      for (int i = 0; i < requests; i++) {
        http.send(Cruddur.HOME);
        Await.sleep(Math.max(0, (end - System.nanoTime()) / 1_000_000 / (requests - i)));
      }
      try (CloudWatchLogsReceiver r = new CloudWatchLogsReceiver(port)) {
        r.awaitEvents(e -> "access".equals(e.field("logger")), probes + requests, Duration.ofSeconds(40));
        app.stop(Duration.ofSeconds(20));
        String stderr = app.stderr();
        assertAll(
            () -> assertEquals(requests, r.events(e -> "HomeActivities".equals(e.field("message"))).size()),
            () -> assertEquals(probes + requests, r.events(e -> "access".equals(e.field("logger"))).size()),
            () -> assertEquals(1, count(stderr, "cannot deliver to CloudWatch Logs"), () -> "one line: " + stderr),
            () -> assertEquals(1, count(stderr, "delivering to CloudWatch Logs again"), () -> stderr));
      }
    }
  }

  /**
   * A queue of 100 with the endpoint failing: four threads log 4,000 INFO and 40 ERROR records without ever
   * waiting; the oldest INFO ones are dropped, every ERROR survives, and the drops are counted exactly.
   */
  @Test
  void fullQueueDropsOldestInfoFirstAndNeverBlocks() throws Exception {
    try (CloudWatchLogsReceiver r = new CloudWatchLogsReceiver()) {
      r.outage(true);
      AppProcess.Builder b = load("CloudWatchLimitsIT-flood", r).env("QUARTET_CLOUDWATCH_QUEUE_SIZE", "100");
      Path release = b.workDir().resolve("release");
      b.args("flood", "4", "1000", "10", release.toString());
      try (AppProcess app = b.start()) {
        Await.require("the flood to finish (a blocked logging thread never does)", Duration.ofSeconds(60),
            () -> app.stdout().contains(LogLoadMain.FLOOD_DONE), app::stderrTail);
        Await.require("the outage to be noticed", Duration.ofSeconds(20),
            () -> r.totalCalls() > 0, app::stderrTail);
        r.outage(false);
        Files.createFile(release);
        awaitExit(app);
        String stderr = app.stderr();
        List<StoredEvent> errors = withMessagePrefix(r, "flood error ");
        List<StoredEvent> infos = withMessagePrefix(r, "flood info ");
        Matcher summary = Pattern.compile("cloudwatch: (\\d+) log events shipped; (\\d+) dropped \\(queue full\\)")
            .matcher(stderr);
        assertTrue(summary.find(), () -> "shutdown summary: " + stderr);
        long shipped = Long.parseLong(summary.group(1));
        long dropped = Long.parseLong(summary.group(2));
        assertAll(
            () -> assertEquals(40, errors.size(), "every ERROR survives"),
            // the lock-free queue counts an event just after adding it, so each of the 4 logging threads can be
            // one event over the capacity for an instant: queue (100) + one batch in flight (100) + 4
            () -> assertTrue(infos.size() <= 204, () -> "at most the queue + one batch in flight: " + infos.size()),
            () -> assertEquals(errors.size() + infos.size(), shipped, "shipped = arrived"),
            () -> assertEquals(4040, shipped + dropped, "every event is either shipped or counted as dropped"),
            () -> assertTrue(stderr.contains("queue full (100 events): dropped"), () -> stderr));
      }
    }
  }

  private static int count(String text, String needle) {
    int n = 0;
    for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
      n++;
    }
    return n;
  }
}
