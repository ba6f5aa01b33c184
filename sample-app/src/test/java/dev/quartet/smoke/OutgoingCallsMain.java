package dev.quartet.smoke;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * An app that makes outgoing HTTP calls while it serves a request, as a backend calling other services does:
 * {@code GET /call?client=jdk|jdk-async|huc&target=URL&count=N} calls {@code target} N times with the JDK's
 * {@code HttpClient} ({@code send} or {@code sendAsync}) or {@code HttpURLConnection} and answers with the last
 * status. Runs on Jetty from the sample app's jar, on {@code PORT}.
 */
public final class OutgoingCallsMain {

  private OutgoingCallsMain() {}

  public static void main(String[] args) throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
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
        URI target = URI.create(req.getParameter("target"));
        int count = Integer.parseInt(req.getParameter("count") == null ? "1" : req.getParameter("count"));
        int status = 0;
        for (int i = 0; i < count; i++) {
          status = call(client, req.getParameter("client"), target);
        }
        resp.setContentType("text/plain");
        resp.getWriter().write(Integer.toString(status));
      }
    }, "/call");
    server.setHandler(context);
    server.start();
    server.join();
  }

  static int call(HttpClient client, String kind, URI target) throws IOException {
    try {
      switch (kind) {
        case "jdk":
          return client.send(HttpRequest.newBuilder(target).header("X-Caller", "outgoing-calls").GET().build(),
              HttpResponse.BodyHandlers.ofString()).statusCode();
        case "jdk-async":
          return client.sendAsync(HttpRequest.newBuilder(target).GET().build(),
              HttpResponse.BodyHandlers.ofString()).get().statusCode();
        default:
          HttpURLConnection c = (HttpURLConnection) target.toURL().openConnection();
          c.setConnectTimeout(5000);
          c.setReadTimeout(5000);
          int status = c.getResponseCode();
          try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
            if (in != null) {
              new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
          }
          return status;
      }
    } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
      throw new IOException(e);
    }
  }
}
