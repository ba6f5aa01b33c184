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

  // Trace context across threads (issue 11, instrumentation/concurrent): a task handed to an executor, a fork-join
  // pool or a new thread runs in the context of the thread that handed it over.

  /** {@code task} (a Runnable, a ForkJoinTask or a Thread) is handed to another thread: it takes this thread's context. */
  public static void taskSubmitted(Object task) {
    try {
      capture.taskSubmitted(task);
    } catch (Throwable t) {
      // swallowed: the task runs as before
    }
  }

  /** {@code task} starts on this thread: its context becomes current; the token restores this thread's, or null. */
  public static Object taskStarting(Object task) {
    try {
      return capture.taskStarting(task);
    } catch (Throwable t) {
      return null;
    }
  }

  /** The task that {@link #taskStarting} returned {@code token} for has ended: this thread's own context is back. */
  public static void taskEnded(Object token) {
    if (token == null) {
      return;
    }
    try {
      capture.taskEnded(token);
    } catch (Throwable t) {
      // swallowed
    }
  }

  /**
   * Runs {@code task} where a pool calls {@code task.run()} ({@code ThreadPoolExecutor.runWorker}), within the task's
   * context: the call is replaced by this one, so the app's task object is the one the pool and its hooks see.
   */
  public static void runTask(Runnable task) {
    Object token = taskStarting(task);
    try {
      task.run();
    } finally {
      taskEnded(token);
    }
  }
}
