package dev.quartet.backend.otel;

import dev.quartet.core.ServerRequest;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/** The stable HTTP server semantic conventions: span name and attributes of a {@link ServerRequest}. */
final class HttpServerSpans {
  static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  static final AttributeKey<String> METHOD_ORIGINAL = AttributeKey.stringKey("http.request.method_original");
  static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
  static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
  static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");
  static final AttributeKey<String> URL_QUERY = AttributeKey.stringKey("url.query");
  static final AttributeKey<String> URL_SCHEME = AttributeKey.stringKey("url.scheme");
  static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  static final AttributeKey<String> CLIENT_ADDRESS = AttributeKey.stringKey("client.address");
  static final AttributeKey<String> PEER_ADDRESS = AttributeKey.stringKey("network.peer.address");
  static final AttributeKey<Long> PEER_PORT = AttributeKey.longKey("network.peer.port");
  static final AttributeKey<String> USER_AGENT = AttributeKey.stringKey("user_agent.original");
  static final AttributeKey<String> PROTOCOL_VERSION = AttributeKey.stringKey("network.protocol.version");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  private static final Set<String> KNOWN_METHODS =
      new HashSet<>(Arrays.asList("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"));

  private HttpServerSpans() {}

  static boolean isKnownMethod(String method) {
    return KNOWN_METHODS.contains(method);
  }

  /** {@code {METHOD} {route}}, or just the method when there is no route; {@code HTTP} for unknown methods. */
  static String spanName(ServerRequest r) {
    String method = isKnownMethod(r.method()) ? r.method() : "HTTP";
    return r.route() == null ? method : method + " " + r.route();
  }

  /** The attributes known when the request starts (so that samplers can see them). */
  static void startAttributes(SpanBuilder b, ServerRequest r) {
    if (isKnownMethod(r.method())) {
      b.setAttribute(METHOD, r.method());
    } else {
      b.setAttribute(METHOD, "_OTHER");
      b.setAttribute(METHOD_ORIGINAL, r.method());
    }
    setIfPresent(b, URL_SCHEME, r.scheme());
    setIfPresent(b, URL_PATH, r.path());
    if (r.query() != null && !r.query().isEmpty()) {
      b.setAttribute(URL_QUERY, r.query()); // credential-like values already REDACTED by the core
    }
    setIfPresent(b, ROUTE, r.route());
    setIfPresent(b, SERVER_ADDRESS, r.serverAddress());
    if (r.serverPort() > 0) {
      b.setAttribute(SERVER_PORT, (long) r.serverPort());
    }
    setIfPresent(b, CLIENT_ADDRESS, r.clientAddress());
    setIfPresent(b, PEER_ADDRESS, r.peerAddress());
    if (r.peerPort() > 0) {
      b.setAttribute(PEER_PORT, (long) r.peerPort());
    }
    setIfPresent(b, USER_AGENT, r.userAgent());
    setIfPresent(b, PROTOCOL_VERSION, r.protocolVersion());
  }

  /**
   * The route as known when the request ends: a framework matches it after the span started (Spring MVC, JAX-RS),
   * so the name and {@code http.route} follow it, as the OpenTelemetry agent's do.
   */
  static void endRoute(Span span, ServerRequest r) {
    if (r.route() != null && !r.route().isEmpty()) {
      span.updateName(spanName(r));
      span.setAttribute(ROUTE, r.route());
    }
  }

  private static void setIfPresent(SpanBuilder b, AttributeKey<String> key, String value) {
    if (value != null && !value.isEmpty()) {
      b.setAttribute(key, value);
    }
  }
}
