package dev.quartet.backend.cloudwatch;

import dev.quartet.core.LogEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The bounded hand-over from app threads to the sender thread. {@link #offer} never blocks and never fails: when
 * the queue is over its event count (or its memory bound), the oldest TRACE/DEBUG/INFO event is dropped, and only
 * when none is left the oldest WARN/ERROR; every drop is counted by level. Lock-free, so a logging thread never
 * waits for the sender.
 */
final class LogQueue {
  /** Events (and their text) held at most, whatever the configured count: a burst of huge messages stays bounded. */
  static final long MAX_CHARS = 32L * 1024 * 1024;

  private final int capacity;
  private final long maxChars;
  private final int wakeThreshold;
  private final Runnable wakeSender;
  private final ConcurrentLinkedDeque<PendingEvent> low = new ConcurrentLinkedDeque<>();
  private final ConcurrentLinkedDeque<PendingEvent> high = new ConcurrentLinkedDeque<>();
  private final AtomicInteger size = new AtomicInteger();
  private final AtomicLong chars = new AtomicLong();
  private final AtomicLongArray droppedByLevel = new AtomicLongArray(LogEvent.Level.values().length);

  /**
   * @param wakeThreshold queued events at which {@code wakeSender} runs, so that a full batch leaves at once
   *     instead of waiting for the send interval
   */
  LogQueue(int capacity, long maxChars, int wakeThreshold, Runnable wakeSender) {
    this.capacity = capacity;
    this.maxChars = maxChars;
    this.wakeThreshold = Math.min(wakeThreshold, Math.max(1, capacity / 2));
    this.wakeSender = wakeSender;
  }

  int capacity() {
    return capacity;
  }

  /** Queued events at which the sender is woken before its interval is over. */
  int wakeThreshold() {
    return wakeThreshold;
  }

  void offer(PendingEvent e) {
    (e.isLowPriority() ? low : high).addLast(e);
    chars.addAndGet(e.weight());
    int n = size.incrementAndGet();
    while (size.get() > capacity || chars.get() > maxChars) {
      if (!dropOldest()) {
        break;
      }
    }
    if (n == wakeThreshold) {
      wakeSender.run();
    }
  }

  private boolean dropOldest() {
    PendingEvent victim = low.pollFirst();
    if (victim == null) {
      victim = high.pollFirst();
    }
    if (victim == null) {
      return false;
    }
    taken(victim);
    droppedByLevel.incrementAndGet(victim.level.ordinal());
    return true;
  }

  private void taken(PendingEvent e) {
    size.decrementAndGet();
    chars.addAndGet(-e.weight());
  }

  /**
   * Takes up to {@code max} of the events queued now, oldest first across both priorities. Only those counted when it
   * starts: while app threads keep logging, a drain that took whatever arrived meanwhile could keep taking, and the
   * batch in flight would outgrow the queue's bound (the queue plus one batch is what may wait in memory).
   */
  List<PendingEvent> drain(int max) {
    int limit = Math.min(max, Math.max(0, size.get()));
    List<PendingEvent> out = new ArrayList<>(Math.min(limit, 1024));
    while (out.size() < limit) {
      PendingEvent l = low.peekFirst();
      PendingEvent h = high.peekFirst();
      if (l == null && h == null) {
        break;
      }
      ConcurrentLinkedDeque<PendingEvent> from =
          h == null || (l != null && l.epochMillis <= h.epochMillis) ? low : high;
      PendingEvent e = from.pollFirst();
      if (e == null) {
        continue; // taken by a concurrent drop; look again
      }
      taken(e);
      out.add(e);
    }
    return out;
  }

  int size() {
    return Math.max(0, size.get());
  }

  boolean isEmpty() {
    return low.isEmpty() && high.isEmpty();
  }

  /** Dropped because the queue was full, by {@link LogEvent.Level} ordinal. */
  long[] dropped() {
    long[] out = new long[droppedByLevel.length()];
    for (int i = 0; i < out.length; i++) {
      out[i] = droppedByLevel.get(i);
    }
    return out;
  }

  long droppedTotal() {
    long total = 0;
    for (long n : dropped()) {
      total += n;
    }
    return total;
  }
}
