package dev.quartet.instrumentation.logging;

import dev.quartet.core.LogEvent;
import dev.quartet.core.Span;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/** java.util.logging records as {@link LogEvent}s. JUL is in the JDK, so no method handles are needed. */
final class JulRecords {
  // formatMessage applies the record's resource bundle and {0}-style parameters, as the app's handlers would.
  private static final Formatter MESSAGE_FORMATTER = new SimpleFormatter();

  private JulRecords() {}

  /** Null when the logger would discard the record (Logger.log(LogRecord) checks only after our advice ran). */
  static LogEvent toEvent(java.util.logging.Logger logger, LogRecord record, Span span) {
    Level level = record.getLevel();
    if (level != null && !logger.isLoggable(level)) {
      return null;
    }
    return new LogEvent(
        "jul",
        record.getMillis(),
        level(level),
        level == null ? "" : level.getName(),
        record.getLoggerName(),
        Thread.currentThread().getName(),
        MESSAGE_FORMATTER.formatMessage(record),
        record.getThrown(),
        span);
  }

  static LogEvent.Level level(Level level) {
    int v = level == null ? Level.INFO.intValue() : level.intValue();
    if (v >= Level.SEVERE.intValue()) {
      return LogEvent.Level.ERROR;
    }
    if (v >= Level.WARNING.intValue()) {
      return LogEvent.Level.WARN;
    }
    if (v >= Level.CONFIG.intValue()) {
      return LogEvent.Level.INFO;
    }
    if (v >= Level.FINE.intValue()) {
      return LogEvent.Level.DEBUG;
    }
    return LogEvent.Level.TRACE;
  }
}
