package dev.quartet.instrumentation.undertow;

import dev.quartet.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/** Inlined into Undertow's {@code Connectors.executeRootHandler(HttpHandler, HttpServerExchange)}. */
public final class RootHandlerAdvice {
  private RootHandlerAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.Argument(1) Object exchange) {
    return Bridge.containerEnter("undertow", exchange, null);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object token, @Advice.Thrown Throwable thrown) {
    Bridge.containerExit(token, thrown);
  }
}
