package dev.quartet.instrumentation.jetty;

import dev.quartet.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/** Inlined into Jetty 9.4–11's {@code HttpChannel.handle()}: one dispatch of the channel's current request. */
public final class JettyChannelAdvice {
  private JettyChannelAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.This Object channel) {
    return Bridge.containerEnter("jetty-channel", channel, null);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object token, @Advice.Thrown Throwable thrown) {
    Bridge.containerExit(token, thrown);
  }
}
