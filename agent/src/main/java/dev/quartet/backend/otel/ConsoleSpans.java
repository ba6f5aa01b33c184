package dev.quartet.backend.otel;

import io.opentelemetry.exporter.logging.LoggingSpanExporter;
import java.io.PrintStream;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * {@code OTEL_TRACES_EXPORTER=console}: the SDK's console exporter ({@link LoggingSpanExporter}) writes each span as
 * one java.util.logging record at INFO. Quartet routes the SDK's records to its own diagnostics at WARNING and above
 * ({@code LibraryLogs}), which would swallow every span; so that exporter's records get a handler of their own that
 * prints each span's line on stdout, in the exporter's own format:
 * {@code 'GET /api/activities/home' : <trace id> <span id> SERVER [tracer: dev.quartet.servlet:0.1.0] AttributesMap{…}}.
 */
final class ConsoleSpans {
  // java.util.logging keeps loggers weakly: hold it so the configuration below is not lost.
  private static Logger logger;

  private ConsoleSpans() {}

  static synchronized void printOnStdout() {
    if (logger != null) {
      return;
    }
    Logger l = Logger.getLogger(LoggingSpanExporter.class.getName());
    l.setUseParentHandlers(false);
    l.setLevel(Level.INFO);
    l.addHandler(new ToStdout(System.out));
    logger = l;
  }

  static final class ToStdout extends Handler {
    private final PrintStream out;

    ToStdout(PrintStream out) {
      this.out = out;
    }

    @Override
    public void publish(LogRecord record) {
      if (record.getLevel().intValue() >= Level.INFO.intValue()) {
        out.println(record.getMessage());
      }
    }

    @Override
    public void flush() {
      out.flush();
    }

    @Override
    public void close() {}
  }
}
