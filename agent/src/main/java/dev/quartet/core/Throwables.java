package dev.quartet.core;

/** Small helpers for the exceptions Quartet reports about itself. */
public final class Throwables {
  private Throwables() {}

  /** The innermost cause of {@code t} (a self-referencing cause ends the walk). */
  public static Throwable rootCause(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }
}
