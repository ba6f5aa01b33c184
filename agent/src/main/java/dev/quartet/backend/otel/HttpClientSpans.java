package dev.quartet.backend.otel;

import dev.quartet.core.ClientRequest;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.StatusCode;

/** The stable HTTP client semantic conventions: attributes and status of a {@link ClientRequest}'s span. */
final class HttpClientSpans {
  static final AttributeKey<String> URL_FULL = AttributeKey.stringKey("url.full");

  private HttpClientSpans() {}

  static void startAttributes(SpanBuilder b, ClientRequest call) {
    if (HttpServerSpans.isKnownMethod(call.method())) {
      b.setAttribute(HttpServerSpans.METHOD, call.method());
    } else {
      b.setAttribute(HttpServerSpans.METHOD, "_OTHER");
      b.setAttribute(HttpServerSpans.METHOD_ORIGINAL, call.method());
    }
    b.setAttribute(URL_FULL, call.url());
    if (call.host() != null) {
      b.setAttribute(HttpServerSpans.SERVER_ADDRESS, call.host());
    }
    if (call.port() > 0) {
      b.setAttribute(HttpServerSpans.SERVER_PORT, (long) call.port());
    }
  }

  /** The status code; 4xx and 5xx are errors of a client span, and so is a call that got no response. */
  static void endAttributes(Span span, ClientRequest call) {
    if (!span.isRecording()) {
      return;
    }
    int status = call.statusCode();
    if (status > 0) {
      span.setAttribute(HttpServerSpans.STATUS, (long) status);
    }
    if (call.error() != null) {
      span.recordException(call.error());
      span.setAttribute(HttpServerSpans.ERROR_TYPE, call.error().getClass().getName());
      span.setStatus(StatusCode.ERROR);
    } else if (status >= 400) {
      span.setAttribute(HttpServerSpans.ERROR_TYPE, Integer.toString(status));
      span.setStatus(StatusCode.ERROR);
    }
  }
}
