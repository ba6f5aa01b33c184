package dev.quartet.smoke;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Two small web apps for {@link LoggingCaptureIT}, run in child JVMs with the agent: one logging with SLF4J +
 * Logback (with JUL and the Log4j API bridged into it), one with Log4j 2 (with SLF4J bridged into it). Each serves
 * {@code /api/health-check} and {@code /log}, which logs once through every API, and logs once at startup.
 */
public final class LoggingApps {
  public static final String STARTUP = "started outside any request";
  public static final String FAILURE = "request failed";

  private LoggingApps() {}

  /** Starts Jetty on $PORT with {@code /log} running {@code logEverything}. */
  static void serve(Runnable logEverything) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setPort(Integer.parseInt(System.getenv().getOrDefault("PORT", "0")));
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addServlet(new ServletHolder(new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.getWriter().write("{\"success\": true}");
      }
    }), "/api/health-check");
    context.addServlet(new ServletHolder(new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        logEverything.run();
        resp.getWriter().write("logged");
      }
    }), "/log");
    server.setHandler(context);
    server.setStopAtShutdown(true);
    server.start();
    server.join();
  }

  /** SLF4J with Logback; java.util.logging and the Log4j API are bridged into it (jul-to-slf4j, log4j-to-slf4j). */
  public static final class Logback {
    public static void main(String[] args) throws Exception {
      org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
      org.slf4j.bridge.SLF4JBridgeHandler.install();
      ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
          .setLevel(ch.qos.logback.classic.Level.INFO);
      org.slf4j.Logger slf4j = org.slf4j.LoggerFactory.getLogger("app.slf4j");
      java.util.logging.Logger jul = java.util.logging.Logger.getLogger("app.jul");
      org.apache.logging.log4j.Logger log4j = org.apache.logging.log4j.LogManager.getLogger("app.log4j");
      slf4j.info(STARTUP);
      serve(() -> {
        slf4j.info("via {} {}", "slf4j", "parameters");
        slf4j.atInfo().setMessage("via the slf4j fluent API").log();
        slf4j.debug("debug is below the level");
        jul.info("via jul bridged to slf4j");
        log4j.warn("via log4j-api bridged to slf4j");
        slf4j.error(FAILURE, new IllegalStateException("boom"));
      });
    }
  }

  /** Log4j 2 (log4j-core); SLF4J is bridged into it (log4j-slf4j2-impl); java.util.logging stays on its own. */
  public static final class Log4j {
    public static void main(String[] args) throws Exception {
      org.apache.logging.log4j.core.config.Configurator.setRootLevel(org.apache.logging.log4j.Level.INFO);
      org.apache.logging.log4j.Logger log4j = org.apache.logging.log4j.LogManager.getLogger("app.log4j");
      org.slf4j.Logger slf4j = org.slf4j.LoggerFactory.getLogger("app.slf4j");
      java.util.logging.Logger jul = java.util.logging.Logger.getLogger("app.jul");
      log4j.info(STARTUP);
      serve(() -> {
        log4j.info("via {} {}", "log4j", "parameters");
        log4j.atWarn().log("via the log4j LogBuilder");
        log4j.debug("debug is below the level");
        slf4j.info("via slf4j bridged to log4j");
        jul.info("via jul");
        log4j.error(FAILURE, new IllegalStateException("boom"));
      });
    }
  }
}
