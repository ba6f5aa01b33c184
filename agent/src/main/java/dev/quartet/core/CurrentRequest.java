package dev.quartet.core;

/** The request being served on this thread, so that log records and errors can name their trace. */
public final class CurrentRequest {
  private static final ThreadLocal<ServerRequest> CURRENT = new ThreadLocal<>();

  private CurrentRequest() {}

  public static ServerRequest get() {
    return CURRENT.get();
  }

  /** Makes {@code request} current and returns the previous one, to restore with {@link #restore}. */
  public static ServerRequest enter(ServerRequest request) {
    ServerRequest previous = CURRENT.get();
    CURRENT.set(request);
    return previous;
  }

  /**
   * {@code task}, run with {@code request} current, as work the request handed off to another thread (an
   * {@code AsyncContext.start} task): its log records name the request's trace. The thread's own context comes back
   * when the task ends, so a pooled thread never keeps it.
   */
  public static Runnable carrying(ServerRequest request, Runnable task) {
    return new Carrier(request, task);
  }

  /** A task that runs with a request current; see {@link #carrying}. */
  public static final class Carrier implements Runnable {
    private final ServerRequest request;
    private final Runnable task;

    private Carrier(ServerRequest request, Runnable task) {
      this.request = request;
      this.task = task;
    }

    @Override
    public void run() {
      ServerRequest previous = enter(request);
      try {
        task.run();
      } finally {
        restore(previous);
      }
    }

    @Override
    public String toString() {
      return task.toString();
    }
  }

  public static void restore(ServerRequest previous) {
    if (previous == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(previous);
    }
  }
}
