package dev.quartet.bootstrap;

/**
 * The only Quartet entry point visible to app classes: advice inlined into them calls these static methods.
 * Each call is guarded so that no failure in Quartet can reach the app.
 */
public final class Bridge {
  private static volatile Capture capture = Capture.NOOP;

  private Bridge() {}

  public static void install(Capture c) {
    capture = c == null ? Capture.NOOP : c;
  }

  public static Object serverEnter(Object request, Object response) {
    try {
      return capture.serverEnter(request, response);
    } catch (Throwable t) {
      return null;
    }
  }

  public static void serverExit(Object token, Object request, Object response, Throwable thrown) {
    if (token == null) {
      return;
    }
    try {
      capture.serverExit(token, request, response, thrown);
    } catch (Throwable t) {
      // swallowed: the app's own outcome stands
    }
  }

  public static void asyncStarted(Object request, Object asyncContext) {
    try {
      capture.asyncStarted(request, asyncContext);
    } catch (Throwable t) {
      // swallowed
    }
  }

  public static Object containerEnter(String container, Object request, Object response) {
    try {
      return capture.containerEnter(container, request, response);
    } catch (Throwable t) {
      return null;
    }
  }

  public static void containerExit(Object token, Throwable thrown) {
    if (token == null) {
      return;
    }
    try {
      capture.containerExit(token, thrown);
    } catch (Throwable t) {
      // swallowed: the container's own outcome stands
    }
  }

  public static void containerCompleted(String container, Object request) {
    try {
      capture.containerCompleted(container, request);
    } catch (Throwable t) {
      // swallowed
    }
  }

  public static Runnable asyncTask(Object asyncContext, Runnable task) {
    try {
      Runnable wrapped = capture.asyncTask(asyncContext, task);
      return wrapped == null ? task : wrapped;
    } catch (Throwable t) {
      return task;
    }
  }

  public static Object logEnter(String library, Object source, Object event) {
    try {
      return capture.logEnter(library, source, event);
    } catch (Throwable t) {
      return null;
    }
  }

  public static void logExit(Object token) {
    if (token == null) {
      return;
    }
    try {
      capture.logExit(token);
    } catch (Throwable t) {
      // swallowed
    }
  }

  public static void uncaughtException(Thread thread, Throwable error) {
    try {
      capture.uncaughtException(thread, error);
    } catch (Throwable t) {
      // swallowed: the JVM's own handling goes on
    }
  }

  public static Object clientEnter(String library, Object request) {
    try {
      return capture.clientEnter(library, request);
    } catch (Throwable t) {
      return null;
    }
  }

  public static Object clientRequest(Object token, Object request) {
    if (token == null) {
      return request;
    }
    try {
      Object replacement = capture.clientRequest(token, request);
      return replacement == null ? request : replacement;
    } catch (Throwable t) {
      return request;
    }
  }

  public static void clientExit(Object token, Object result, Throwable thrown) {
    if (token == null) {
      return;
    }
    try {
      capture.clientExit(token, result, thrown);
    } catch (Throwable t) {
      // swallowed: the app's own outcome stands
    }
  }

  public static void handlerEnter(String framework, Class<?> type, String method) {
    try {
      capture.handlerEnter(framework, type, method);
    } catch (Throwable t) {
      // swallowed: the handler runs as before
    }
  }

  // --- methods named by rules or @WithSpan (instrumentation/methods) ---

  /** An instrumented method starts; {@code site} names the method and its rule, {@code args} is null when unread. */
  public static Object methodEnter(int site, Object self, Object[] args) {
    try {
      return capture.methodEnter(site, self, args);
    } catch (Throwable t) {
      return null;
    }
  }

  public static void methodExit(Object token, Object returned, Throwable thrown) {
    if (token == null) {
      return;
    }
    try {
      capture.methodExit(token, returned, thrown);
    } catch (Throwable t) {
      // swallowed: the method's own outcome stands
    }
  }
}
