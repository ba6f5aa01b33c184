package dev.quartet.core;

/**
 * The thread's trace context: the innermost span current on it — a method span, or the request being served — so
 * that log records, errors, outgoing calls and nested method spans name their trace and parent. A context can be
 * captured as an opaque snapshot and attached on another thread (work the request hands off).
 */
public final class CurrentRequest {
  private static final ThreadLocal<Span> CURRENT = new ThreadLocal<>();

  private CurrentRequest() {}

  /** The request of the innermost current span, or null. */
  public static ServerRequest get() {
    Span span = CURRENT.get();
    return span == null ? null : span.request();
  }

  /** The innermost current span (a method span, or the request), or null. */
  public static Span span() {
    return CURRENT.get();
  }

  /** Makes {@code request} current and returns what was, to restore with {@link #restore}. */
  public static Span enter(ServerRequest request) {
    return (Span) attach(request);
  }

  public static void restore(Span previous) {
    restoreSnapshot(previous);
  }

  /** An opaque snapshot of this thread's context (null: none), to {@link #attach} on another thread. */
  public static Object capture() {
    return CURRENT.get();
  }

  /** Makes {@code snapshot} (from {@link #capture}) the thread's context; returns the previous one for restore. */
  public static Object attach(Object snapshot) {
    Span previous = CURRENT.get();
    if (snapshot instanceof Span) {
      CURRENT.set((Span) snapshot);
    } else {
      CURRENT.remove();
    }
    return previous;
  }

  /** Puts back what {@link #attach} returned; null leaves the thread without a context (nothing kept). */
  public static void restoreSnapshot(Object previous) {
    if (previous instanceof Span) {
      CURRENT.set((Span) previous);
    } else {
      CURRENT.remove();
    }
  }

  /**
   * {@code task}, run with {@code snapshot} (a {@link #capture}, or a request) current, as work handed off to another
   * thread (an {@code AsyncContext.start} task): its log records, calls and spans belong to that context. The
   * thread's own context comes back when the task ends, so a pooled thread never keeps it.
   */
  public static Runnable carrying(Object snapshot, Runnable task) {
    return new Carrier(snapshot, task);
  }

  /** A task that runs with a context current; see {@link #carrying}. */
  public static final class Carrier implements Runnable {
    private final Object snapshot;
    private final Runnable task;

    private Carrier(Object snapshot, Runnable task) {
      this.snapshot = snapshot;
      this.task = task;
    }

    @Override
    public void run() {
      Object previous = attach(snapshot);
      try {
        task.run();
      } finally {
        restoreSnapshot(previous);
      }
    }

    @Override
    public String toString() {
      return task.toString();
    }
  }
}
