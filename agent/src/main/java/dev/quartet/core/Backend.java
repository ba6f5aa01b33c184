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

  /** A request starts; may read headers through the request's trace context. */
  void onRequestStart(ServerRequest request, int index);

  /** The request's response is complete (possibly on another thread than the one that started it). */
  void onRequestEnd(ServerRequest request, int index);

  /** Send what is pending, then release resources; must return within {@code timeout}. */
  void shutdown(Duration timeout);
}
