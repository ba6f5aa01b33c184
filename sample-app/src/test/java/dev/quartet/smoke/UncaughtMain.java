package dev.quartet.smoke;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Threads that die of an exception, in every way the JDK hands it on: a thread with no handler (its group prints
 * it), a thread with its own handler, the default handler, a pool worker, and finally the main thread itself. Run in
 * a child JVM by {@link RollbarUncaughtIT}; the handlers print what they saw, so a test can tell they still ran.
 */
public final class UncaughtMain {

  public static final String OWN_HANDLER = "own handler saw: ";
  public static final String DEFAULT_HANDLER = "default handler saw: ";
  public static final String DONE = "UncaughtMain threads done";

  private UncaughtMain() {}

  public static void main(String[] args) throws Exception {
    run(new Thread(() -> {
      throw new IllegalStateException("plain thread died");
    }, "plain-worker"));

    Thread own = new Thread(() -> {
      throw new IllegalArgumentException("own handler thread died");
    }, "own-handler-worker");
    own.setUncaughtExceptionHandler((t, e) -> System.out.println(OWN_HANDLER + e.getMessage()));
    run(own);

    Thread.setDefaultUncaughtExceptionHandler(
        (t, e) -> System.out.println(DEFAULT_HANDLER + t.getName() + ": " + e.getMessage()));
    run(new Thread(() -> {
      throw new UnsupportedOperationException("default handler thread died");
    }, "default-handler-worker"));

    List<Thread> poolThreads = new CopyOnWriteArrayList<>();
    ExecutorService pool =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "pool-worker");
              poolThreads.add(t);
              return t;
            });
    pool.execute(() -> {
      throw new ArithmeticException("pool task died");
    });
    pool.shutdown();
    pool.awaitTermination(10, TimeUnit.SECONDS);
    // The pool counts as terminated before its dying worker has run its uncaught-exception handler: wait for the
    // thread itself, so that the output order does not depend on scheduling.
    for (Thread t : poolThreads) {
      t.join(10_000);
    }

    System.out.println(DONE);
    System.out.flush();
    throw new IllegalStateException("main died");
  }

  private static void run(Thread t) throws InterruptedException {
    t.start();
    t.join();
  }
}
