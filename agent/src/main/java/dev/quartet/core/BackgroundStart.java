package dev.quartet.core;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * A backend's SDK made on a daemon thread of its own while the app starts, instead of in the agent's premain, where
 * every millisecond delays the app's first request. Loading an SDK costs hundreds of classes (the OpenTelemetry SDK's
 * autoconfigure, the X-Ray SDK and Jackson): on a machine with a spare core that work now overlaps the app's own
 * start. Until it is ready, {@link #get()} is null and the backend records nothing or keeps what it must replay.
 */
public final class BackgroundStart<T> {
  private final Thread thread;
  private volatile T value;

  /** Starts {@code load} on a daemon thread {@code quartet-<backend>-start}. */
  public BackgroundStart(String backend, Callable<T> load) {
    this(backend, load, ready -> { });
  }

  /**
   * Starts {@code load} on a daemon thread {@code quartet-<backend>-start}, whose context class loader is Quartet's
   * own (libraries that look up services or Jackson modules through it must not see the app's). {@code onReady} runs
   * on that thread right after {@link #get()} starts returning the value; a failure is reported once.
   */
  public BackgroundStart(String backend, Callable<T> load, java.util.function.Consumer<T> onReady) {
    thread =
        new Thread(
            () -> {
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
                AgentLog.error(backend + ": could not start, nothing is recorded: " + t, t);
              }
            },
            "quartet-" + backend + "-start");
    thread.setContextClassLoader(BackgroundStart.class.getClassLoader());
    thread.setDaemon(true);
    thread.start();
  }

  /** The SDK, or null while it is being made (or when it could not be). */
  public T get() {
    return value;
  }

  /** Waits at most {@code timeout} for the start to finish; the SDK, or null when it is not (yet) there. */
  public T await(Duration timeout) {
    try {
      thread.join(Math.max(1, timeout.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return value;
  }
}
