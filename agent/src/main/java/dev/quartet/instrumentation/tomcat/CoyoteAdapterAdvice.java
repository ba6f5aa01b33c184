package dev.quartet.instrumentation.tomcat;

import dev.quartet.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/** Inlined into Tomcat's {@code CoyoteAdapter.service(coyote Request, coyote Response)}. */
public final class CoyoteAdapterAdvice {
  private CoyoteAdapterAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.Argument(0) Object request, @Advice.Argument(1) Object response) {
    return Bridge.containerEnter("tomcat", request, response);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object token, @Advice.Thrown Throwable thrown) {
    Bridge.containerExit(token, thrown);
  }
}
