package dev.quartet.instrumentation.concurrent;

import dev.quartet.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code Thread.start()}: the new thread takes the starting thread's context. */
public final class ThreadStartAdvice {
  private ThreadStartAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Object thread) {
    Bridge.taskSubmitted(thread);
  }
}
