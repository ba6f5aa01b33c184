package dev.quartet.instrumentation.logging;

import dev.quartet.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into Log4j 2's {@code Logger.logMessage}/{@code log}, whose level, message and throwable are separate
 * arguments (the LogEvent does not exist yet): all arguments go to the bridge as the "event".
 */
public final class Log4jAdvice {
  private Log4jAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.This Object logger, @Advice.AllArguments Object[] arguments) {
    return Bridge.logEnter("log4j2", logger, arguments);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object token) {
    Bridge.logExit(token);
  }
}
