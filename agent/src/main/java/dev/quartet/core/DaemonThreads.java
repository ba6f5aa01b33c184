package dev.quartet.core;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Threads for the executors Quartet gives its clients: daemon (never keeping the JVM alive), named as Quartet's. */
public final class DaemonThreads {
  private DaemonThreads() {}

  /** Daemon threads named {@code prefix} followed by 1, 2, … */
  public static ThreadFactory numbered(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return task -> {
      Thread t = new Thread(task, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
