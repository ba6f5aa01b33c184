package dev.quartet.instrumentation.concurrent;

import dev.quartet.core.CurrentRequest;
import dev.quartet.instrumentation.IgnoredTypes;
import java.util.concurrent.Executor;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * Trace context across threads: a task handed to another thread takes the context of the thread that handed it
 * over, and runs with it; the running thread's own context comes back when the task ends. Tasks are never wrapped:
 * the context is kept beside the task (weakly, by identity) until the task starts, so the object an executor queues,
 * returns from {@code shutdownNow}, passes to {@code beforeExecute}/{@code afterExecute} or lets the app
 * {@code remove} is the app's own.
 *
 * <p>Nothing of Quartet's own takes an app's context: tasks of Quartet's classes, threads named {@code quartet-*},
 * threads Quartet or a thread pool starts. A context is taken once: a periodic task carries it on its first run only.
 */
public final class TaskContexts {
  static final String QUARTET_THREADS = "quartet-";
  /** The thread of {@code CompletableFuture}'s async stages when the common pool has one thread or less. */
  private static final String THREAD_PER_TASK_EXECUTOR = "java.util.concurrent.CompletableFuture$ThreadPerTaskExecutor";
  private static final StackWalker STACK = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
  /**
   * Methods of executors (the JDK's, Jetty's, Tomcat's, Netty's…) in which a pool starts a worker thread: handing
   * over work, prestarting or resizing.
   */
  private static final String[] HAND_OVER_METHODS = {
    "execute", "submit", "invoke", "schedule", "prestart", "ensurePrestart", "addWorker", "tryExecute",
    "startThread", "ensureThreads", "setCorePoolSize", "setMaximumPoolSize", "signalWork", "createWorker",
    "tryAddWorker", "offer", "dispatch"
  };
  /**
   * Whether the {@code run} a thread of this class runs is instrumented ({@code Thread.run}, or the override of a
   * class Quartet does not ignore): a thread whose run would never take its context must not hold one.
   */
  private static final ClassValue<Boolean> RUN_INSTRUMENTED =
      new ClassValue<Boolean>() {
        private final IgnoredTypes ignored = new IgnoredTypes(ElementMatchers.none());

        @Override
        protected Boolean computeValue(Class<?> type) {
          try {
            Class<?> declaring = type.getMethod("run").getDeclaringClass();
            return declaring == Thread.class || !ignored.matches(TypeDescription.ForLoadedType.of(declaring));
          } catch (Throwable t) {
            return false;
          }
        }
      };
  /** The token of a task that started on a thread with no context of its own. */
  private static final Object NONE_BEFORE = new Object();

  private final WeakTaskMap contexts = new WeakTaskMap();
  private final ClassLoader quartet;

  public TaskContexts() {
    this(TaskContexts.class.getClassLoader());
  }

  /** {@code quartet}: the loader of Quartet's own classes, whose tasks and threads never take an app's context. */
  TaskContexts(ClassLoader quartet) {
    this.quartet = quartet;
  }

  /** {@code task} is handed to another thread: it takes this thread's context. Without one: a thread-local read. */
  public void submitted(Object task) {
    Object context = CurrentRequest.capture();
    if (context == null || task == null) {
      return;
    }
    if (task instanceof Thread ? takesContext((Thread) task) : !isQuartets(task.getClass())) {
      contexts.put(task, context);
    }
  }

  /** {@code task} starts on this thread: its context is made current. Returns the token for {@link #ended}, or null. */
  public Object starting(Object task) {
    Object context = contexts.take(task);
    if (context == null) {
      return null;
    }
    Object previous = CurrentRequest.attach(context);
    return previous == null ? NONE_BEFORE : previous;
  }

  public void ended(Object token) {
    CurrentRequest.restoreSnapshot(token == NONE_BEFORE ? null : token);
  }

  /** Tasks waiting to start with a context: for tests. */
  int waiting() {
    return contexts.size();
  }

  private boolean isQuartets(Class<?> type) {
    return type.getClassLoader() == quartet;
  }

  /**
   * A thread started while a context is current takes it when it is the app's own work: a {@code Thread} or a subclass
   * of the app's whose run is instrumented, not Quartet's, and not started by a thread pool that grows as work is handed to it (the new thread
   * serves later tasks, which bring their own context).
   */
  private boolean takesContext(Thread thread) {
    Class<?> type = thread.getClass();
    if (thread.getName().startsWith(QUARTET_THREADS)) {
      return false;
    }
    ClassLoader loader = type.getClassLoader();
    if (type != Thread.class
        && (loader == null
            || loader == quartet
            || loader == ClassLoader.getPlatformClassLoader()
            || !RUN_INSTRUMENTED.get(type))) {
      return false;
    }
    return !startedByPoolOrQuartet();
  }

  /**
   * Whether the innermost caller of {@code Thread.start} that is Quartet's or an {@link Executor} is Quartet's code or
   * an executor handing over work ({@code execute}, {@code submit}, {@code schedule}… starting a worker). An
   * executor's run loop further down (the request's own pooled thread) does not count, nor does
   * {@code CompletableFuture}'s thread-per-task executor, whose threads are its tasks.
   */
  private boolean startedByPoolOrQuartet() {
    return STACK.walk(
        frames ->
            frames
                .dropWhile(f -> !(f.getDeclaringClass() == Thread.class && "start".equals(f.getMethodName())))
                .skip(1)
                .filter(f -> isQuartets(f.getDeclaringClass()) || isPool(f.getDeclaringClass()))
                .findFirst()
                .map(f -> isQuartets(f.getDeclaringClass()) || handsOverWork(f.getMethodName()))
                .orElse(false));
  }

  private static boolean isPool(Class<?> type) {
    return Executor.class.isAssignableFrom(type) && !THREAD_PER_TASK_EXECUTOR.equals(type.getName());
  }

  private static boolean handsOverWork(String method) {
    for (String prefix : HAND_OVER_METHODS) {
      if (method.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
