package dev.quartet.instrumentation.httpclient;

import dev.quartet.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into {@code java.net.http.HttpClient.send} and {@code sendAsync}: the request argument is replaced by one
 * carrying the backends' trace headers; the response (or its future) ends the call.
 */
public final class HttpClientAdvice {
  private HttpClientAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(
      @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object request) {
    Object token = Bridge.clientEnter("java.net.http", request);
    request = Bridge.clientRequest(token, request);
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
