package cruddur.web;

import cruddur.services.NotificationsActivities;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * GET /api/activities/notifications, asynchronous on purpose: the request thread only starts async processing; a
 * worker thread waits {@link #DOWNSTREAM_DELAY_MS} ms (a stand-in for a downstream call), writes the response and
 * completes it. Must be registered with {@code asyncSupported=true}.
 */
public class NotificationsServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOGGER = Logger.getLogger(NotificationsServlet.class.getName());

    public static final long DOWNSTREAM_DELAY_MS = 25;
    private static final long ASYNC_TIMEOUT_MS = 10_000;

    private transient ExecutorService executor;

    @Override
    public void init() {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory threads = task -> {
            Thread thread = new Thread(task, "cruddur-notifications-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        executor = Executors.newFixedThreadPool(4, threads);
    }

    @Override
    public void destroy() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    @Override
    protected List<String> allowedMethods(HttpServletRequest request) {
        return GET;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) {
        AsyncContext async = request.startAsync();
        async.setTimeout(ASYNC_TIMEOUT_MS);
        executor.execute(() -> {
            try {
                Thread.sleep(DOWNSTREAM_DELAY_MS);
                Json.send((HttpServletResponse) async.getResponse(), 200, NotificationsActivities.run());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                sendUnavailable(async);
            } catch (IOException e) {
                LOGGER.log(Level.FINE, "could not write the notifications response", e);
            } finally {
                async.complete();
            }
        });
    }

    private static void sendUnavailable(AsyncContext async) {
        try {
            Json.sendError((HttpServletResponse) async.getResponse(), 503, "service_unavailable");
        } catch (IOException | IllegalStateException e) {
            LOGGER.log(Level.FINE, "could not write the 503 response", e);
        }
    }
}
