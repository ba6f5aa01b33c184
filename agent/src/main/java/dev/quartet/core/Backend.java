package dev.quartet.core;

import java.time.Duration;

/**
 * Where captured data is shipped: OpenTelemetry, X-Ray, CloudWatch Logs, Rollbar. Each backend is self-contained and
 * can be switched off alone. Callbacks run on app threads, so they must be quick and hand slow work to the backend's
 * own bounded queue and daemon thread; the core isolates each backend's failures from the others and from the app.
 */
public interface Backend {
  /** Short name used in settings and in the startup line: otel, xray, cloudwatch, rollbar. */
  String name();

  /** Where it sends, for the startup line; never includes a secret. */
  String describe();

  /**
   * A request starts. The backend may add response headers ({@link ServerRequest#addResponseHeader}) and keep
   * per-request state in {@code request.backendState(index, …)}.
   */
  void onRequestStart(ServerRequest request, int index);

  /** The request's response is complete (possibly on another thread than the one that started it). */
  void onRequestEnd(ServerRequest request, int index);

  /**
   * An outgoing HTTP call of a request starts; the backend may add headers that pass its trace context on
   * ({@link ClientRequest#setRequestHeader}). On the calling thread: enqueue, never block.
   */
  default void onClientStart(ClientRequest call, int index) {}

  /** The outgoing call has its response, or failed (possibly on another thread). */
  default void onClientEnd(ClientRequest call, int index) {}

  /**
   * A method span starts ({@link MethodSpan}, the only kind of span this is called for: server requests and outgoing
   * calls have their own callbacks). Its parent is {@link Span#parent()} (null: it starts a trace). On the app's
   * thread: quick, never blocking.
   */
  default void onSpanStart(Span span, int index) {}

  /** The method span ended (possibly on another thread than it started on, possibly after its request ended). */
  default void onSpanEnd(Span span, int index) {}

  /**
   * A log record of the app, on the thread that logged it (never Quartet's own records). Must not block: enqueue.
   */
  default void onLog(LogEvent event) {}

  /**
   * An exception that escaped a thread's run method (not a request: a request's escaped exception is its
   * {@link ServerRequest#error()} at {@link #onRequestEnd}).
   */
  default void onUncaughtException(Thread thread, Throwable error, ServerRequest request) {}

  /** Send what is pending, then release resources; must return within {@code timeout}. */
  void shutdown(Duration timeout);

  /**
   * What is still waiting to be sent, for the line printed when {@link #shutdown} outlives its timeout ("412 spans"),
   * or null when the backend cannot tell. Cheap, and safe to call from any thread at any time.
   */
  default String pending() {
    return null;
  }
}
