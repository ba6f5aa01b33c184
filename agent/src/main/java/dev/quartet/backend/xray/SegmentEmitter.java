package dev.quartet.backend.xray;

import com.amazonaws.xray.emitters.Emitter;
import com.amazonaws.xray.entities.Entity;
import com.amazonaws.xray.entities.Segment;
import com.amazonaws.xray.entities.Subsegment;
import dev.quartet.core.AgentLog;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The X-Ray SDK's emitter interface with a bounded queue and one daemon thread behind it: app threads only enqueue
 * finished segments (and subsegments the SDK's streaming strategy sends ahead); the thread serialises them, splits
 * them into documents that fit a datagram ({@link SegmentDocuments}) and hands them to every sink. A full queue
 * drops and counts; shutdown sends what is queued, within its deadline.
 *
 * <p>The queue takes no lock and an app thread wakes the emitter only when {@link #WAKE_AT} segments wait; otherwise
 * the emitter looks every {@link #SEND_INTERVAL_NANOS}. Waking it for each segment (a blocking queue) cost a
 * futex call and a context switch per request.
 */
final class SegmentEmitter extends Emitter {
  static final int QUEUE_CAPACITY = 2048;
  static final int WAKE_AT = 256;
  static final long SEND_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final Queue<Entity> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final List<DocumentSink> sinks;
  private final SegmentDocuments documents;
  private final Thread thread;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong sent = new AtomicLong();
  private volatile boolean stopping;

  SegmentEmitter(List<DocumentSink> sinks, SegmentDocuments documents) {
    this.sinks = sinks;
    this.documents = documents;
    this.thread = new Thread(this::run, "quartet-xray-emitter");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public boolean sendSegment(Segment segment) {
    return enqueue(segment);
  }

  @Override
  public boolean sendSubsegment(Subsegment subsegment) {
    return enqueue(subsegment);
  }

  private boolean enqueue(Entity entity) {
    int waiting = queued.incrementAndGet();
    if (stopping || waiting > QUEUE_CAPACITY) {
      queued.decrementAndGet();
      dropped.incrementAndGet();
      AgentLog.warnOnce(
          "xray.queue.full",
          "xray: " + QUEUE_CAPACITY + " segments are waiting to be sent; further segments are dropped and counted",
          null);
      return false;
    }
    queue.offer(entity);
    if (waiting == WAKE_AT) {
      LockSupport.unpark(thread);
    }
    return true;
  }

  /** Entities dropped because the queue was full, and documents no sink took. */
  long dropped() {
    return dropped.get();
  }

  /** Documents handed to the sinks. */
  long sent() {
    return sent.get();
  }

  private void run() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        Entity next = queue.poll();
        if (next != null) {
          queued.decrementAndGet();
          write(next);
          continue;
        }
        if (stopping) {
          break;
        }
        flushSinks();
        LockSupport.parkNanos(this, SEND_INTERVAL_NANOS);
      }
    } finally {
      flushSinks();
    }
  }

  private void write(Entity entity) {
    List<String> docs;
    try {
      docs = documents.of(entity);
    } catch (Throwable t) {
      dropped.incrementAndGet();
      AgentLog.warnOnce("xray.serialize", "xray: a segment could not be written as a segment document", t);
      return;
    }
    for (DocumentSink sink : sinks) {
      for (String doc : docs) {
        try {
          sink.send(doc);
          sent.incrementAndGet();
        } catch (IOException | RuntimeException e) {
          dropped.incrementAndGet();
          AgentLog.warnOnce(
              "xray.send." + sink.describe(), "xray: cannot send to " + sink.describe() + "; dropped and counted", e);
        }
      }
    }
  }

  private void flushSinks() {
    for (DocumentSink sink : sinks) {
      try {
        sink.flush();
      } catch (IOException | RuntimeException e) {
        AgentLog.warnOnce("xray.flush." + sink.describe(), "xray: cannot write to " + sink.describe(), e);
      }
    }
  }

  /** Sends what is queued, waiting at most {@code timeout}; then closes the sinks. True when nothing was left. */
  boolean shutdown(Duration timeout) {
    stopping = true;
    LockSupport.unpark(thread);
    try {
      thread.join(Math.max(1, timeout.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    boolean done = !thread.isAlive();
    if (!done) {
      thread.interrupt();
      try {
        thread.join(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    dropped.addAndGet(queue.size());
    for (DocumentSink sink : sinks) {
      sink.close();
    }
    long lost = dropped.get();
    if (lost > 0) {
      AgentLog.warn("xray: " + lost + " segment documents were dropped (queue full, unsendable or shut down)");
    }
    return done;
  }

  String describe() {
    StringBuilder b = new StringBuilder();
    for (DocumentSink sink : sinks) {
      if (b.length() > 0) {
        b.append(" + ");
      }
      b.append(sink.describe());
    }
    return b.toString();
  }

  boolean isRunning() {
    return thread.isAlive();
  }
}
