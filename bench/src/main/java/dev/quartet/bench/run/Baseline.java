package dev.quartet.bench.run;

/**
 * "Today's figures" that issue 14's "no regression" target compares with: Quartet with all backends on the sample
 * app in the full run of 2026-11-21 (the docs/PERFORMANCE.md of that date), as overheads over no agent so that a
 * machine with more or less memory in use compares fairly. A figure is not a regression within its tolerance.
 */
final class Baseline {
  private Baseline() {}

  static final String RUN = "full run of 2026-11-21";
  static final double AGENT_JAR_BYTES = 11_339_341;
  static final double PEAK_RSS_OVERHEAD_MIB = 439.2 - 374.45;
  static final double HEAP_AFTER_GC_OVERHEAD_MIB = 22.95 - 5.9;
  static final double THREADS_OVERHEAD = 56 - 47;

  /** Jar: 5% (its size moves with every feature; a large jump is what this catches). */
  static final double JAR_TOLERANCE = 0.05;
  /** Memory: 5% of the overhead or 2 MiB, whichever is larger (RSS moves by a few MiB from run to run). */
  static final double MEMORY_TOLERANCE = 0.05;
  static final double MEMORY_TOLERANCE_MIB = 2;

  static boolean memoryWithin(double overheadMib, double baselineMib) {
    return overheadMib <= baselineMib + Math.max(MEMORY_TOLERANCE * baselineMib, MEMORY_TOLERANCE_MIB);
  }
}
