package dev.quartet.instrumentation.httpclient;

import dev.quartet.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into the JDK's {@code HttpURLConnection} {@code connect}, {@code getOutputStream} and
 * {@code getInputStream}: the first of them starts the call and sets the trace headers; {@code getInputStream} (which
 * {@code getResponseCode} goes through) ends it.
 */
public final class HttpUrlConnectionAdvice {
  private HttpUrlConnectionAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.This Object connection) {
    Object token = Bridge.clientEnter("HttpURLConnection", connection);
    Bridge.clientRequest(token, connection);
    return token;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Enter Object token,
      @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object result,
      @Advice.Thrown Throwable thrown) {
    Bridge.clientExit(token, result, thrown);
  }
}
