package dev.quartet.instrumentation.servlet;

import dev.quartet.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code ServletRequest.startAsync(...)}: the request's end moves to its AsyncContext's completion. */
public final class StartAsyncAdvice {
  private StartAsyncAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Object request, @Advice.Return Object asyncContext) {
    Bridge.asyncStarted(request, asyncContext);
  }
}
