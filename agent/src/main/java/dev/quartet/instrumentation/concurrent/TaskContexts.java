package dev.quartet.instrumentation.concurrent;

import dev.quartet.core.CurrentRequest;
import java.util.concurrent.Executor;

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
   * of the app's, not Quartet's, and not started by a thread pool growing (any {@link Executor} on the stack: the new
   * thread will serve later tasks, which bring their own context), nor by Quartet's code.
   */
  private boolean takesContext(Thread thread) {
    Class<?> type = thread.getClass();
    if (thread.getName().startsWith(QUARTET_THREADS)) {
      return false;
    }
    ClassLoader loader = type.getClassLoader();
    if (type != Thread.class
        && (loader == null || loader == quartet || loader == ClassLoader.getPlatformClassLoader())) {
      return false;
    }
    return !STACK.walk(
        frames ->
            frames
                .dropWhile(f -> !(f.getDeclaringClass() == Thread.class && "start".equals(f.getMethodName())))
                .skip(1)
                .anyMatch(f -> startsPoolThreads(f.getDeclaringClass())));
  }

  private boolean startsPoolThreads(Class<?> type) {
    return isQuartets(type)
        || (Executor.class.isAssignableFrom(type) && !THREAD_PER_TASK_EXECUTOR.equals(type.getName()));
  }
}
