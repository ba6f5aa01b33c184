package dev.quartet.core;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * What a backend keeps of requests that ended before its SDK was ready ({@link BackgroundStart}), to record them once
 * it is, with their own times. An app behind a load balancer gets full traffic the moment it is healthy, while the
 * SDK may still be loading: {@link #MAX} is sized for seconds of such a burst (a kept request is its captured fields,
 * about 1 KB); beyond it requests are dropped, counted and reported in one line.
 *
 * <p>The SDK's start thread records what was kept ({@link #handOver}), in batches that let the SDK's own bounded queue
 * empty in between, so that a burst recorded at once does not overflow it. App threads never record the backlog: once
 * the SDK is ready they record their own request directly, and only a request kept while the hand-over finished is
 * recorded by its own thread.
 */
public final class EarlyRequests<E> {
  public static final int MAX = 10_000;
  /** Recorded between two waits for the SDK's queue: a quarter of the smallest default queue (2048). */
  public static final int BATCH = 512;

  private final String backend;
  private final Queue<E> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong droppedSpans = new AtomicLong();
  /** Kept in all, and the most waiting at once (the debug line of {@link #handOver}: how large a start-up burst was). */
  private final AtomicLong keptTotal = new AtomicLong();
  private final AtomicInteger mostWaiting = new AtomicInteger();
  /** Drains running now: one may hold requests it has taken from the queue and not recorded yet. */
  private final AtomicInteger draining = new AtomicInteger();
  private volatile boolean handedOver;

  public EarlyRequests(String backend) {
    this.backend = backend;
  }

  /** Where the method spans and outgoing calls of {@code root}, a tree that starts early, are kept. */
  public EarlySpans spansOf(Span root) {
    return new EarlySpans(backend, root, droppedSpans);
  }

  /**
   * Records {@code e} with the SDK at once when it is ready; else keeps it and asks for the SDK, whose start then
   * records what was kept ({@link #handOver}).
   */
  public <T> void recordWhenReady(E e, BackgroundStart<T> sdk, BiConsumer<T, E> record) {
    T ready = sdk.get();
    if (ready != null) {
      record.accept(ready, e);
      return;
    }
    sdk.requestNow();
    if (keep(e) && handedOver) {
      T now = sdk.get(); // set before the hand-over began; its last drain may have passed before e was kept
      drain(kept -> record.accept(now, kept), () -> { });
    }
  }

  /**
   * On the SDK's start thread, once {@link BackgroundStart#get()} returns it: records everything kept, calling
   * {@code betweenBatches} after every {@link #BATCH} (to wait until the SDK's queue has room).
   */
  public void handOver(Consumer<E> record, Runnable betweenBatches) {
    drain(record, betweenBatches);
    handedOver = true;
    drain(record, betweenBatches); // those kept while the first drain ran out
    if (AgentLog.isDebug() && keptTotal.get() > 0) {
      AgentLog.debug(backend + ": " + keptTotal.get() + " requests ended before the SDK was ready ("
          + mostWaiting.get() + " waiting at most at once); recorded now");
    }
  }

  /**
   * At shutdown: the SDK with everything kept recorded (waiting at most {@code timeout} for it to load), or null
   * when there is none, without loading it when nothing was kept. Reports in one line what could not be recorded.
   */
  public <T> T shutdown(
      BackgroundStart<T> sdk, Duration timeout, BiConsumer<T, E> record, Consumer<T> betweenBatches) {
    long deadline = System.nanoTime() + timeout.toNanos();
    T ready = sdk.get();
    if (ready == null && isEmpty()) {
      sdk.cancel();
      reportLost(false);
      return null;
    }
    if (ready == null) {
      ready = sdk.await(timeout);
    }
    if (ready != null) {
      T now = ready;
      drain(kept -> record.accept(now, kept), () -> betweenBatches.accept(now));
      // The start thread's hand-over may still be recording what it took from the queue: the caller shuts the SDK
      // down next, and a span ended after that would be lost.
      while (draining.get() > 0 && System.nanoTime() - deadline < 0) {
        LockSupport.parkNanos(1_000_000);
      }
    }
    reportLost(ready == null);
    return ready;
  }

  private void reportLost(boolean notReady) {
    long overBound = dropped.get();
    long waiting = size.get();
    long spans = droppedSpans.get();
    if (spans > 0) {
      AgentLog.warn(backend + ": " + spans + " method spans and calls of requests that ended before the SDK was ready"
          + " were not recorded (more than " + EarlySpans.MAX + " in one request)");
    }
    if (overBound + waiting == 0) {
      return;
    }
    StringBuilder why = new StringBuilder();
    if (overBound > 0) {
      why.append(overBound).append(" because more than ").append(MAX).append(" were waiting");
    }
    if (waiting > 0) {
      why.append(why.length() > 0 ? ", " : "").append(waiting)
          .append(notReady ? " because the SDK was not ready within the shutdown timeout" : " still waiting");
    }
    AgentLog.warn(backend + ": " + (overBound + waiting) + " requests that ended before the SDK was ready were not"
        + " recorded (" + why + ")");
  }

  /** Keeps {@code e}; false (and counted) when {@link #MAX} are kept already. */
  public boolean keep(E e) {
    if (size.incrementAndGet() > MAX) {
      size.decrementAndGet();
      dropped.incrementAndGet();
      AgentLog.warnOnce(backend + ".early", backend + ": more than " + MAX
          + " requests ended before the SDK was ready; the others are dropped (counted at shutdown)", null);
      return false;
    }
    queue.offer(e);
    keptTotal.incrementAndGet();
    mostWaiting.accumulateAndGet(size.get(), Math::max);
    return true;
  }

  /** Hands each kept one to {@code record}, once; any thread may call it, at the same time as others. */
  private void drain(Consumer<E> record, Runnable betweenBatches) {
    draining.incrementAndGet();
    try {
      drainNow(record, betweenBatches);
    } finally {
      draining.decrementAndGet();
    }
  }

  private void drainNow(Consumer<E> record, Runnable betweenBatches) {
    int inBatch = 0;
    for (E e; (e = queue.poll()) != null; ) {
      size.decrementAndGet();
      try {
        record.accept(e);
      } catch (Throwable t) {
        AgentLog.warnOnce(backend + ".early.record", backend + ": failed to record a request", t);
      }
      if (++inBatch == BATCH) {
        inBatch = 0;
        try {
          betweenBatches.run();
        } catch (Throwable t) {
          AgentLog.warnOnce(backend + ".early.wait", backend + ": failed to wait for the SDK's queue", t);
        }
      }
    }
  }

  /** Kept and not recorded yet. */
  public int waiting() {
    return size.get();
  }

  public boolean isEmpty() {
    return size.get() == 0;
  }

  /** Dropped because too many waited, plus those still waiting. */
  public long lost() {
    return dropped.get() + size.get();
  }
}
