package dev.quartet.core;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * What a backend keeps of requests that ended before its SDK was ready ({@link BackgroundStart}), to record them once
 * it is, with their own times: at most {@link #MAX} of them; beyond that they are dropped and counted.
 */
public final class EarlyRequests<E> {
  public static final int MAX = 1000;

  private final String backend;
  private final Queue<E> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();
  private final AtomicLong dropped = new AtomicLong();

  public EarlyRequests(String backend) {
    this.backend = backend;
  }

  /**
   * Records {@code e} with the SDK at once when it is ready; else keeps it and asks for the SDK, whose start then
   * records what was kept ({@link #drain}).
   */
  public <T> void recordWhenReady(E e, BackgroundStart<T> sdk, BiConsumer<T, E> record) {
    T ready = sdk.get();
    if (ready != null) {
      record.accept(ready, e);
      return;
    }
    sdk.requestNow();
    if (keep(e) && (ready = sdk.get()) != null) {
      T now = ready;
      drain(kept -> record.accept(now, kept)); // ready meanwhile: its start may have drained before e was kept
    }
  }

  /**
   * At shutdown: the SDK with everything kept recorded (waiting at most {@code timeout} for it to load), or null
   * when there is none, without loading it when nothing was kept. Reports what could not be recorded.
   */
  public <T> T shutdown(BackgroundStart<T> sdk, Duration timeout, BiConsumer<T, E> record) {
    T ready = sdk.get();
    if (ready == null && isEmpty()) {
      sdk.cancel();
      return null;
    }
    if (ready == null) {
      ready = sdk.await(timeout);
    }
    if (ready != null) {
      T now = ready;
      drain(kept -> record.accept(now, kept));
    }
    if (lost() > 0) {
      AgentLog.warn(backend + ": " + lost() + " requests that ended before the SDK was ready were not recorded");
    }
    return ready;
  }

  /** Keeps {@code e}; false (and counted) when {@link #MAX} are kept already. */
  public boolean keep(E e) {
    if (size.incrementAndGet() > MAX) {
      size.decrementAndGet();
      dropped.incrementAndGet();
      AgentLog.warnOnce(backend + ".early", backend + ": more than " + MAX
          + " requests ended before the SDK was ready; the others are not recorded", null);
      return false;
    }
    queue.offer(e);
    return true;
  }

  /** Hands each kept one to {@code record}, once; any thread may call it, at the same time as others. */
  public void drain(Consumer<E> record) {
    for (E e; (e = queue.poll()) != null; ) {
      size.decrementAndGet();
      try {
        record.accept(e);
      } catch (Throwable t) {
        AgentLog.warnOnce(backend + ".early.record", backend + ": failed to record a request", t);
      }
    }
  }

  public boolean isEmpty() {
    return size.get() == 0;
  }

  /** Dropped because too many waited, plus those still waiting. */
  public long lost() {
    return dropped.get() + size.get();
  }
}
