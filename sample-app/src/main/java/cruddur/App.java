package cruddur;

import cruddur.web.ActivitiesServlet;
import cruddur.web.CorsFilter;
import cruddur.web.CreateActivityServlet;
import cruddur.web.CreateMessageServlet;
import cruddur.web.DebugErrorServlet;
import cruddur.web.HealthCheckServlet;
import cruddur.web.HomeActivitiesServlet;
import cruddur.web.JsonErrorHandler;
import cruddur.web.MessageGroupsServlet;
import cruddur.web.MessagesServlet;
import cruddur.web.NotFoundServlet;
import cruddur.web.NotificationsServlet;
import cruddur.web.RollbarTestServlet;
import cruddur.web.SearchActivitiesServlet;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.util.EnumSet;
import java.util.List;

/**
 * The Cruddur backend: the activities API as plain servlets on embedded Jetty. It has no observability code;
 * tracing, logs shipping and error reporting are added from outside by a javaagent.
 *
 * <p>{@code java -jar sample-app.jar} listens on port 4567, or on {@code PORT} (0 = any free port); CORS origins
 * come from {@code FRONTEND_URL}/{@code BACKEND_URL}. Tests embed it with {@link #start(int)}.</p>
 */
public final class App {

    public static final int DEFAULT_PORT = 4567;

    private final Server server;
    private final ServerConnector connector;

    private App(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /** Starts the app on {@code port} (0 = any free port), CORS origins from the environment; returns once listening. */
    public static App start(int port) {
        return start(port, CorsFilter.allowedOriginsFrom(System.getenv()));
    }

    /**
     * Starts the app on {@code port} (0 = any free port) allowing the given CORS origins (empty = any); returns
     * once listening.
     */
    public static App start(int port, List<String> corsOrigins) {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(context(corsOrigins));
        server.setErrorHandler(new JsonErrorHandler.ServerLevel());
        server.setStopAtShutdown(true);
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new IllegalStateException("Cruddur could not start on port " + port + ": " + e.getMessage(), e);
        }
        return new App(server, connector);
    }

    /**
     * The servlet context. The url-patterns are part of the contract: the agent names {@code http.route} after
     * the pattern of the servlet that served the request.
     */
    static ServletContextHandler context(List<String> corsOrigins) {
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.setErrorHandler(new JsonErrorHandler());

        FilterHolder cors = new FilterHolder(new CorsFilter(corsOrigins));
        cors.setName("cors");
        cors.setAsyncSupported(true);
        context.addFilter(cors, "/*", EnumSet.of(DispatcherType.REQUEST));

        addServlet(context, "health-check", new HealthCheckServlet(), "/api/health-check", false);
        addServlet(context, "activities-home", new HomeActivitiesServlet(), "/api/activities/home", false);
        addServlet(context, "activities-notifications", new NotificationsServlet(),
                "/api/activities/notifications", true);
        addServlet(context, "activities-search", new SearchActivitiesServlet(), "/api/activities/search", false);
        addServlet(context, "activities-create", new CreateActivityServlet(), "/api/activities", false);
        addServlet(context, "activities", new ActivitiesServlet(), "/api/activities/*", false);
        addServlet(context, "message-groups", new MessageGroupsServlet(), "/api/message_groups", true);
        addServlet(context, "messages", new MessagesServlet(), "/api/messages/*", false);
        addServlet(context, "messages-create", new CreateMessageServlet(), "/api/messages", false);
        addServlet(context, "rollbar-test", new RollbarTestServlet(), "/api/rollbar/test", false);
        addServlet(context, "debug-error", new DebugErrorServlet(), "/api/debug/error", false);
        addServlet(context, "not-found", new NotFoundServlet(), "/", false);
        return context;
    }

    private static void addServlet(ServletContextHandler context, String name, HttpServlet servlet, String pattern,
                                   boolean asyncSupported) {
        ServletHolder holder = new ServletHolder(name, servlet);
        holder.setAsyncSupported(asyncSupported);
        context.addServlet(holder, pattern);
    }

    /** The port the app listens on (the actual one when started with port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** Stops the server and waits for it. */
    public void stop() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Cruddur did not stop cleanly: " + e.getMessage(), e);
        }
    }

    /** Blocks until the server has stopped (for instance by SIGTERM). */
    public void join() throws InterruptedException {
        server.join();
    }

    public static void main(String[] args) throws InterruptedException {
        int port = portFrom(System.getenv("PORT"));
        App app = start(port);
        System.out.println("Cruddur listening on http://0.0.0.0:" + app.port());
        System.out.flush();
        app.join();
    }

    static int portFrom(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_PORT;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 0 || port > 65535) {
                throw new NumberFormatException("out of range");
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("PORT must be a port number (0-65535), not '" + value + "'", e);
        }
    }
}
