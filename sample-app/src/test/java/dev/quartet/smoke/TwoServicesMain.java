package dev.quartet.smoke;

import example.orders.OrderService;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The app of {@link TwoServicesIT}, run twice: as A, {@code GET /order?stock=URL} places an order through
 * {@link OrderService} (which calls URL from a pool thread); as B, {@code GET /stock} answers. On Jetty from the
 * sample app's jar, on {@code PORT}; no observability code.
 */
public final class TwoServicesMain {
  private TwoServicesMain() {}

  public static void main(String[] args) throws Exception {
    OrderService orders = new OrderService();
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setPort(Integer.parseInt(System.getenv().getOrDefault("PORT", "0")));
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.addServlet(new ServletHolder(answer("{\"success\": true}")), "/api/health-check");
    context.addServlet(new ServletHolder(answer("in stock")), "/stock");
    context.addServlet(new ServletHolder(new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        int status;
        try {
          status = orders.place(URI.create(req.getParameter("stock")));
        } catch (Exception e) {
          throw new IOException(e);
        }
        resp.setContentType("text/plain");
        resp.getWriter().write(Integer.toString(status));
      }
    }), "/order");
    server.setHandler(context);
    server.start();
    server.join();
  }

  private static HttpServlet answer(String body) {
    return new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain");
        resp.getWriter().write(body);
      }
    };
  }
}
