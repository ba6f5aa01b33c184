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

  /**
   * What went wrong, for a user: the innermost cause's message (its simple class name when it has none), without the
   * relocated package prefix of Quartet's copies of libraries.
   */
  public static String userMessage(Throwable t) {
    Throwable root = rootCause(t);
    String m = root.getMessage();
    String text = m == null || m.trim().isEmpty() ? root.getClass().getSimpleName() : m;
    return withoutShadedPrefix(text);
  }

  /** {@code text} without the package prefix of Quartet's relocated libraries. */
  public static String withoutShadedPrefix(String text) {
    return text.replace(SHADED_PREFIX, "");
  }

  /** dev.quartet.shaded. (built at run time: the shade step would relocate the literal). */
  private static final String SHADED_PREFIX = Throwables.class.getPackage().getName().replace(".core", ".shaded.");
}
