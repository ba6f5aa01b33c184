package dev.quartet.instrumentation.logging;

import dev.quartet.core.AgentLog;
import dev.quartet.core.CurrentRequest;
import dev.quartet.core.Dispatcher;
import dev.quartet.core.LogEvent;

/**
 * Turns the logging libraries' events into {@link LogEvent}s. Only the outermost logging call on a thread is
 * captured: a JUL record bridged to SLF4J/Logback (or the reverse) is one event, not two. Records of Quartet itself
 * and of its relocated libraries (all named {@code dev.quartet.*}) are never captured, so shipping logs can never
 * feed back into itself.
 */
public final class LoggingCapture {
  private static final String OWN_LOGGERS = "dev.quartet.";

  private final Dispatcher dispatcher;
  private final ThreadLocal<int[]> depth = ThreadLocal.withInitial(() -> new int[1]);

  public LoggingCapture(Dispatcher dispatcher) {
    this.dispatcher = dispatcher;
  }

  public Object logEnter(String library, Object source, Object event) {
    int[] d = depth.get();
    if (d[0]++ == 0) {
      try {
        LogEvent converted = convert(library, source, event);
        if (converted != null && !converted.loggerName().startsWith(OWN_LOGGERS)) {
          dispatcher.log(converted);
        }
      } catch (Throwable t) {
        AgentLog.warnOnce("log." + library, library + ": could not capture a log record", t);
      }
    }
    return d;
  }

  public void logExit(Object token) {
    ((int[]) token)[0]--;
  }

  private static LogEvent convert(String library, Object source, Object event) throws Throwable {
    switch (library) {
      case "jul":
        return JulRecords.toEvent(
            (java.util.logging.Logger) source, (java.util.logging.LogRecord) event, CurrentRequest.span());
      case LogbackEvents.LIBRARY:
        return LogbackEvents.toEvent(event, CurrentRequest.span());
      case Log4jEvents.LIBRARY:
        return Log4jEvents.toEvent(source, (Object[]) event, CurrentRequest.span());
      default:
        return null;
    }
  }
}
