package dev.quartet.instrumentation.uncaught;

import dev.quartet.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code Thread.dispatchUncaughtException(Throwable)}: hands the exception to the bridge. */
public final class UncaughtExceptionAdvice {
  private UncaughtExceptionAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Thread thread, @Advice.Argument(0) Throwable error) {
    Bridge.uncaughtException(thread, error);
  }
}
