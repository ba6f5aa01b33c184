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
    String stat = Files.readString(Paths.get("/proc", Long.toString(pid), "stat"));
    // the command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 utime and 15 stime
    return ticks * 1_000_000_000L / CLOCK_TICKS_PER_SECOND;
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
