package dev.quartet.backend.xray;

import com.amazonaws.xray.emitters.Emitter;
import com.amazonaws.xray.entities.Entity;
import com.amazonaws.xray.entities.Segment;
import com.amazonaws.xray.entities.Subsegment;
import dev.quartet.core.AgentLog;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The X-Ray SDK's emitter interface with a bounded queue and one daemon thread behind it: app threads only enqueue
 * finished segments (and subsegments the SDK's streaming strategy sends ahead); the thread serialises them, splits
 * them into documents that fit a datagram ({@link SegmentDocuments}) and hands them to every sink. A full queue
 * drops and counts; shutdown sends what is queued, within its deadline.
 *
 * <p>The thread takes what is queued in batches, every {@link #BATCH_WAIT_NANOS} or as soon as {@link #WAKE_AT} are
 * waiting, rather than being woken for each segment: a wake-up per request cost the app thread a futex call and
 * the emitter a context switch, more than serialising and sending the segment. The daemon batches for about a second
 * anyway, so a segment waits no longer to reach X-Ray than before.
 */
final class SegmentEmitter extends Emitter {
  static final int QUEUE_CAPACITY = 2048;
  private static final Object STOP = new Object();
  /** Longest a queued segment waits for the emitter thread when little is queued. */
  static final long BATCH_WAIT_NANOS = 50_000_000L;
  /**
   * Queued entities that wake the emitter thread at once: few enough that the datagrams it then sends back to back
   * fit the daemon's receive buffer (sending in bursts once lost 7% of them) and that the queue keeps nearly all its
   * room, enough that a busy app wakes it once per 16 requests rather than once per request.
   */
  static final int WAKE_AT = 16;
  /** Most entities taken from the queue at once. */
  private static final int BATCH = 512;

  private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY + 1);
  private final List<DocumentSink> sinks;
  private final SegmentDocuments documents;
  private final Thread thread;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong sent = new AtomicLong();
  private volatile boolean stopping;
  /** Whether the emitter thread is (about to be) parked: only then does a producer wake it. */
  private volatile boolean parked;
  /** Taken from the queue in the current batch and not written yet: still pending for {@link #queued()}. */
  private volatile int unwritten;

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
    if (stopping || queue.size() >= QUEUE_CAPACITY || !queue.offer(entity)) {
      dropped.incrementAndGet();
      AgentLog.warnOnce(
          "xray.queue.full",
          "xray: " + QUEUE_CAPACITY + " segments are waiting to be sent; further segments are dropped and counted",
          null);
      return false;
    }
    if (parked && queue.size() >= WAKE_AT) {
      LockSupport.unpark(thread);
    }
    return true;
  }

  /** Waits at most {@code max} until the queue has room for {@code entities} more. */
  void awaitRoom(int entities, Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    while (queue.size() > QUEUE_CAPACITY - entities && thread.isAlive() && System.nanoTime() - deadline < 0) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Segments and subsegments waiting to be written. */
  int queued() {
    return (int) queue.stream().filter(o -> o != STOP).count() + unwritten;
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
    List<Object> batch = new ArrayList<>(BATCH);
    try {
      while (true) {
        batch.clear();
        queue.drainTo(batch, BATCH);
        if (batch.isEmpty()) {
          flushSinks();
          parked = true;
          if (queue.size() < WAKE_AT) { // checked after announcing it: a producer that missed the flag is seen here
            LockSupport.parkNanos(this, BATCH_WAIT_NANOS);
          }
          parked = false;
          if (Thread.interrupted()) {
            return; // shutdown gave up waiting
          }
          continue;
        }
        unwritten = batch.size();
        for (int i = 0; i < batch.size(); i++) {
          if (batch.get(i) == STOP) {
            unwritten = batch.size() - i - 1; // raced past the shutdown: counted as dropped
            return;
          }
          write((Entity) batch.get(i));
          unwritten--;
        }
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
    queue.offer(STOP);
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
    dropped.addAndGet(queued());
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
