package dev.quartet.instrumentation.methods;

import dev.quartet.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Inlined into a method a rule names whose expressions read its arguments (args[i] or a parameter name). */
public final class MethodArgsAdvice {
  private MethodArgsAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(
      @SiteId int site, @Advice.This(optional = true) Object self, @Advice.AllArguments Object[] args) {
    return Bridge.methodEnter(site, self, args);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Enter Object token,
      @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned,
      @Advice.Thrown Throwable thrown) {
    Bridge.methodExit(token, returned, thrown);
  }
}
