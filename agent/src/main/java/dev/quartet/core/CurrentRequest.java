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

  public static void restore(ServerRequest previous) {
    if (previous == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(previous);
    }
  }
}
