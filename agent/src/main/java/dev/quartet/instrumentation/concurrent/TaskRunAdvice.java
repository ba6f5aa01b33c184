package dev.quartet.instrumentation.concurrent;

import dev.quartet.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into what runs a handed-over task ({@code ForkJoinTask.doExec}, {@code Thread.run} and the app's
 * overrides of it): the task's context is current while it runs, and the thread's own comes back after.
 */
public final class TaskRunAdvice {
  private TaskRunAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.This Object task) {
    return Bridge.taskStarting(task);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object token) {
    Bridge.taskEnded(token);
  }
}
