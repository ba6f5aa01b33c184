package dev.quartet.bootstrap;

/**
 * What the agent core receives from instrumented code. Arguments are typed {@code Object} because the bridge
 * lives in the bootstrap loader and cannot see the app's servlet (or logging) API.
 */
public interface Capture {
  /**
   * A servlet or filter is about to handle a request.
   *
   * @return a token for {@link #serverExit}, or {@code null} when this call is nested inside one already tracked
   */
  Object serverEnter(Object request, Object response);

  /** The call that {@link #serverEnter} returned {@code token} for has returned or thrown. */
  void serverExit(Object token, Object request, Object response, Throwable thrown);

  /** {@code request.startAsync(...)} returned {@code asyncContext}. */
  void asyncStarted(Object request, Object asyncContext);

  /** What {@code asyncContext.start(task)} runs instead of {@code task}: the task within its request's context. */
  default Runnable asyncTask(Object asyncContext, Runnable task) {
    return task;
  }

  /**
   * A servlet container ({@code tomcat}, {@code jetty}, {@code undertow}) hands an exchange to its request
   * processing: {@code request} and {@code response} are the container's own objects (not the servlet API's).
   *
   * @return a token for {@link #containerExit}, or null when nothing is to be done at the exit
   */
  Object containerEnter(String container, Object request, Object response);

  /** The container's call that {@link #containerEnter} returned {@code token} for has returned or thrown. */
  void containerExit(Object token, Throwable thrown);

  /** The container completed the response of {@code request} (for containers that say so by a call of their own). */
  void containerCompleted(String container, Object request);

  /**
   * A logging library ({@code jul}, {@code logback}, {@code log4j2}) is about to hand {@code event} to its
   * handlers or appenders; {@code source} is the instrumented object (the logger). Only the outermost call on a thread is captured, so a record bridged from one library
   * to another is captured once.
   *
   * @return a token to pass to {@link #logExit}
   */
  Object logEnter(String library, Object source, Object event);

  void logExit(Object token);

  /** {@code error} escaped {@code thread}'s run method and reached the uncaught-exception handling. */
  void uncaughtException(Thread thread, Throwable error);

  /**
   * An HTTP client ({@code library}) is about to send {@code request}: a {@code java.net.http.HttpRequest}, or the
   * {@code HttpURLConnection} itself.
   *
   * @return a token for {@link #clientRequest} and {@link #clientExit}, or null when the call is not traced (no
   *     request in flight, or nested in a call already traced)
   */
  Object clientEnter(String library, Object request);

  /** What to send instead of {@code request}: a copy with the trace headers when requests are immutable. */
  Object clientRequest(Object token, Object request);

  /** The call returned {@code result} (a response, or a future of one) or threw {@code thrown}. */
  void clientExit(Object token, Object result, Throwable thrown);

  /**
   * A web framework ({@code jaxrs}) is about to call a handler method of {@code type}: {@code method} is its name and
   * descriptor ({@code get(Ljava/lang/String;)Ljava/lang/String;}). The core takes the framework's route from it.
   */
  default void handlerEnter(String framework, Class<?> type, String method) {}

  /**
   * A method a rule (or {@code @WithSpan}) names starts: {@code site} is the number the instrumentation gave that
   * method, {@code self} its receiver (null when static), {@code args} its arguments (null when no rule reads them).
   *
   * @return a token for {@link #methodExit}, or null when the call is not recorded
   */
  default Object methodEnter(int site, Object self, Object[] args) {
    return null;
  }

  /** The call {@link #methodEnter} returned {@code token} for returned {@code returned} (boxed) or threw. */
  default void methodExit(Object token, Object returned, Throwable thrown) {}

  Capture NOOP =
      new Capture() {
        @Override
        public Object serverEnter(Object request, Object response) {
          return null;
        }

        @Override
        public void serverExit(Object token, Object request, Object response, Throwable thrown) {}

        @Override
        public void asyncStarted(Object request, Object asyncContext) {}

        @Override
        public Object containerEnter(String container, Object request, Object response) {
          return null;
        }

        @Override
        public void containerExit(Object token, Throwable thrown) {}

        @Override
        public void containerCompleted(String container, Object request) {}

        @Override
        public Object logEnter(String library, Object source, Object event) {
          return null;
        }

        @Override
        public void logExit(Object token) {}

        @Override
        public void uncaughtException(Thread thread, Throwable error) {}

        @Override
        public Object clientEnter(String library, Object request) {
          return null;
        }

        @Override
        public Object clientRequest(Object token, Object request) {
          return request;
        }

        @Override
        public void clientExit(Object token, Object result, Throwable thrown) {}
      };
}
