package dev.quartet.backend.cloudwatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quartet.core.LogEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class LogSenderTest {
  /** Records what it is given; optionally keeps failing (an outage) until the shutdown deadline. */
  static final class Recorder implements LogDestination {
    final List<String> written = new CopyOnWriteArrayList<>();
    volatile boolean down;

    @Override
    public String describe() {
      return "recorder";
    }

    @Override
    public Outcome write(List<PutLogEventsBatches.Event> events, Pacer pacer) {
      Outcome o = new Outcome();
      while (down && !pacer.giveUp()) {
        pacer.pause(Duration.ofMillis(50));
      }
      if (down) {
        o.unsent = events.size();
        return o;
      }
      events.forEach(e -> written.add(e.message));
      o.sent = events.size();
      return o;
    }

    @Override
    public void close() {}
  }

  private static LogSender sender(LogQueue[] queue, Recorder r, int capacity, Duration interval) {
    LogSender[] s = new LogSender[1];
    queue[0] = new LogQueue(capacity, LogQueue.MAX_CHARS, PutLogEventsBatches.MAX_EVENTS, () -> s[0].wake());
    s[0] = new LogSender(queue[0], new EventFormatter(EventFormatter.Format.TEXT),
        () -> new StreamNames("s", "svc", "h", 1, Instant.EPOCH), () -> r, interval);
    s[0].start();
    return s[0];
  }

  static PendingEvent event(int i) {
    return LogQueueTest.event(LogEvent.Level.INFO, "m" + i, i);
  }

  @Test
  void halfAFullQueueIsSentWithoutWaitingForTheInterval() throws Exception {
    Recorder r = new Recorder();
    LogQueue[] q = new LogQueue[1];
    LogSender s = sender(q, r, 100, Duration.ofHours(1));
    assertTrue(s.thread().isDaemon());
    for (int i = 0; i < 50; i++) {
      q[0].offer(event(i));
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (r.written.size() < 50 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(50, r.written.size(), "sent long before the hour is over");
    s.shutdown(Duration.ofSeconds(1));
  }

  @Test
  void shutdownFlushesWhatIsQueued() throws InterruptedException {
    Recorder r = new Recorder();
    LogQueue[] q = new LogQueue[1];
    LogSender s = sender(q, r, 1000, Duration.ofHours(1));
    for (int i = 0; i < 10; i++) {
      q[0].offer(event(i));
    }
    s.shutdown(Duration.ofSeconds(10));
    assertEquals(10, r.written.size());
    assertEquals(10, s.sentCount());
    // shutdown returns once the sender has finished its work; the thread itself ends a moment later
    s.thread().join(5_000);
    assertTrue(!s.thread().isAlive(), "the sender thread ended");
  }

  @Test
  void shutdownDuringAnOutageReturnsByTheDeadline() {
    Recorder r = new Recorder();
    r.down = true;
    LogQueue[] q = new LogQueue[1];
    LogSender s = sender(q, r, 1000, Duration.ofMillis(10));
    for (int i = 0; i < 10; i++) {
      q[0].offer(event(i));
    }
    long t0 = System.nanoTime();
    s.shutdown(Duration.ofMillis(500));
    long tookMs = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(tookMs < 5_000, "returned after " + tookMs + " ms");
    assertEquals(0, r.written.size());
  }
}
