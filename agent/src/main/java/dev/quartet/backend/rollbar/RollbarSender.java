package dev.quartet.backend.rollbar;

import com.rollbar.api.payload.Payload;
import com.rollbar.notifier.sender.Sender;
import com.rollbar.notifier.sender.json.JsonSerializer;
import com.rollbar.notifier.sender.json.JsonSerializerImpl;
import com.rollbar.notifier.sender.listener.SenderListener;
import com.rollbar.notifier.truncation.PayloadTruncator;
import dev.quartet.core.AgentLog;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Quartet's rollbar-java {@link Sender}, called by {@code Rollbar.log} on the sender thread. It covers what
 * rollbar-java's own senders lack: payloads are truncated below {@link #MAX_PAYLOAD_BYTES} with rollbar-java's
 * truncation strategies (frames first, then long strings) before they are sent; a 429 pauses sending for as long
 * as {@code X-Rate-Limit-Remaining-Seconds} says and the item is sent again after it; a network failure or 5xx is
 * retried with back-off (1 s, doubling, at most 30 s apart) until Rollbar answers, so an outage of minutes loses
 * nothing that fits in the queue (the items wait there, oldest first); and nothing waits past the shutdown deadline.
 */
final class RollbarSender implements Sender {
  /** Rollbar rejects payloads above 512 KB; stay under it whichever K is meant. */
  static final int MAX_PAYLOAD_BYTES = 512 * 1000;
  /** After a network failure or 5xx: the first retry, doubled after each further failure up to {@link #MAX_RETRY_MILLIS}. */
  static final long FIRST_RETRY_MILLIS = 1000;
  static final long MAX_RETRY_MILLIS = 30_000;
  private static final long SLEEP_SLICE_MILLIS = 50;

  private final Transport transport;
  private final Duration timeout;
  private final Clock clock;

  // made with the first item, on the sender thread, so that an app without errors never loads them
  private JsonSerializer json;
  private PayloadTruncator truncator;

  /** When the rate-limit pause ends (System.nanoTime), or 0. Sender thread only. */
  private long pausedUntil;
  private volatile long deadline = Long.MAX_VALUE;
  private volatile boolean deadlineSet;
  private int handed;

  /** Outcomes in items and in the occurrences they stand for (a storm summary stands for many). */
  final Tally sent = new Tally();
  final Tally rejected = new Tally();
  final Tally droppedAtDeadline = new Tally();
  final AtomicLong truncated = new AtomicLong();
  /** Occurrences the item being sent stands for (sender thread only). */
  private long standingFor = 1;
  private boolean failing;

  /** A count of items and of the occurrences they stand for. */
  static final class Tally {
    private final AtomicLong items = new AtomicLong();
    private final AtomicLong occurrences = new AtomicLong();

    void add(long standingFor) {
      items.incrementAndGet();
      occurrences.addAndGet(standingFor);
    }

    long get() {
      return items.get();
    }

    long occurrences() {
      return occurrences.get();
    }

    /** "1 item", "3 items", "2 items (840 occurrences)". */
    static String describe(long items, long occurrences) {
      String s = items + (items == 1 ? " item" : " items");
      return occurrences == items ? s : s + " (" + occurrences + " occurrences)";
    }

    @Override
    public String toString() {
      return describe(get(), occurrences());
    }
  }

  /** The clock and sleep, replaceable in tests. */
  interface Clock {
    long nanoTime();

    void sleep(long millis) throws InterruptedException;

    Clock SYSTEM =
        new Clock() {
          @Override
          public long nanoTime() {
            return System.nanoTime();
          }

          @Override
          public void sleep(long millis) throws InterruptedException {
            Thread.sleep(millis);
          }
        };
  }

  RollbarSender(Transport transport, Duration timeout, Clock clock) {
    this.transport = transport;
    this.timeout = timeout;
    this.clock = clock;
  }

  /** From now on nothing waits past {@code deadlineNanos} (System.nanoTime): what cannot be sent by then is dropped. */
  void deadline(long deadlineNanos) {
    deadline = deadlineNanos;
    deadlineSet = true;
  }

  /** The next item stands for {@code occurrences} (1, or 1 + a storm summary's suppressed ones). */
  void standingFor(long occurrences) {
    standingFor = occurrences;
  }

  /** Whether the shutdown deadline has passed: what is left is only counted. */
  boolean pastDeadline() {
    return deadlineSet && clock.nanoTime() - deadline >= 0;
  }

  /** Counts an item that is given up at the deadline without being built. */
  void droppedAtDeadline(long occurrences) {
    droppedAtDeadline.add(occurrences);
  }

  /** How many payloads Rollbar handed over so far (a payload that failed to build never arrives). */
  int handed() {
    return handed;
  }

  @Override
  public void send(Payload payload) {
    handed++;
    if (json == null) {
      json = new JsonSerializerImpl();
      truncator = new PayloadTruncator(json);
    }
    String body = json.toJson(payload);
    if (PayloadTruncator.sizeInBytes(body) > MAX_PAYLOAD_BYTES) {
      PayloadTruncator.PayloadTruncationResult result = truncator.truncate(payload, MAX_PAYLOAD_BYTES);
      truncated.incrementAndGet();
      if (result.finalSize > MAX_PAYLOAD_BYTES) {
        // every truncation strategy ran; what is left Rollbar would reject
        AgentLog.warnOnce(
            "rollbar.oversize",
            "rollbar: an item is still " + result.finalSize + " bytes after truncation; dropped",
            null);
        rejected.add(standingFor);
        return;
      }
      body = result.getPayload().json;
    }
    deliver(body.getBytes(StandardCharsets.UTF_8));
  }

  void deliver(byte[] body) {
    int failures = 0;
    while (true) {
      if (!waitUntil(pausedUntil)) {
        droppedAtDeadline.add(standingFor);
        return;
      }
      Duration t = timeoutWithinDeadline();
      if (t == null) {
        droppedAtDeadline.add(standingFor);
        return;
      }
      Transport.Outcome outcome = transport.deliver(body, t);
      switch (outcome.kind) {
        case SENT:
          sent.add(standingFor);
          pausedUntil = outcome.waitMillis > 0 ? clock.nanoTime() + outcome.waitMillis * 1_000_000 : 0;
          if (failing) {
            failing = false;
            AgentLog.info("rollbar: " + transport.describe() + " answers again; sending what waited, oldest first");
          }
          AgentLog.resetOnce("rollbar.send");
          AgentLog.resetOnce("rollbar.429");
          return;
        case RATE_LIMITED:
          pausedUntil = clock.nanoTime() + outcome.waitMillis * 1_000_000;
          AgentLog.warnOnce(
              "rollbar.429",
              "rollbar: Rollbar answered " + outcome.detail + "; sending again in " + outcome.waitMillis / 1000
                  + " s (X-Rate-Limit-Remaining-Seconds)",
              null);
          break;
        case TRANSIENT:
          long retry = retryDelayMillis(++failures);
          failing = true;
          AgentLog.warnOnce(
              "rollbar.send",
              "rollbar: could not send an item to " + transport.describe() + ": " + outcome.detail
                  + "; trying again with back-off (up to " + MAX_RETRY_MILLIS / 1000 + " s apart) while items wait"
                  + " in the queue (" + RollbarSettings.QUEUE_SIZE.key() + "); no more messages until it answers",
              null);
          pausedUntil = clock.nanoTime() + retry * 1_000_000;
          break;
        case NOT_WRITTEN_LOCALLY:
          return;
        default:
          AgentLog.warnOnce(
              "rollbar.rejected." + outcome.detail.split(" ", 2)[0],
              "rollbar: Rollbar rejected an item: " + outcome.detail,
              null);
          rejected.add(standingFor);
          return;
      }
    }
  }

  /** The wait before retry number {@code failures} (1, 2, …): 1 s, 2 s, 4 s … at most 30 s. */
  static long retryDelayMillis(int failures) {
    return Math.min(MAX_RETRY_MILLIS, FIRST_RETRY_MILLIS << Math.min(failures - 1, 20));
  }

  /** Sleeps until {@code untilNanos}; false when the deadline comes first. */
  private boolean waitUntil(long untilNanos) {
    if (untilNanos == 0) {
      return true;
    }
    while (true) {
      long now = clock.nanoTime();
      if (now - untilNanos >= 0) {
        return true;
      }
      if (deadlineSet && untilNanos - deadline > 0) {
        return false;
      }
      try {
        clock.sleep(Math.min(SLEEP_SLICE_MILLIS, Math.max(1, (untilNanos - now) / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  /** The configured timeout, shortened to what is left before the deadline; null when nothing is left. */
  private Duration timeoutWithinDeadline() {
    if (!deadlineSet) {
      return timeout;
    }
    long left = (deadline - clock.nanoTime()) / 1_000_000;
    if (left <= 0) {
      return null;
    }
    return left < timeout.toMillis() ? Duration.ofMillis(left) : timeout;
  }

  @Override
  public void addListener(SenderListener listener) {
    // Quartet counts outcomes itself; rollbar-java's listeners are not used
  }

  @Override
  public List<SenderListener> getListeners() {
    return Collections.emptyList();
  }

  @Override
  public void close(boolean wait) {
    transport.close();
  }

  @Override
  public void close() {
    transport.close();
  }
}
