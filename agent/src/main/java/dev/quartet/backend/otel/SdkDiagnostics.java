package dev.quartet.backend.otel;

import dev.quartet.core.AgentLog;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The OpenTelemetry SDK reports export failures through java.util.logging. Left alone, they would go to the app's
 * root handlers (and later be captured and shipped by Quartet itself); instead they become Quartet's own stderr
 * lines, at most {@link #MAX_PER_MINUTE} a minute.
 */
final class SdkDiagnostics {
  static final int MAX_PER_MINUTE = 6;

  // java.util.logging keeps loggers weakly: hold it so the configuration below is not lost.
  private static Logger sdkLogger;

  private SdkDiagnostics() {}

  static synchronized void install() {
    if (sdkLogger != null) {
      return;
    }
    String name = OpenTelemetrySdk.class.getName(); // relocated at build time: dev.quartet.shaded.io.opentelemetry…
    Logger logger = Logger.getLogger(name.substring(0, name.indexOf(".sdk.")));
    logger.setUseParentHandlers(false);
    logger.setLevel(AgentLog.isDebug() ? Level.FINE : Level.WARNING);
    logger.addHandler(new ToAgentLog());
    sdkLogger = logger;
  }

  private static final class ToAgentLog extends Handler {
    private long windowStart;
    private int inWindow;
    private int suppressed;

    @Override
    public synchronized void publish(LogRecord record) {
      long now = System.currentTimeMillis();
      if (now - windowStart > 60_000) {
        if (suppressed > 0) {
          AgentLog.warn("otel: " + suppressed + " more SDK messages suppressed in the last minute");
        }
        windowStart = now;
        inWindow = 0;
        suppressed = 0;
      }
      if (++inWindow > MAX_PER_MINUTE) {
        suppressed++;
        return;
      }
      String message = "otel: " + record.getMessage();
      if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
        AgentLog.warn(record.getThrown() == null ? message : message + ": " + record.getThrown());
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
