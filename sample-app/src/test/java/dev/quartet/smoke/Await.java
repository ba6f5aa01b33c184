package dev.quartet.smoke;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polling with a deadline: the only way the smoke tests wait for something. */
public final class Await {

  private static final long POLL_MILLIS = 20;

  private Await() {}

  /** Polls {@code condition} until it holds; returns false when {@code timeout} passes first. */
  public static boolean until(Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (condition.getAsBoolean()) {
        return true;
      }
      if (System.nanoTime() - deadline >= 0) {
        return condition.getAsBoolean();
      }
      sleep(POLL_MILLIS);
    }
  }

  /** Like {@link #until} but fails with {@code what} and the last seen state when the timeout passes. */
  public static void require(String what, Duration timeout, BooleanSupplier condition, Supplier<String> state) {
    if (!until(timeout, condition)) {
      throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what
          + (state == null ? "" : "; last state: " + state.get()));
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
