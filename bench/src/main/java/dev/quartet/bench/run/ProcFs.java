package dev.quartet.bench.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;

/** Linux /proc readings of one process. */
final class ProcFs {
  private static final long CLOCK_TICKS_PER_SECOND = clockTicks();

  private ProcFs() {}

  /** user + system CPU time of the process so far, in nanoseconds (from /proc/PID/stat, in clock ticks). */
  static long cpuNanos(long pid) throws IOException {
    return cpuNanos(Paths.get("/proc", Long.toString(pid), "stat"));
  }

  /**
   * user + system CPU time per group of threads, in nanoseconds, from /proc/PID/task/*: {@code app} (Jetty's
   * {@code qtp…} pool: the requests themselves), {@code jit} (C1/C2 compiler threads), {@code gc} (GC and VM
   * threads) and {@code agent} (everything else: the agent's own threads and its SDKs', plus the JVM's idle ones).
   */
  static java.util.Map<String, Long> cpuNanosByThreadGroup(long pid) throws IOException {
    java.util.Map<String, Long> groups = new java.util.LinkedHashMap<>();
    for (String g : THREAD_GROUPS) {
      groups.put(g, 0L);
    }
    java.nio.file.Path tasks = Paths.get("/proc", Long.toString(pid), "task");
    try (java.util.stream.Stream<java.nio.file.Path> list = Files.list(tasks)) {
      for (java.nio.file.Path task : (Iterable<java.nio.file.Path>) list::iterator) {
        try {
          String name = Files.readString(task.resolve("comm")).trim();
          groups.merge(threadGroup(name), cpuNanos(task.resolve("stat")), Long::sum);
        } catch (IOException ended) {
          // the thread ended between the listing and the read
        }
      }
    }
    return groups;
  }

  static final String[] THREAD_GROUPS = {"app", "agent", "jit", "gc"};

  static String threadGroup(String threadName) {
    if (threadName.startsWith("qtp")) {
      return "app";
    }
    if (threadName.contains("CompilerThre")) {
      return "jit";
    }
    if (threadName.startsWith("GC Thread") || threadName.startsWith("G1 ") || threadName.equals("VM Thread")) {
      return "gc";
    }
    return "agent";
  }

  /** Fields 14 (utime) and 15 (stime) of a stat file, in clock ticks, as nanoseconds. */
  private static long cpuNanos(java.nio.file.Path stat) throws IOException {
    return cpuTicks(Files.readString(stat)) * 1_000_000_000L / CLOCK_TICKS_PER_SECOND;
  }

  /** utime + stime (fields 14 and 15) of the text of a {@code /proc/PID/stat} or {@code /proc/PID/task/TID/stat}. */
  static long cpuTicks(String stat) throws IOException {
    // the command name (field 2) is in parentheses and may hold spaces and ')': count fields after the last ')'
    int close = stat.lastIndexOf(')');
    String[] f = close < 0 ? new String[0] : stat.substring(close + 1).trim().split("\\s+");
    if (f.length < 13) {
      throw new IOException("not a /proc stat line: \"" + stat.trim() + "\"");
    }
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  /** A {@code Name: value kB} (or plain number) line of /proc/PID/status, as a number; -1 when absent. */
  static long status(long pid, String name) throws IOException {
    for (String line : Files.readAllLines(Paths.get("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith(name + ":")) {
        return Long.parseLong(line.substring(name.length() + 1).trim().split("\\s+")[0]);
      }
    }
    return -1;
  }

  private static long clockTicks() {
    try {
      String out = Children.run(java.util.List.of("getconf", "CLK_TCK"), java.time.Duration.ofSeconds(10)).trim();
      return Long.parseLong(out);
    } catch (Exception e) {
      return 100; // USER_HZ on every mainstream Linux
    }
  }
}
