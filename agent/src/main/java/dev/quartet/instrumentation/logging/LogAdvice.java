package dev.quartet.instrumentation.logging;

import dev.quartet.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into a logging library's dispatch method, whose first argument is the event (JUL's
 * {@code Logger.log(LogRecord)}). The library name is bound per instrumentation with {@link Library}.
 */
public final class LogAdvice {
  private LogAdvice() {}

  /** The library name handed to the bridge, bound by the instrumentation that applies this advice. */
  @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
  public @interface Library {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(
      @Library String library, @Advice.This Object source, @Advice.Argument(0) Object event) {
    return Bridge.logEnter(library, source, event);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object token) {
    Bridge.logExit(token);
  }
}
