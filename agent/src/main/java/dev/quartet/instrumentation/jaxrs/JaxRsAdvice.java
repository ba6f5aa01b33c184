package dev.quartet.instrumentation.jaxrs;

import dev.quartet.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into JAX-RS resource methods and sub-resource locators. Hands the method (its class and a constant
 * naming it) to the bridge; the core reads its {@code @Path} templates.
 */
public final class JaxRsAdvice {
  private JaxRsAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.Origin Class<?> type, @Advice.Origin("#m#d") String method) {
    Bridge.handlerEnter("jaxrs", type, method);
  }
}
