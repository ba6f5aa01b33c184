package dev.quartet.instrumentation.tomcat;

import dev.quartet.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/** Inlined into Tomcat's {@code CoyoteAdapter.log(coyote Request, coyote Response, long)}: a request Tomcat rejected. */
public final class CoyoteLogAdvice {
  private CoyoteLogAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.Argument(0) Object request, @Advice.Argument(1) Object response) {
    Bridge.containerEnter("tomcat-rejected", request, response);
  }
}
