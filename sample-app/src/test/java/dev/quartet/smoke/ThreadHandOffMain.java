package dev.quartet.smoke;

import example.threads.AppThread;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import java.util.stream.IntStream;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A web app that hands work to other threads inside its requests, for {@link ThreadHandOffIT}, with no observability
 * code: {@code GET /handoff?via=NAME} runs one kind of hand-off ({@link #EXPECTED} names each and how many log lines
 * its work writes) and waits for it; the work logs {@code ran NAME} on the other thread. {@code /outside} has a
 * thread of the app's own, outside any request, hand work to the same pools (it logs {@code outside NAME}).
 * {@code /call-from-pool?target=URL} calls URL from a pool thread. {@code /identity} checks that the pools give the
 * app back its own task objects. The pools are made at startup and reused by every request.
 */
public final class ThreadHandOffMain {
  static final String LOGGER = "app.threads";
  /** Each hand-off, and the number of "ran" lines its work logs. */
  static final Map<String, Integer> EXPECTED =
      Map.ofEntries(
          Map.entry("execute", 1),
          Map.entry("submit", 1),
          Map.entry("invokeAll", 2),
          Map.entry("cached", 1),
          Map.entry("single", 1),
          Map.entry("schedule", 1),
          Map.entry("supplyAsync", 1),
          Map.entry("supplyAsyncExecutor", 1),
          Map.entry("thenApplyAsync", 1),
          Map.entry("thenApplyAsyncExecutor", 1),
          Map.entry("runAsync", 1),
          Map.entry("forkJoinSubmit", 1),
          Map.entry("forkJoinInvoke", 1),
          Map.entry("forkJoinRecursion", 4),
          Map.entry("parallelStream", 4),
          Map.entry("thread", 1),
          Map.entry("threadSubclass", 1));

  private static final Logger LOG = Logger.getLogger(LOGGER);

  static final ExecutorService FIXED = Executors.newFixedThreadPool(2);
  static final ExecutorService CACHED = Executors.newCachedThreadPool();
  static final ExecutorService SINGLE = Executors.newSingleThreadExecutor();
  static final ScheduledExecutorService SCHEDULED = Executors.newScheduledThreadPool(1);
  static final ForkJoinPool FORK_JOIN = new ForkJoinPool(2);

  private ThreadHandOffMain() {}

  public static void main(String[] args) throws Exception {
    BlockingQueue<String> outside = new LinkedBlockingQueue<>();
    Thread background = new Thread(() -> handOffOutsideRequests(outside), "app-background");
    background.setDaemon(true);
    background.start();

    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setPort(Integer.parseInt(System.getenv().getOrDefault("PORT", "0")));
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.addServlet(new ServletHolder(text(req -> "{\"success\": true}")), "/api/health-check");
    context.addServlet(new ServletHolder(text(req -> {
      String via = req.getParameter("via");
      handOff(via, "ran " + via);
      return "ok";
    })), "/handoff");
    context.addServlet(new ServletHolder(text(req -> {
      outside.add(req.getParameter("via"));
      return "queued";
    })), "/outside");
    context.addServlet(new ServletHolder(text(req -> {
      URI target = URI.create(req.getParameter("target"));
      return FIXED.submit(() -> OutgoingCallsMain.call(null, "huc", target)).get(10, TimeUnit.SECONDS).toString();
    })), "/call-from-pool");
    context.addServlet(new ServletHolder(text(req -> identity())), "/identity");
    server.setHandler(context);
    server.start();
    server.join();
  }

  interface Handler {
    String handle(HttpServletRequest req) throws Exception;
  }

  private static HttpServlet text(Handler handler) {
    return new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String body;
        try {
          body = handler.handle(req);
        } catch (Exception e) {
          throw new IOException(e);
        }
        resp.setContentType("text/plain");
        resp.getWriter().write(body);
      }
    };
  }

  private static void handOffOutsideRequests(BlockingQueue<String> queue) {
    while (true) {
      try {
        String via = queue.take();
        handOff(via, "outside " + via);
      } catch (Exception e) {
        LOG.warning("outside hand-off failed: " + e);
      }
    }
  }

  /** Runs the hand-off {@code via}, whose work logs {@code message}, and waits until the work is done. */
  static void handOff(String via, String message) throws Exception {
    Runnable log = () -> LOG.info(message);
    Callable<String> logged = () -> {
      LOG.info(message);
      return message;
    };
    switch (via) {
      case "execute": {
        CountDownLatch done = new CountDownLatch(1);
        FIXED.execute(() -> {
          log.run();
          done.countDown();
        });
        done.await(10, TimeUnit.SECONDS);
        break;
      }
      case "submit":
        FIXED.submit(logged).get(10, TimeUnit.SECONDS);
        break;
      case "invokeAll":
        for (java.util.concurrent.Future<String> f : FIXED.invokeAll(List.of(logged, logged))) {
          f.get(10, TimeUnit.SECONDS);
        }
        break;
      case "cached":
        CACHED.submit(log).get(10, TimeUnit.SECONDS);
        break;
      case "single":
        SINGLE.submit(log).get(10, TimeUnit.SECONDS);
        break;
      case "schedule":
        SCHEDULED.schedule(logged, 20, TimeUnit.MILLISECONDS).get(10, TimeUnit.SECONDS);
        break;
      case "supplyAsync":
        CompletableFuture.supplyAsync(() -> call(logged)).get(10, TimeUnit.SECONDS);
        break;
      case "supplyAsyncExecutor":
        CompletableFuture.supplyAsync(() -> call(logged), FIXED).get(10, TimeUnit.SECONDS);
        break;
      case "thenApplyAsync":
        CompletableFuture.supplyAsync(() -> 1).thenApplyAsync(x -> call(logged)).get(10, TimeUnit.SECONDS);
        break;
      case "thenApplyAsyncExecutor":
        CompletableFuture.supplyAsync(() -> 1, CACHED).thenApplyAsync(x -> call(logged), FIXED)
            .get(10, TimeUnit.SECONDS);
        break;
      case "runAsync":
        CompletableFuture.runAsync(log).get(10, TimeUnit.SECONDS);
        break;
      case "forkJoinSubmit":
        FORK_JOIN.submit(log).get(10, TimeUnit.SECONDS);
        break;
      case "forkJoinInvoke":
        FORK_JOIN.invoke(ForkJoinTask.adapt(log));
        break;
      case "forkJoinRecursion":
        FORK_JOIN.invoke(new Leaves(0, 4, log));
        break;
      case "parallelStream":
        IntStream.range(0, 4).parallel().forEach(i -> log.run());
        break;
      case "thread": {
        Thread t = new Thread(log, "app-thread");
        t.start();
        t.join(10_000);
        break;
      }
      case "threadSubclass": {
        Thread t = new AppThread(log);
        t.start();
        t.join(10_000);
        break;
      }
      default:
        throw new IllegalArgumentException(via);
    }
  }

  private static String call(Callable<String> c) {
    try {
      return c.call();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Fork-join recursion: splits [from, to) in halves until one element is left, which runs {@code leaf}. */
  static final class Leaves extends RecursiveAction {
    private final int from;
    private final int to;
    private final Runnable leaf;

    Leaves(int from, int to, Runnable leaf) {
      this.from = from;
      this.to = to;
      this.leaf = leaf;
    }

    @Override
    protected void compute() {
      if (to - from == 1) {
        leaf.run();
        return;
      }
      int mid = (from + to) / 2;
      invokeAll(new Leaves(from, mid, leaf), new Leaves(mid, to, leaf));
    }
  }

  /** The task objects the pools give back are the app's own: "name=true" for each check. */
  static String identity() throws Exception {
    List<String> results = new ArrayList<>();
    CountDownLatch block = new CountDownLatch(1);
    AtomicReference<Runnable> seenAfter = new AtomicReference<>();
    ThreadPoolExecutor one =
        new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>()) {
          @Override
          protected void afterExecute(Runnable r, Throwable t) {
            seenAfter.compareAndSet(null, r);
          }
        };
    Runnable blocker = () -> {
      try {
        block.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
    one.execute(blocker);
    Runnable queued = () -> {};
    one.execute(queued);
    results.add("queued=" + one.getQueue().contains(queued));
    results.add("removed=" + one.remove(queued));
    Runnable left = () -> {};
    one.execute(left);
    List<Runnable> returned = one.shutdownNow(); // the blocker still runs (and is interrupted): left is queued
    results.add("shutdownNow=" + (returned.size() == 1 && returned.get(0) == left));
    one.awaitTermination(10, TimeUnit.SECONDS);
    results.add("afterExecute=" + (seenAfter.get() == blocker));

    ScheduledThreadPoolExecutor scheduled = new ScheduledThreadPoolExecutor(1);
    ScheduledFuture<?> later = scheduled.schedule(() -> {}, 1, TimeUnit.HOURS);
    results.add("scheduledRemoved=" + scheduled.remove((Runnable) later));
    scheduled.shutdownNow();

    ForkJoinTask<?> task = ForkJoinTask.adapt(() -> {});
    results.add("forkJoinSame=" + (FORK_JOIN.submit(task) == task));
    task.get(10, TimeUnit.SECONDS);
    return String.join(" ", results);
  }
}
