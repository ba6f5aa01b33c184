package dev.quartet.core;

import java.io.IOException;
import java.util.Locale;

/** What an exception means to Quartet: the app's own failure behind a wrapper, a client that hung up, a root cause. */
public final class Throwables {
  private Throwables() {}

  /** Bounds every walk down a cause chain (a cycle of causes must not hang the request thread). */
  private static final int MAX_DEPTH = 32;

  /**
   * Exceptions that only carry another one: Spring MVC wraps every controller failure in a plain
   * {@code ServletException("Request processing failed…")} (older Spring in {@code NestedServletException}), and
   * containers wrap a filter's or servlet's checked exception likewise. Exact classes only: an app's own subclass
   * of {@code ServletException} is its failure.
   */
  private static final String[] WRAPPERS = {
    "jakarta.servlet.ServletException",
    "javax.servlet.ServletException",
    "org.springframework.web.util.NestedServletException"
  };

  /**
   * Exceptions a container throws when the client went away while the response was written. The Tomcat name is
   * built at run time: the agent's build relocates string constants that start like {@code org.apache}.
   */
  private static final String[] CLIENT_ABORTS = {
    String.join(".", "org", "apache", "catalina", "connector", "ClientAbortException"),
    "org.eclipse.jetty.io.EofException"
  };

  /** The innermost cause of {@code t} (a self-referencing cause ends the walk). */
  public static Throwable rootCause(Throwable t) {
    Throwable root = t;
    for (int i = 0; i < MAX_DEPTH && root.getCause() != null && root.getCause() != root; i++) {
      root = root.getCause();
    }
    return root;
  }

  /**
   * The app's exception behind container and framework wrappers ({@link #WRAPPERS}), with its own cause chain; the
   * exception itself when it is no wrapper or wraps nothing.
   */
  public static Throwable appException(Throwable t) {
    Throwable e = t;
    for (int i = 0; i < MAX_DEPTH && e != null && isWrapper(e); i++) {
      Throwable cause = e.getCause();
      if (cause == null || cause == e) {
        break;
      }
      e = cause;
    }
    return e;
  }

  /** Whether {@code wanted} is {@code t} or one of its causes (both non-null). */
  public static boolean chainContains(Throwable t, Throwable wanted) {
    if (wanted == null) {
      return false;
    }
    Throwable e = t;
    for (int i = 0; i < MAX_DEPTH && e != null; i++) {
      if (e == wanted) {
        return true;
      }
      Throwable cause = e.getCause();
      e = cause == e ? null : cause;
    }
    return false;
  }

  /**
   * Whether {@code t} (or an exception in its cause chain) says the client closed the connection: Tomcat's
   * {@code ClientAbortException}, Jetty's {@code EofException}, or an {@code IOException} "Broken pipe" /
   * "Connection reset". The response was cut short by the client, not failed by the server.
   */
  public static boolean isClientAbort(Throwable t) {
    Throwable e = t;
    for (int i = 0; i < MAX_DEPTH && e != null; i++) {
      if (isNamed(e.getClass(), CLIENT_ABORTS)) {
        return true;
      }
      if (e instanceof IOException && saysConnectionLost(e.getMessage())) {
        return true;
      }
      Throwable cause = e.getCause();
      e = cause == e ? null : cause;
    }
    return false;
  }

  private static boolean saysConnectionLost(String message) {
    if (message == null) {
      return false;
    }
    String m = message.toLowerCase(Locale.ROOT);
    return m.contains("broken pipe") || m.contains("connection reset");
  }

  private static boolean isWrapper(Throwable t) {
    String name = t.getClass().getName();
    for (String wrapper : WRAPPERS) {
      if (wrapper.equals(name)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code type} or one of its superclasses has one of {@code names} (a subclass of EofException too). */
  private static boolean isNamed(Class<?> type, String[] names) {
    for (Class<?> c = type; c != null && c != Throwable.class; c = c.getSuperclass()) {
      for (String name : names) {
        if (name.equals(c.getName())) {
          return true;
        }
      }
    }
    return false;
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
