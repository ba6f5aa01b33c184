package dev.quartet.smoke;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.logging.Logger;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A web app that hands work off inside its requests, for {@link AsyncHandOffIT}: {@code /start} runs its work as an
 * {@code AsyncContext.start} task on another container thread, {@code /dispatch} has a task dispatch the request
 * again ({@code AsyncContext.dispatch()}) and logs during that second dispatch. A small thread pool, so that the
 * same threads serve many requests one after the other.
 */
public final class AsyncHandOffMain {
  public static final String IN_TASK = "working in the AsyncContext.start task";
  public static final String IN_REDISPATCH = "answering in the async re-dispatch";
  public static final String PLAIN = "plain request";

  private static final Logger LOG = Logger.getLogger("app.handoff");

  private AsyncHandOffMain() {}

  public static void main(String[] args) throws Exception {
    Server server = new Server(new QueuedThreadPool(6, 6));
    ServerConnector connector = new ServerConnector(server, 1, 1);
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
    ServletHolder start = new ServletHolder(new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
        AsyncContext async = req.startAsync();
        async.start(() -> {
          LOG.info(IN_TASK);
          try {
            async.getResponse().getWriter().write("started");
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
          async.complete();
        });
      }
    });
    start.setAsyncSupported(true);
    context.addServlet(start, "/start");
    ServletHolder dispatch = new ServletHolder(new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (req.getDispatcherType() == DispatcherType.ASYNC) {
          LOG.info(IN_REDISPATCH);
          resp.getWriter().write("dispatched");
          return;
        }
        AsyncContext async = req.startAsync();
        new Thread(async::dispatch, "app-worker").start(); // an app thread of its own asks for the re-dispatch
      }
    });
    dispatch.setAsyncSupported(true);
    context.addServlet(dispatch, "/dispatch");
    context.addServlet(new ServletHolder(new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        LOG.info(PLAIN);
        resp.getWriter().write("plain");
      }
    }), "/plain");
    server.setHandler(context);
    server.setStopAtShutdown(true);
    server.start();
    server.join();
  }
}
