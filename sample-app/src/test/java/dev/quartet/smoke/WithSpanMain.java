package dev.quartet.smoke;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import withspanapp.Activities;

/**
 * An app written for the OpenTelemetry agent: its service ({@link Activities}) carries {@code @WithSpan} and {@code
 * @SpanAttribute} (opentelemetry-instrumentation-annotations on its class path). {@code GET /activities?user=NAME}
 * calls {@code Activities.forUser}, which calls {@code Activities.load}. Runs on Jetty from the sample app's jar, on
 * {@code PORT}.
 */
public final class WithSpanMain {
  private WithSpanMain() {}

  public static void main(String[] args) throws Exception {
    Activities activities = new Activities();
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setPort(Integer.parseInt(System.getenv().getOrDefault("PORT", "0")));
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.addServlet(new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("application/json");
        resp.getWriter().write("{\"success\": true}");
      }
    }, "/api/health-check");
    context.addServlet(new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain");
        resp.getWriter().write(String.join(",", activities.forUser(req.getParameter("user"), 2)));
      }
    }, "/activities");
    server.setHandler(context);
    server.start();
    server.join();
  }
}
