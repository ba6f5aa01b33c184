package dev.quartet.instrumentation.jetty;

import dev.quartet.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/** Inlined into Jetty 9.4–11's {@code HttpChannel.onCompleted()}: the response of the channel's request is complete. */
public final class JettyCompletedAdvice {
  private JettyCompletedAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Object channel) {
    Bridge.containerCompleted("jetty-channel", channel);
  }
}
