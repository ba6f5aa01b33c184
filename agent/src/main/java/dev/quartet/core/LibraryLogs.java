package dev.quartet.core;

import java.util.HashMap;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The libraries Quartet carries (the OpenTelemetry SDK, the X-Ray SDK through commons-logging) report problems
 * through java.util.logging. Left alone, their records would go to the app's root handlers (and later be captured and
 * shipped by Quartet itself); instead each library's records become Quartet's own stderr lines, at most
 * {@link #MAX_PER_MINUTE} a minute per library, so a library that fails on every call cannot flood the app's output.
 */
public final class LibraryLogs {
  static final int MAX_PER_MINUTE = 6;

  // java.util.logging keeps loggers weakly: hold them so the configuration below is not lost.
  private static final Map<String, Logger> ROUTED = new HashMap<>();

  private LibraryLogs() {}

  /**
   * Routes the records of {@code loggerName} and its children (a relocated package name such as
   * {@code dev.quartet.shaded.io.opentelemetry}) to {@link AgentLog}, each line prefixed with {@code label}: warnings
   * and errors as warnings, the rest at debug level only. Idempotent.
   */
  public static synchronized void routeToAgentLog(String loggerName, String label) {
    routeToAgentLog(loggerName, label, null);
  }

  /**
   * Like {@link #routeToAgentLog(String, String)}; warnings of the library's exporters (loggers with
   * {@code .exporter.} in their name) name {@code destination}, which their own messages leave out.
   */
  public static synchronized void routeToAgentLog(String loggerName, String label, String destination) {
    if (ROUTED.containsKey(loggerName)) {
      return;
    }
    Logger logger = Logger.getLogger(loggerName);
    logger.setUseParentHandlers(false);
    logger.setLevel(AgentLog.isDebug() ? Level.FINE : Level.WARNING);
    logger.addHandler(new ToAgentLog(label, destination));
    ROUTED.put(loggerName, logger);
  }

  static final class ToAgentLog extends Handler {
    private final String label;
    private final String destination;
    private long windowStart;
    private int inWindow;
    private int suppressed;

    ToAgentLog(String label) {
      this(label, null);
    }

    ToAgentLog(String label, String destination) {
      this.label = label;
      this.destination = destination;
    }

    @Override
    public synchronized void publish(LogRecord record) {
      long now = System.currentTimeMillis();
      if (now - windowStart > 60_000) {
        if (suppressed > 0) {
          AgentLog.warn(label + ": " + suppressed + " more library messages suppressed in the last minute");
        }
        windowStart = now;
        inWindow = 0;
        suppressed = 0;
      }
      if (++inWindow > MAX_PER_MINUTE) {
        suppressed++;
        return;
      }
      String message = label + ": " + record.getMessage();
      if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
        String logger = record.getLoggerName();
        if (destination != null && logger != null && logger.contains(".exporter.")) {
          message += " (sending to " + destination + ")";
        }
        AgentLog.warn(record.getThrown() == null ? message : message + ": " + Throwables.withoutShadedPrefix(
            String.valueOf(record.getThrown())));
      } else {
        AgentLog.debug(message);
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
