package dev.quartet.bench.run;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Every process the runner starts (app JVMs, wrk, jcmd) goes through here: each is waited for with a bound and
 * killed when it overstays, and a shutdown hook kills whatever is still alive when the runner exits for any reason.
 */
final class Children {
  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(Children::killAll, "bench-kill-children"));
  }

  private Children() {}

  static Process start(ProcessBuilder pb) throws IOException {
    Process p = pb.start();
    LIVE.add(p);
    p.onExit().thenRun(() -> LIVE.remove(p));
    return p;
  }

  /** Runs a short command to completion (≤ {@code bound}), returning its stdout+stderr; killed if it overstays. */
  static String run(List<String> command, Duration bound) throws IOException, InterruptedException {
    Path out = java.nio.file.Files.createTempFile("bench-cmd", ".out");
    try {
      Process p = start(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()));
      p.getOutputStream().close();
      if (!p.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
        kill(p);
        throw new IOException(String.join(" ", command) + " did not finish within " + bound.toSeconds() + " s");
      }
      return java.nio.file.Files.readString(out);
    } finally {
      java.nio.file.Files.deleteIfExists(out);
    }
  }

  /** SIGKILL, then wait (≤ 10 s) until it is gone. */
  static void kill(Process p) throws InterruptedException {
    p.destroyForcibly();
    p.waitFor(10, TimeUnit.SECONDS);
  }

  static void killAll() {
    for (Process p : LIVE) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }
}
