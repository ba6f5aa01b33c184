package dev.quartet.smoke;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An app that logs while it stops, as Spring's graceful shutdown, Hikari and Tomcat do: its own shutdown hook
 * (registered after the agent's, as a framework registers it when its context starts) waits for in-flight work,
 * then logs at INFO and an ERROR with an exception. Run in a child JVM by {@link ShutdownLogsIT}, which sends it
 * SIGTERM.
 */
public final class ShutdownLoggingMain {
  public static final String READY = "ShutdownLoggingMain ready";
  public static final String STARTED = "Started ShutdownLoggingMain";
  public static final String COMMENCING = "Commencing graceful shutdown. Waiting for active requests to complete";
  public static final String COMPLETE = "Graceful shutdown complete";
  public static final String POOL_ERROR = "HikariPool-1 - Shutdown completed with an error";

  private static final Logger LOG = Logger.getLogger("org.example.Lifecycle");

  private ShutdownLoggingMain() {}

  public static void main(String[] args) throws Exception {
    long graceMillis = args.length > 0 ? Long.parseLong(args[0]) : 1500;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info(COMMENCING);
                  sleep(graceMillis);
                  LOG.log(Level.SEVERE, POOL_ERROR, new IllegalStateException("connection reset while closing"));
                  LOG.info(COMPLETE);
                },
                "SpringApplicationShutdownHook"));
    LOG.info(STARTED);
    System.out.println(READY);
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
