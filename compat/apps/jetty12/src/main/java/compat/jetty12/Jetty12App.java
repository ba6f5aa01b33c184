package compat.jetty12;

import java.net.InetSocketAddress;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;

/** Embedded Jetty 12 (ee10, Servlet 6) on 127.0.0.1:$PORT. */
public final class Jetty12App {

  public static void main(String[] args) throws Exception {
    Server server = new Server(new InetSocketAddress("127.0.0.1", Integer.parseInt(System.getenv("PORT"))));
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addServlet(new ServletHolder("health", new Servlets.Health()), "/health");
    context.addServlet(new ServletHolder("hello", new Servlets.Hello()), "/hello");
    context.addServlet(new ServletHolder("items", new Servlets.Items()), "/items/*");
    context.addServlet(new ServletHolder("fail", new Servlets.Fail()), "/fail");
    server.setHandler(context);
    server.setStopAtShutdown(true);
    server.start();
    server.join();
  }
}
