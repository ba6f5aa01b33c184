package dev.quartet.instrumentation.servlet;

import dev.quartet.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code Servlet.service(req, resp)} and {@code Filter.doFilter(req, resp, chain)}. It only hands the
 * call to the bridge; everything else happens in the core.
 */
public final class ServletAdvice {
  private ServletAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.Argument(0) Object request, @Advice.Argument(1) Object response) {
    return Bridge.serverEnter(request, response);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Enter Object token,
      @Advice.Argument(0) Object request,
      @Advice.Argument(1) Object response,
      @Advice.Thrown Throwable thrown) {
    Bridge.serverExit(token, request, response, thrown);
  }
}
