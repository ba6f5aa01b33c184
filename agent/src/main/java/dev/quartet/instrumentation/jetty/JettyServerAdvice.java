package dev.quartet.instrumentation.jetty;

import dev.quartet.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/** Inlined into Jetty 12's {@code Server.handle(Request, Response, Callback)}. */
public final class JettyServerAdvice {
  private JettyServerAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.Argument(0) Object request, @Advice.Argument(1) Object response) {
    return Bridge.containerEnter("jetty", request, response);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object token, @Advice.Thrown Throwable thrown) {
    Bridge.containerExit(token, thrown);
  }
}
