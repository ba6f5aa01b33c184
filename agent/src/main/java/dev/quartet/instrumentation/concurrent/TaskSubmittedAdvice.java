package dev.quartet.instrumentation.concurrent;

import dev.quartet.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined where a task is handed to a pool ({@code ThreadPoolExecutor.execute}, {@code
 * ScheduledThreadPoolExecutor.delayedExecute}, a fork-join work queue's push): the task takes this thread's context.
 */
public final class TaskSubmittedAdvice {
  private TaskSubmittedAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.Argument(0) Object task) {
    Bridge.taskSubmitted(task);
  }
}
