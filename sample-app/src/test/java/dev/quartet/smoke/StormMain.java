package dev.quartet.smoke;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An error storm: logs the same exception {@code args[0]} times at SEVERE (java.util.logging), then returns. Run in
 * a child JVM by {@link RollbarResilienceIT}; the logger has no handlers, so the child's own output stays small.
 */
public final class StormMain {

  /** Printed (followed by the milliseconds the loop took) just before main returns. */
  public static final String DONE = "StormMain done, ms=";
  public static final String LOGGER_NAME = "cruddur.storm";
  public static final String MESSAGE = "the same failure, again";

  private static final Logger LOGGER = Logger.getLogger(LOGGER_NAME);

  private StormMain() {}

  public static void main(String[] args) {
    LOGGER.setUseParentHandlers(false);
    int n = Integer.parseInt(args[0]);
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      LOGGER.log(Level.SEVERE, MESSAGE, failure());
    }
    System.out.println(DONE + (System.nanoTime() - t0) / 1_000_000);
    System.out.flush();
  }

  private static IllegalStateException failure() {
    return new IllegalStateException("storm"); // always thrown here: one distinct error
  }
}
