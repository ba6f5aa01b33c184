package dev.quartet.backend.cloudwatch;

import dev.quartet.core.AgentLog;
import dev.quartet.core.LogEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The one daemon thread that empties the queue: every send interval (at once when a full batch is waiting) it takes
 * up to 10,000 events, formats them, and hands them to the destination, which retries until they are delivered.
 * At shutdown it sends what is queued until the deadline, then reports what was lost, by cause, in one line.
 */
final class LogSender implements LogDestination.Pacer {
  static final String THREAD_NAME = "quartet-cloudwatch-sender";
  private static final long DROP_REPORT_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
  /** Until the destination is ready, the sender looks this often whether there is anything to get it ready for. */
  private static final long PREPARE_POLL_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final LogQueue queue;
  private final EventFormatter formatter;
  private final Supplier<StreamNames> streamNames;
  private final Supplier<LogDestination> destinations;
  private final long intervalNanos;
  private final Thread thread;
  private final CountDownLatch done = new CountDownLatch(1);

  private volatile boolean stopping;
  private volatile long deadline;
  private volatile int inFlight;
  private volatile long sent;
  private volatile long rejected;
  private volatile long unsent;

  private StreamNames streams;
  private LogDestination destination;
  private long droppedReported;
  private long lastDropReport;

  LogSender(
      LogQueue queue,
      EventFormatter formatter,
      Supplier<StreamNames> streamNames,
      Supplier<LogDestination> destinations,
      Duration interval) {
    this.queue = queue;
    this.formatter = formatter;
    this.streamNames = streamNames;
    this.destinations = destinations;
    this.intervalNanos = Math.max(1, interval.toNanos());
    this.thread = new Thread(this::run, THREAD_NAME);
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  Thread thread() {
    return thread;
  }

  /** Called by the queue when a batch's worth is waiting. */
  void wake() {
    LockSupport.unpark(thread);
  }

  private void run() {
    try {
      long nextSend = System.nanoTime() + intervalNanos;
      while (true) {
        boolean stop = stopping;
        boolean batchWaiting = queue.size() >= queue.wakeThreshold();
        if (!stop && !batchWaiting && System.nanoTime() - nextSend < 0) {
          if (destination == null && !queue.isEmpty()) {
            prepare();
            continue;
          }
          long wait = nextSend - System.nanoTime();
          LockSupport.parkNanos(this, destination == null ? Math.min(wait, PREPARE_POLL_NANOS) : wait);
          continue;
        }
        int taken = sendRound();
        reportDrops(false);
        if (stop && (queue.isEmpty() || giveUp())) {
          break;
        }
        if (taken < PutLogEventsBatches.MAX_EVENTS) {
          nextSend = System.nanoTime() + intervalNanos;
        }
      }
    } catch (Throwable t) {
      AgentLog.error("cloudwatch: the sender stopped; log events are no longer shipped", t);
    } finally {
      unsent += queue.size();
      try {
        if (destination != null) {
          destination.close();
        }
      } catch (Throwable ignored) {
        // the JVM is going away
      }
      done.countDown();
    }
  }

  /**
   * Made on the sender thread within a second of the first event, not at start (the hostname lookup and loading
   * the AWS SDK, some hundred classes, must not delay the app's start), and not at the first send either (with a
   * long send interval, that could be the shutdown flush, which has a deadline).
   */
  private void prepare() {
    streams = streamNames.get();
    destination = destinations.get();
    destination.prepare(streams.forEvent(System.currentTimeMillis()));
  }

  /** Sends up to one full batch's worth of events; returns how many it took from the queue. */
  private int sendRound() {
    List<PendingEvent> taken = queue.drain(PutLogEventsBatches.MAX_EVENTS);
    if (taken.isEmpty()) {
      return 0;
    }
    inFlight = taken.size();
    if (destination == null) {
      prepare();
    }
    List<PutLogEventsBatches.Event> events = new ArrayList<>(taken.size());
    int unformattable = 0;
    for (PendingEvent p : taken) {
      try {
        events.add(new PutLogEventsBatches.Event(streams.forEvent(p.epochMillis), p.epochMillis, formatter.format(p)));
      } catch (Throwable t) {
        unformattable++;
        AgentLog.warnOnce("cloudwatch.format", "cloudwatch: could not format a log event; it is dropped", t);
      }
    }
    LogDestination.Outcome o = destination.write(events, this);
    sent += o.sent;
    rejected += o.rejected + unformattable;
    unsent += o.unsent;
    inFlight = 0;
    return taken.size();
  }

  private void reportDrops(boolean force) {
    long dropped = queue.droppedTotal();
    long now = System.nanoTime();
    if (dropped > droppedReported && (force || droppedReported == 0 || now - lastDropReport >= DROP_REPORT_INTERVAL_NANOS)) {
      AgentLog.warn(
          "cloudwatch: queue full ("
              + queue.capacity()
              + " events): dropped "
              + (dropped - droppedReported)
              + " log events"
              + (droppedReported == 0 ? "" : " since the last report")
              + " ("
              + byLevel(queue.dropped())
              + "; oldest DEBUG/INFO first). Raise quartet.cloudwatch.queue-size or the level.");
      droppedReported = dropped;
      lastDropReport = now;
    }
  }

  private static String byLevel(long[] counts) {
    List<String> parts = new ArrayList<>();
    LogEvent.Level[] levels = LogEvent.Level.values();
    for (int i = counts.length - 1; i >= 0; i--) {
      if (counts[i] > 0) {
        parts.add(counts[i] + " " + levels[i]);
      }
    }
    return String.join(", ", parts) + " in total";
  }

  /** Events not delivered yet: queued, plus the batch being sent. */
  int pending() {
    return queue.size() + inFlight;
  }

  @Override
  public boolean giveUp() {
    return stopping && System.nanoTime() - deadline >= 0;
  }

  @Override
  public void pause(Duration delay) {
    reportDrops(false); // an outage is when the queue fills: say so while it lasts, not after
    long until = System.nanoTime() + delay.toNanos();
    while (true) {
      long now = System.nanoTime();
      long end = stopping && deadline - until < 0 ? deadline : until;
      if (now - end >= 0) {
        return;
      }
      LockSupport.parkNanos(this, end - now);
    }
  }

  /**
   * Sends what is queued, for at most {@code timeout}; then reports in one line what could not be delivered. Never
   * waits longer, whatever the network does: the thread is a daemon and the JVM exits without it.
   */
  void shutdown(Duration timeout) {
    // Leave the shutdown hook time to see this return and the summary line time to be printed.
    long margin = Math.min(TimeUnit.MILLISECONDS.toNanos(500), timeout.toNanos() / 5);
    deadline = System.nanoTime() + timeout.toNanos() - margin;
    stopping = true;
    LockSupport.unpark(thread);
    try {
      done.await(Math.max(0, timeout.toNanos() - margin / 2), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    long lost = done.getCount() == 0 ? unsent : unsent + inFlight + queue.size();
    long dropped = queue.droppedTotal();
    if (lost > 0 || dropped > 0 || rejected > 0) {
      AgentLog.warn(
          "cloudwatch: "
              + sent
              + " log events shipped; "
              + (dropped > 0 ? dropped + " dropped (queue full), " : "")
              + (rejected > 0 ? rejected + " refused by the destination, " : "")
              + lost
              + " not sent within the shutdown timeout ("
              + timeout.toMillis()
              + " ms)");
    } else if (AgentLog.isDebug()) {
      AgentLog.debug("cloudwatch: " + sent + " log events shipped");
    }
  }

  long sentCount() {
    return sent;
  }
}
