package dev.quartet.core;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A backend's SDK, made on a daemon thread of its own when the app first needs it rather than in the agent's premain.
 * Loading an SDK costs hundreds of classes and their compilation (the OpenTelemetry SDK's autoconfigure, the X-Ray SDK
 * and Jackson: about a second of CPU); on a small machine, doing that while the app starts delays the app's start by
 * as much. So the thread waits until the backend asks for the SDK ({@link #requestNow()}: when the first request
 * ends, typically a readiness probe) or until {@link #LATEST} has passed, whichever comes first. Until it is ready,
 * {@link #get()} is null and the backend keeps what it must record later ({@link EarlyRequests}).
 */
public final class BackgroundStart<T> {
  /** At the latest this long after the agent starts, the SDK loads even if nothing asked for it. */
  public static final Duration LATEST = Duration.ofSeconds(5);

  /** {@link #LATEST}, or {@code quartet.sdk-load.latest} once the agent has read it ({@link #loadAtTheLatest}). */
  private static volatile Duration latest = LATEST;

  /** Set once by the agent's start, before any backend is made. */
  public static void loadAtTheLatest(Duration after) {
    latest = after;
  }

  private final Thread thread;
  private final CountDownLatch wanted = new CountDownLatch(1);
  private volatile boolean cancelled;
  private volatile T value;

  /**
   * Loads with {@code load} on a daemon thread {@code quartet-<backend>-start}, whose context class loader is
   * Quartet's own (libraries that look up services or Jackson modules through it must not see the app's), when
   * {@link #requestNow()} is called or {@link #LATEST} has passed. {@code onReady} runs on that thread right after
   * {@link #get()} starts returning the value; a failure is reported once.
   */
  public BackgroundStart(String backend, Callable<T> load, Consumer<T> onReady) {
    thread =
        new Thread(
            () -> {
              try {
                wanted.await(latest.toMillis(), TimeUnit.MILLISECONDS);
              } catch (InterruptedException e) {
                return;
              }
              if (cancelled) {
                return;
              }
              long started = System.nanoTime();
              try {
                T loaded = load.call();
                if (loaded == null) {
                  return;
                }
                value = loaded;
                AgentLog.debug(backend + ": ready in " + (System.nanoTime() - started) / 1_000_000 + " ms");
                onReady.accept(loaded);
              } catch (Throwable t) {
                AgentLog.error(backend + ": could not start, nothing is recorded: " + Throwables.userMessage(t), null);
                AgentLog.debug(backend + ": start failure: " + t);
              }
            },
            "quartet-" + backend + "-start");
    thread.setContextClassLoader(BackgroundStart.class.getClassLoader());
    thread.setDaemon(true);
    thread.start();
  }

  /** The app needs the SDK now: load it at once if it is not loading yet. Cheap; call it as often as needed. */
  public void requestNow() {
    wanted.countDown();
  }

  /** The SDK, or null while it is not made (yet, or at all). */
  public T get() {
    return value;
  }

  /** Loads the SDK now if it is not loaded, and waits at most {@code timeout}; the SDK, or null. */
  public T await(Duration timeout) {
    requestNow();
    try {
      thread.join(Math.max(1, timeout.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return value;
  }

  /** Never loads the SDK if it has not started loading: at shutdown, when nothing waits for it. */
  public void cancel() {
    cancelled = true;
    requestNow();
  }
}
