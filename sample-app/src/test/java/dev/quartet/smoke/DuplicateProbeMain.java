package dev.quartet.smoke;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A servlet app whose failures are both logged and thrown, as much real code does: {@code /log-and-throw} logs an
 * exception at SEVERE and rethrows it, {@code /log-and-wrap} logs it and throws a ServletException around it. Each
 * request is one failure and must be one Rollbar item. Listens on {@code PORT}; {@code /api/health-check} answers
 * 200 so that {@link AppProcess} knows it is up. Run in a child JVM by {@link RollbarIT}.
 */
public final class DuplicateProbeMain {

  static final Logger LOGGER = Logger.getLogger("cruddur.probe");

  private DuplicateProbeMain() {}

  public static void main(String[] args) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(Integer.parseInt(System.getenv("PORT")));
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addServlet(new ServletHolder(new Health()), "/api/health-check");
    context.addServlet(new ServletHolder(new LogAndThrow()), "/log-and-throw");
    context.addServlet(new ServletHolder(new LogAndWrap()), "/log-and-wrap");
    server.setHandler(context);
    server.setStopAtShutdown(true);
    server.start();
    server.join();
  }

  static final class Health extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.setStatus(200);
      resp.getWriter().write("{\"success\": true}");
    }
  }

  static final class LogAndThrow extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
      IllegalStateException e = new IllegalStateException("logged and thrown");
      LOGGER.log(Level.SEVERE, "could not serve " + req.getRequestURI(), e);
      throw e;
    }
  }

  static final class LogAndWrap extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException {
      IOException e = new IOException("logged, then wrapped");
      LOGGER.log(Level.WARNING, "retry failed", e);
      throw new ServletException("wrapped", e);
    }
  }
}
