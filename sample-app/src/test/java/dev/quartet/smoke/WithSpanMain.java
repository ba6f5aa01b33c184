package dev.quartet.smoke;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * An app written for the OpenTelemetry agent: its own methods carry {@code @WithSpan} and {@code @SpanAttribute}
 * (opentelemetry-instrumentation-annotations on its class path). {@code GET /activities?user=NAME} calls {@link
 * Activities#forUser}, which calls {@link Activities#load}. Runs on Jetty from the sample app's jar, on {@code PORT}.
 */
public final class WithSpanMain {
  private WithSpanMain() {}

  /** The app's service. */
  public static final class Activities {
    @WithSpan("user-activities")
    public List<String> forUser(@SpanAttribute("app.user") String user, @SpanAttribute("app.limit") int limit) {
      return load(user).subList(0, limit);
    }

    @WithSpan(kind = SpanKind.CLIENT)
    List<String> load(String user) {
      return List.of(user + "-1", user + "-2", user + "-3");
    }
  }

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
