package dev.quartet.backend.cloudwatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quartet.core.LogEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LogQueueTest {
  static PendingEvent event(LogEvent.Level level, String message, long time) {
    return PendingEvent.of(new LogEvent("jul", time, level, level.name(), "l", "t", message, null, null));
  }

  static List<String> messages(List<PendingEvent> events) {
    List<String> out = new ArrayList<>();
    events.forEach(e -> out.add(e.message));
    return out;
  }

  @Test
  void fullQueueDropsOldestInfoBeforeAnyWarning() {
    LogQueue q = new LogQueue(3, LogQueue.MAX_CHARS, 10_000, () -> {});
    q.offer(event(LogEvent.Level.INFO, "i1", 1));
    q.offer(event(LogEvent.Level.ERROR, "e1", 2));
    q.offer(event(LogEvent.Level.DEBUG, "d1", 3));
    q.offer(event(LogEvent.Level.WARN, "w1", 4)); // drops i1
    q.offer(event(LogEvent.Level.INFO, "i2", 5)); // drops d1
    assertEquals(3, q.size());
    assertEquals(List.of("e1", "w1", "i2"), messages(q.drain(10)));
    long[] dropped = q.dropped();
    assertEquals(1, dropped[LogEvent.Level.INFO.ordinal()]);
    assertEquals(1, dropped[LogEvent.Level.DEBUG.ordinal()]);
    assertEquals(2, q.droppedTotal());
  }

  @Test
  void withOnlyWarningsTheOldestWarningGoes() {
    LogQueue q = new LogQueue(2, LogQueue.MAX_CHARS, 10_000, () -> {});
    q.offer(event(LogEvent.Level.ERROR, "e1", 1));
    q.offer(event(LogEvent.Level.ERROR, "e2", 2));
    q.offer(event(LogEvent.Level.WARN, "w3", 3));
    assertEquals(List.of("e2", "w3"), messages(q.drain(10)));
    assertEquals(1, q.dropped()[LogEvent.Level.ERROR.ordinal()]);
  }

  @Test
  void drainTakesOldestFirstAcrossPriorities() {
    LogQueue q = new LogQueue(10, LogQueue.MAX_CHARS, 10_000, () -> {});
    q.offer(event(LogEvent.Level.INFO, "i5", 5));
    q.offer(event(LogEvent.Level.ERROR, "e1", 1));
    q.offer(event(LogEvent.Level.INFO, "i7", 7));
    q.offer(event(LogEvent.Level.WARN, "w6", 6));
    assertEquals(List.of("e1", "i5"), messages(q.drain(2)));
    assertEquals(List.of("w6", "i7"), messages(q.drain(2)));
    assertTrue(q.isEmpty());
  }

  @Test
  void memoryBoundDropsToo() {
    LogQueue q = new LogQueue(1_000, 10 * (64 + 100), 10_000, () -> {});
    for (int i = 0; i < 20; i++) {
      q.offer(event(LogEvent.Level.INFO, "x".repeat(100), i));
    }
    assertEquals(10, q.size());
    assertEquals(10, q.droppedTotal());
  }

  @Test
  void aBatchWorthWakesTheSenderOnce() {
    AtomicInteger wakes = new AtomicInteger();
    LogQueue q = new LogQueue(100_000, LogQueue.MAX_CHARS, 10_000, wakes::incrementAndGet);
    for (int i = 0; i < 25_000; i++) {
      q.offer(event(LogEvent.Level.INFO, "m", i));
    }
    assertEquals(1, wakes.get());
  }

  @Test
  void concurrentLoggersNeverExceedTheBoundAndEveryEventIsAccountedFor() throws Exception {
    LogQueue q = new LogQueue(500, LogQueue.MAX_CHARS, 10_000, () -> {});
    List<Thread> threads = new ArrayList<>();
    AtomicInteger drained = new AtomicInteger();
    Thread consumer = new Thread(() -> {
      for (int i = 0; i < 200; i++) {
        drained.addAndGet(q.drain(50).size());
      }
    });
    for (int t = 0; t < 4; t++) {
      threads.add(new Thread(() -> {
        for (int i = 0; i < 20_000; i++) {
          q.offer(event(i % 10 == 0 ? LogEvent.Level.ERROR : LogEvent.Level.INFO, "m", i));
        }
      }));
    }
    threads.forEach(Thread::start);
    consumer.start();
    for (Thread t : threads) {
      t.join();
    }
    consumer.join();
    assertTrue(q.size() <= 500, "bounded: " + q.size());
    drained.addAndGet(q.drain(Integer.MAX_VALUE).size());
    assertEquals(80_000, drained.get() + q.droppedTotal(), "each event drained or counted as dropped");
  }

  @Test
  void hugeMessagesAreCutInTheQueue() {
    PendingEvent e = event(LogEvent.Level.INFO, "x".repeat(2_000_000), 1);
    assertEquals(PendingEvent.MAX_QUEUED_MESSAGE_CHARS, e.message.length());
    assertEquals(2_000_000, e.originalMessageChars);
  }
}
