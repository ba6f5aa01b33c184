package dev.quartet.smoke;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * A program that logs with java.util.logging in a way the CloudWatch Logs limits care about, then returns (its
 * JVM's shutdown flushes what the agent holds). Run in a child JVM with the agent by {@link CloudWatchLimitsIT}.
 *
 * <ul>
 *   <li>{@code burst N}: N INFO records "burst event i", as fast as one thread can;
 *   <li>{@code big}: one 2 MiB message of mixed 1-4 byte UTF-8 characters, then "after the big one";
 *   <li>{@code span}: records stamped from 30 hours ago to now, out of order, plus one 15 days old and one 3 hours
 *       ahead (which CloudWatch refuses);
 *   <li>{@code flood THREADS INFO ERRORS RELEASE_FILE}: each thread logs INFO records with ERROR ones in between,
 *       prints {@link #FLOOD_DONE} and the time it took, then waits (≤ 60 s) for RELEASE_FILE.
 * </ul>
 */
public final class LogLoadMain {
  public static final String LOGGER = "dev.example.load";
  public static final String FLOOD_DONE = "FLOOD DONE in ms: ";
  public static final String BIG_UNIT = "aé€😀"; // 1, 2, 3 and 4 UTF-8 bytes: 5 chars, 10 bytes
  public static final int BIG_CHARS = 2 * 1024 * 1024;
  public static final long HOUR = 3_600_000L;

  private LogLoadMain() {}

  public static void main(String[] args) throws Exception {
    LogManager.getLogManager().reset(); // no console handler: the agent is the only consumer
    Logger log = Logger.getLogger(LOGGER);
    switch (args[0]) {
      case "burst":
        int n = Integer.parseInt(args[1]);
        for (int i = 0; i < n; i++) {
          log.info("burst event " + i);
        }
        break;
      case "big":
        log.info(bigMessage());
        log.info("after the big one");
        break;
      case "span":
        long now = System.currentTimeMillis();
        long[] hoursAgo = {10, 30, 1, 25, 0, 20, 29};
        for (long h : hoursAgo) {
          stamped(log, now - h * HOUR, "stamped " + h + "h ago");
        }
        stamped(log, now - 15 * 24 * HOUR, "stamped 15 days ago");
        stamped(log, now + 3 * HOUR, "stamped 3h ahead");
        break;
      case "flood":
        flood(log, Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), Paths.get(args[4]));
        break;
      default:
        throw new IllegalArgumentException(args[0]);
    }
  }

  public static String bigMessage() {
    StringBuilder b = new StringBuilder(BIG_CHARS);
    while (b.length() < BIG_CHARS) {
      b.append(BIG_UNIT);
    }
    b.setLength(BIG_CHARS); // may end on half a surrogate pair: the agent must still send well-formed text
    return b.toString();
  }

  private static void stamped(Logger log, long millis, String message) {
    LogRecord r = new LogRecord(Level.INFO, message);
    r.setMillis(millis);
    r.setLoggerName(log.getName());
    log.log(r);
  }

  private static void flood(Logger log, int threads, int infos, int errors, Path release) throws Exception {
    long t0 = System.nanoTime();
    List<Thread> all = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      Thread th = new Thread(() -> {
        int every = Math.max(1, infos / Math.max(1, errors));
        int e = 0;
        for (int i = 0; i < infos; i++) {
          log.info("flood info " + thread + "-" + i);
          if (i % every == 0 && e < errors) {
            log.severe("flood error " + thread + "-" + e++);
          }
        }
        while (e < errors) {
          log.severe("flood error " + thread + "-" + e++);
        }
      }, "flood-" + t);
      th.start();
      all.add(th);
    }
    for (Thread th : all) {
      th.join();
    }
    System.out.println(FLOOD_DONE + (System.nanoTime() - t0) / 1_000_000);
    System.out.flush();
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!Files.exists(release) && System.nanoTime() - deadline < 0) {
      Thread.sleep(50);
    }
  }
}
