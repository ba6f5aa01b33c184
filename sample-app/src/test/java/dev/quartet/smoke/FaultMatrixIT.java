package dev.quartet.smoke;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fault matrix: each backend × {refuse, hang, slow, 500, 429 with the service's retry headers, garbage, bad DNS}
 * against loopback receivers speaking its protocol. In every cell: every app response is what it is without Quartet,
 * no thread is leaked, the failure is reported (one WARN line of that backend), what OTLP loses is counted in a line,
 * and once the fault clears delivery resumes — the spans of the requests after it arrive, and for CloudWatch Logs and
 * Rollbar what was queued during the fault arrives with no loss counted. Each cell adds a line to
 * {@code target/fault-matrix.txt} (requests, failed responses, threads, the loss and recovery lines).
 *
 * <p>CI runs four cells, one per backend. The whole matrix (28 cells) and the heap check (100,000 requests with
 * every backend dead) run with {@code QUARTET_FAULT_MATRIX=full} (see the README): some 90 minutes on a loaded
 * 2-core machine.
 */
class FaultMatrixIT {
  static final boolean FULL = "full".equalsIgnoreCase(System.getenv("QUARTET_FAULT_MATRIX"));
  static final Duration RESUME = Duration.ofSeconds(120);
  static final String BAD_HOST = "quartet-fault.invalid";
  static final Duration FAULT_AT_LEAST = Duration.ofSeconds(10);

  enum Target { OTEL, XRAY, CLOUDWATCH, ROLLBAR }

  enum Fault { REFUSE, HANG, SLOW, HTTP_500, HTTP_429, GARBAGE, BAD_DNS }

  static Stream<Arguments> cells() {
    String chosen = System.getenv("QUARTET_FAULT_MATRIX");
    if (chosen != null && chosen.contains(":")) {
      // e.g. QUARTET_FAULT_MATRIX=CLOUDWATCH:HTTP_429,OTEL:BAD_DNS — some cells, to check a fix
      return Stream.of(chosen.split(",")).map(c -> c.trim().split(":"))
          .map(c -> Arguments.of(Target.valueOf(c[0]), Fault.valueOf(c[1])));
    }
    if (FULL) {
      List<Arguments> all = new ArrayList<>();
      for (Target t : Target.values()) {
        for (Fault f : Fault.values()) {
          all.add(Arguments.of(t, f));
        }
      }
      return all.stream();
    }
    return Stream.of(Arguments.of(Target.OTEL, Fault.HTTP_429), Arguments.of(Target.ROLLBAR, Fault.HTTP_500),
        Arguments.of(Target.CLOUDWATCH, Fault.HANG), Arguments.of(Target.XRAY, Fault.REFUSE));
  }

  /** The routes sent during a cell, in turn: a success, a failure (a Rollbar item), a warning (an item), a search. */
  static final List<Cruddur.Route> MIX = List.of(Cruddur.HOME, Cruddur.DEBUG_ERROR, Cruddur.ROLLBAR_TEST, Cruddur.SEARCH);

  /** The receiver a cell points the backend at, made when the fault allows (REFUSE: only once it clears). */
  static LoopbackHttpReceiver receiver(Target t, int port) {
    switch (t) {
      case OTEL: return new OtlpHttpReceiver(port);
      case XRAY: return new XraySamplingProxy(port);
      case CLOUDWATCH: return new CloudWatchLogsReceiver(port);
      default: return new RollbarReceiver(RollbarReceiver.TOKEN, port);
    }
  }

  static AppProcess.Builder configure(AppProcess.Builder b, Target t, String hostPort, int udpPort) {
    switch (t) {
      case OTEL:
        return b.otlpEndpoint("http://" + hostPort).env("OTEL_EXPORTER_OTLP_TIMEOUT", "2000");
      case XRAY:
        return b.env("AWS_XRAY_DAEMON_ADDRESS", "tcp:" + hostPort + " udp:127.0.0.1:" + udpPort);
      case CLOUDWATCH:
        return b.env("AWS_ENDPOINT_URL_CLOUDWATCH_LOGS", "http://" + hostPort)
            .env("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE").env("AWS_SECRET_ACCESS_KEY", "fault-matrix-secret")
            .env("AWS_REGION", "us-east-1").env("AWS_EC2_METADATA_DISABLED", "true")
            .env("QUARTET_CLOUDWATCH_SEND_INTERVAL", "200ms").env("QUARTET_CLOUDWATCH_TIMEOUT", "2s");
      default:
        return b.env("ROLLBAR_ACCESS_TOKEN", RollbarReceiver.TOKEN)
            .env("ROLLBAR_ENDPOINT", "http://" + hostPort + RollbarReceiver.ITEM_PATH)
            .env("QUARTET_ROLLBAR_TIMEOUT", "2s");
    }
  }

  static int threads(AppProcess app) throws IOException {
    try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(app.process().pid()), "task"))) {
      return (int) tasks.count();
    }
  }

  /** Sends {@code n} requests of the mix; every status must be the route's own. */
  static List<String> send(Http http, int n) {
    return send(http, n, new ArrayList<>());
  }

  /** As above; the trace id of each request (its traceresponse) is added to {@code traceIds}. */
  static List<String> send(Http http, int n, List<String> traceIds) {
    List<String> wrong = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Cruddur.Route r = MIX.get(i % MIX.size());
      Http.Exchange answer = http.send(r);
      answer.traceResponse().ifPresent(t -> traceIds.add(t.traceId()));
      if (answer.status() != r.expectedStatus()) {
        wrong.add(r.target() + " answered " + answer.status() + " instead of " + r.expectedStatus());
      }
    }
    return wrong;
  }

  /** Lines where the backend says how much it could not deliver ("1,028 spans (1,028 refused) lost …"). */
  static final Pattern COUNTED_LOSS = Pattern.compile(
      "\\[quartet\\] (WARN )?(otel: [\\d,]+ spans? \\(|rollbar: \\d+ items? not sent|cloudwatch: .*(dropped|not sent))");
  /** Lines where a backend says it delivers again after a failure. */
  static final Pattern RESUMED = Pattern.compile(
      "\\[quartet\\] (otel: .* accepts spans again|rollbar: .* answers again|cloudwatch: delivering to CloudWatch Logs again"
          + "|xray: the X-Ray daemon's sampling proxy at .* answers again)");

  static List<String> lines(String stderr, Pattern p) {
    return stderr.lines().filter(l -> p.matcher(l).find()).collect(java.util.stream.Collectors.toList());
  }

  /** One line per cell, for the README's table: printed and appended to target/fault-matrix.txt. */
  static void result(Target t, Fault f, int sent, int wrong, int threadsBefore, int threadsAfter, String stderr) {
    List<String> counted = lines(stderr, COUNTED_LOSS);
    List<String> resumed = lines(stderr, RESUMED);
    String line = "| " + t + " × " + f + " | " + sent + " | " + wrong + " | " + threadsBefore + " → " + threadsAfter
        + " | " + (counted.isEmpty() ? "–" : counted.get(counted.size() - 1).replace("[quartet] ", ""))
        + " | " + (resumed.isEmpty() ? "–" : resumed.get(0).replace("[quartet] ", "")) + " |";
    System.out.println("[fault-matrix] " + line);
    try {
      Files.writeString(Path.of("target", "fault-matrix.txt"), line + "\n", java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException e) {
      // the line is printed anyway
    }
  }

  @ParameterizedTest(name = "{0} × {1}")
  @MethodSource("cells")
  void cell(Target target, Fault fault) throws Exception {
    int port = SmokeEnv.freeLoopbackPort();
    boolean receiverFirst = fault != Fault.REFUSE && fault != Fault.BAD_DNS;
    String hostPort = (fault == Fault.BAD_DNS ? BAD_HOST : "127.0.0.1") + ":" + port;
    int during = FULL ? 1000 : 200;
    LoopbackHttpReceiver receiver = receiverFirst ? receiver(target, port) : null;
    if (receiver != null) {
      receiver.fault(LoopbackHttpReceiver.Fault.valueOf(fault.name()));
    }
    try (XrayDaemonReceiver daemon = new XrayDaemonReceiver();
         AppProcess app = configure(AppProcess.withAgent("FaultMatrixIT-" + target + "-" + fault), target, hostPort,
             daemon.port()).start()) {
      Http http = app.http();
      List<String> wrong = new ArrayList<>(send(http, 8));
      int threadsBefore = threads(app);
      long faultEnds = System.nanoTime() + FAULT_AT_LEAST.toNanos();
      wrong.addAll(send(http, during));
      while (System.nanoTime() < faultEnds) {
        Thread.sleep(100); // long enough for every backend to try (and time out) a few times
      }
      if (reportExpected(target, fault)) {
        // the fault lasts until the backend has said so: on a loaded machine its first attempt (loading the AWS SDK,
        // its retries) may outlast the requests above
        Await.require("a WARN line of " + backend(target) + " about the fault", RESUME,
            () -> reported(app.stderr(), target), () -> AppProcess.tail(app.stderr(), 20));
      }
      // the fault clears
      if (receiver != null) {
        receiver.fault(LoopbackHttpReceiver.Fault.NONE);
      } else if (fault == Fault.REFUSE) {
        receiver = receiver(target, port);
      }
      List<String> afterClear = new ArrayList<>();
      wrong.addAll(send(http, 20, afterClear));
      int sent = 8 + during + 20;
      if (receiver != null) {
        awaitResumed(target, receiver, daemon, sent, afterClear);
      }
      int threadsAfter = threads(app);
      Duration exit = app.stop(Duration.ofSeconds(30));
      String stderr = app.stderr();
      result(target, fault, sent, wrong.size(), threadsBefore, threadsAfter, stderr);
      assertAll(
          () -> assertEquals(List.of(), wrong, "every app response unchanged"),
          () -> assertTrue(threadsAfter <= threadsBefore + 10,
              "threads before the fault " + threadsBefore + ", after " + threadsAfter),
          () -> assertTrue(!reportExpected(target, fault) || reported(stderr, target),
              "the failure is reported: " + AppProcess.tail(stderr, 20)),
          () -> assertTrue(exit.compareTo(Duration.ofSeconds(10)) < 0, "exited within the shutdown timeout: " + exit),
          () -> assertFalse(stderr.contains("dev.quartet.shaded"), "no relocated class name reaches the user"),
          () -> assertTrue(!lossCountExpected(target, fault) || !lines(stderr, COUNTED_LOSS).isEmpty(),
              "what was lost is counted in a line: " + AppProcess.tail(stderr, 20)),
          () -> assertTrue(!queued(target) || fault == Fault.BAD_DNS || lines(stderr, COUNTED_LOSS).isEmpty(),
              "nothing queued within capacity is lost: " + lines(stderr, COUNTED_LOSS)),
          () -> assertTrue(!resumeSaid(target, fault) || !lines(stderr, RESUMED).isEmpty(),
              "the backend says it delivers again: " + AppProcess.tail(stderr, 20)));
    } finally {
      if (receiver != null) {
        receiver.close();
      }
    }
  }

  /** A WARN line of the backend about the fault (not the start-up warning on a plain-HTTP endpoint). */
  static boolean reported(String stderr, Target t) {
    String prefix = "[quartet] WARN " + backend(t) + ":";
    return stderr.lines().anyMatch(l -> l.startsWith(prefix) && !l.contains("is plain HTTP to another host"));
  }

  static String backend(Target t) {
    return t == Target.OTEL ? "otel" : t.name().toLowerCase();
  }

  /** Faults the protocol cannot mistake for success (a slow answer may still come within the timeout). */
  static boolean reportExpected(Target t, Fault f) {
    if (f == Fault.SLOW) {
      return false;
    }
    if (f == Fault.GARBAGE) {
      return t != Target.OTEL; // OTLP takes any 200 as delivered, as its spec says; Rollbar answers JSON
    }
    return true;
  }

  /**
   * The queueing backends: what they hold within capacity survives an outage that ends, so nothing may be counted
   * lost (with a bad DNS name it never ends: what waits is counted at shutdown).
   */
  static boolean queued(Target t) {
    return t == Target.CLOUDWATCH || t == Target.ROLLBAR;
  }

  /** OTLP loses a batch whose retries fail: the fault must then show as a counted loss. */
  static boolean lossCountExpected(Target t, Fault f) {
    return t == Target.OTEL && reportExpected(t, f);
  }

  /**
   * OTLP and Rollbar, after failing to deliver, say so when the receiver answers again (bad DNS never clears; Rollbar's
   * 429 is a pause it was asked for, not a failure). The others' lines are in the table, not required.
   */
  static boolean resumeSaid(Target t, Fault f) {
    return reportExpected(t, f) && f != Fault.BAD_DNS
        && (t == Target.OTEL || (t == Target.ROLLBAR && f != Fault.HTTP_429));
  }

  /** What arrives once the fault clears: new spans, new rules fetches, and for the queues all they held. */
  static void awaitResumed(Target target, LoopbackHttpReceiver receiver, XrayDaemonReceiver daemon, int sent,
      List<String> afterClear) {
    switch (target) {
      case OTEL:
        // the server spans of the requests sent after the fault cleared, each one
        ((OtlpHttpReceiver) receiver).awaitSpans(s -> s.isServer() && afterClear.contains(s.traceId()),
            afterClear.size(), RESUME);
        break;
      case XRAY:
        XraySamplingProxy proxy = (XraySamplingProxy) receiver;
        // rules are answered only once the fault is cleared: any answered fetch came after it
        Await.require("a sampling rules fetch after the fault cleared", RESUME, () -> proxy.rulesRequests() > 0,
            () -> proxy.requests().size() + " requests, none answered");
        daemon.awaitSegments(s -> true, 5, RESUME); // sampled by rules: not every request
        break;
      case CLOUDWATCH:
        // one access line per request: those of the fault too, queued meanwhile
        ((CloudWatchLogsReceiver) receiver).awaitEvents(e -> "access".equals(e.field("logger")), sent, RESUME);
        break;
      default:
        // the storm cap makes 10 items a minute of each failing route; they waited in the queue
        ((RollbarReceiver) receiver).awaitItems(i -> true, 20, RESUME);
        break;
    }
  }

  private static final Pattern HEAP_USED = Pattern.compile("garbage-first heap\\s+total (\\d+)K, used (\\d+)K");

  /** Heap in use after a full GC, from {@code jcmd}: what the app keeps, not what awaits collection. */
  static long heapAfterGcKb(AppProcess app) throws Exception {
    String pid = Long.toString(app.process().pid());
    run("jcmd", pid, "GC.run");
    String info = run("jcmd", pid, "GC.heap_info");
    Matcher m = HEAP_USED.matcher(info);
    assertTrue(m.find(), info);
    return Long.parseLong(m.group(2));
  }

  static String run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor();
    return out;
  }

  @Test
  void heapStaysFlatOverAHundredThousandRequestsWithEveryBackendDead() throws Exception {
    Assumptions.assumeTrue(FULL, "QUARTET_FAULT_MATRIX=full");
    int dead = SmokeEnv.freeLoopbackPort();
    String hostPort = "127.0.0.1:" + dead;
    AppProcess.Builder b = AppProcess.withAgent("FaultMatrixIT-heap");
    for (Target t : Target.values()) {
      b = configure(b, t, hostPort, dead);
    }
    try (AppProcess app = b.start()) {
      Http http = app.http();
      ExecutorService clients = Executors.newFixedThreadPool(4);
      AtomicInteger wrong = new AtomicInteger();
      long[] heap = new long[3];
      int[] at = {10_000, 50_000, 100_000};
      int done = 0;
      int threadsBefore = 0;
      for (int phase = 0; phase < at.length; phase++) {
        int n = at[phase] - done;
        List<Future<?>> work = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
          work.add(clients.submit(() -> wrong.addAndGet(send(http, n / 4).size())));
        }
        for (Future<?> f : work) {
          f.get();
        }
        done = at[phase];
        heap[phase] = heapAfterGcKb(app);
        if (phase == 0) {
          threadsBefore = threads(app);
        }
      }
      clients.shutdown();
      int threadsAfter = threads(app);
      String figure = "heap after GC with every backend dead: " + heap[0] / 1024 + " MiB after 10,000 requests, "
          + heap[1] / 1024 + " MiB after 50,000, " + heap[2] / 1024 + " MiB after 100,000; threads "
          + threadsBefore + " → " + threadsAfter;
      System.out.println("[fault-matrix] " + figure);
      Files.writeString(app.workDir().resolve("heap.txt"), figure + "\n");
      app.stop(Duration.ofSeconds(30));
      long growthKb = heap[2] - heap[0];
      int tb = threadsBefore;
      assertAll(
          () -> assertEquals(0, wrong.get(), "every app response unchanged"),
          () -> assertTrue(growthKb < 16 * 1024, figure),
          () -> assertTrue(threadsAfter <= tb + 10, figure));
    }
  }
}
