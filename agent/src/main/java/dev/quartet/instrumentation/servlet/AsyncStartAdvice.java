package dev.quartet.instrumentation.servlet;

import dev.quartet.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code AsyncContext.start(Runnable)}: the task runs within its request's context. */
public final class AsyncStartAdvice {
  private AsyncStartAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(
      @Advice.This Object asyncContext, @Advice.Argument(value = 0, readOnly = false) Runnable task) {
    task = Bridge.asyncTask(asyncContext, task);
  }
}
