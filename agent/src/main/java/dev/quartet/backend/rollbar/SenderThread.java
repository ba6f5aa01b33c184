package dev.quartet.backend.rollbar;

import dev.quartet.core.AgentLog;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The Rollbar backend's one daemon thread and its bounded queue. App threads only {@link #offer} occurrences (a
 * full queue drops them, counted); this thread builds each item with rollbar-java and sends it, sends storm
 * summaries as their minute ends, and on {@link #drain} sends what is left until the deadline.
 */
final class SenderThread implements Runnable {
  static final long SWEEP_MILLIS = 1000;
  private static final Occurrence WAKE_UP = new Occurrence();

  private final BlockingQueue<Occurrence> queue;
  private final StormCap storm;
  private final RollbarSender sender;
  private final Supplier<RollbarItems> itemsFactory;
  private final Thread thread;
  private RollbarItems items;
  private volatile boolean closing;
  private volatile boolean busy;

  final RollbarSender.Tally buildFailures = new RollbarSender.Tally();

  SenderThread(int queueSize, StormCap storm, RollbarSender sender, Supplier<RollbarItems> itemsFactory) {
    this.queue = new ArrayBlockingQueue<>(queueSize);
    this.storm = storm;
    this.sender = sender;
    this.itemsFactory = itemsFactory;
    this.thread = new Thread(this, RollbarBackend.THREAD_NAME);
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** From an app thread: never blocks; false when the queue is full. */
  boolean offer(Occurrence o) {
    return queue.offer(o);
  }

  /** Occurrences not handled yet: queued, plus the one being sent. */
  int pending() {
    return queue.size() + (busy ? 1 : 0);
  }

  @Override
  public void run() {
    while (true) {
      Occurrence next;
      try {
        next = queue.poll(SWEEP_MILLIS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (next != null && next != WAKE_UP) {
        report(next);
      }
      for (Occurrence summary : storm.drainEnded(System.nanoTime())) {
        report(summary);
      }
      if (closing && queue.isEmpty()) {
        for (Occurrence summary : storm.drainAll()) {
          report(summary);
        }
        sender.close();
        return;
      }
    }
  }

  private void report(Occurrence o) {
    long standingFor = 1L + o.suppressed;
    if (sender.pastDeadline()) {
      sender.droppedAtDeadline(standingFor); // only counted: building it would take time the JVM no longer has
      return;
    }
    busy = true;
    try {
      if (items == null) {
        items = itemsFactory.get();
      }
      int handed = sender.handed();
      sender.standingFor(standingFor);
      items.report(o);
      if (sender.handed() == handed) {
        // Rollbar.log swallows its own failures (into its no-op logger): notice them here
        buildFailures.add(standingFor);
        AgentLog.warnOnce("rollbar.build", "rollbar: rollbar-java could not build an item; dropped", null);
      }
    } catch (Throwable t) {
      buildFailures.add(standingFor);
      AgentLog.warnOnce("rollbar.build", "rollbar: could not build an item; dropped", t);
    } finally {
      busy = false;
    }
  }

  /**
   * Sends what is queued (and the storm summaries) until {@code timeout} has passed, then counts what is left as
   * dropped; true when the thread is done (so every count is final) within {@code timeout} + {@code grace}. Items
   * that arrive meanwhile are still taken.
   */
  boolean drain(Duration timeout, Duration grace) {
    long deadline = System.nanoTime() + timeout.toNanos();
    sender.deadline(deadline);
    closing = true;
    queue.offer(WAKE_UP);
    try {
      // past the deadline the thread only counts what is left (no building, no sending): the grace is for that
      thread.join(Math.max(1, timeout.toMillis() + grace.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !thread.isAlive();
  }
}
