package dev.quartet.core;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Quartet's own diagnostics. They go to the process's original stderr, never through java.util.logging or the app's
 * logging library, so that they can never be captured and shipped by Quartet itself, nor redirected by the app.
 */
public final class AgentLog {
  public enum Level {
    DEBUG,
    INFO,
    WARN,
    ERROR,
    OFF
  }

  private static final PrintStream ERR = System.err;
  private static volatile Level threshold = Level.INFO;
  private static final Set<String> onceKeys = ConcurrentHashMap.newKeySet();

  private AgentLog() {}

  public static void setLevel(String name) {
    try {
      threshold = Level.valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      warn("quartet.log.level \"" + name + "\" is not one of debug, info, warn, error, off; using info");
      threshold = Level.INFO;
    }
  }

  public static boolean isDebug() {
    return threshold == Level.DEBUG;
  }

  public static void debug(String message) {
    log(Level.DEBUG, message, null);
  }

  public static void info(String message) {
    log(Level.INFO, message, null);
  }

  public static void warn(String message) {
    log(Level.WARN, message, null);
  }

  public static void error(String message, Throwable t) {
    log(Level.ERROR, message, t);
  }

  /** Logs {@code message} the first time {@code key} is seen, and never again: one line per kind of failure. */
  public static void warnOnce(String key, String message, Throwable t) {
    if (onceKeys.add(key)) {
      log(Level.WARN, message, t);
    }
  }

  /** Forget {@code key} so that the next {@link #warnOnce} for it logs again (e.g. after a backend recovered). */
  public static void resetOnce(String key) {
    onceKeys.remove(key);
  }

  private static void log(Level level, String message, Throwable t) {
    if (level.ordinal() < threshold.ordinal()) {
      return;
    }
    StringBuilder line = new StringBuilder("[quartet] ");
    if (level != Level.INFO) {
      line.append(level).append(' ');
    }
    line.append(message);
    if (t != null) {
      line.append(": ").append(t);
    }
    ERR.println(line);
    if (t != null && threshold == Level.DEBUG) {
      t.printStackTrace(ERR);
    }
  }
}
