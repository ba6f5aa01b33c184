package dev.quartet.instrumentation.methods;

import dev.quartet.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Inlined into a method a rule names whose expressions do not read its arguments: no argument array is made. */
public final class MethodAdvice {
  private MethodAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@SiteId int site, @Advice.This(optional = true) Object self) {
    return Bridge.methodEnter(site, self, null);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Enter Object token,
      @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned,
      @Advice.Thrown Throwable thrown) {
    Bridge.methodExit(token, returned, thrown);
  }
}
