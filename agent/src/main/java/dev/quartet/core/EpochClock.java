package dev.quartet.core;

import java.time.Instant;

/** Wall-clock time in epoch nanoseconds, at the best resolution the JDK gives (microseconds on Linux). */
public final class EpochClock {
  private EpochClock() {}

  public static long nowNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
