package dev.quartet.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One outgoing HTTP call made inside a span (the server request, or the method span it was made in), as every backend
 * sees it: what the instrumentation captured, the span id the core gave it (the X-Ray subsegment's id and the
 * OpenTelemetry CLIENT span's id alike), and its outcome. Backends add the headers that pass their trace context on;
 * the instrumentation sends them with the call.
 */
public final class ClientRequest extends Span {
  private final String library;
  private final String method;
  private final String url;
  private final String host;
  private final int port;
  private final List<String[]> requestHeaders = new ArrayList<>(2);

  private int statusCode;
  private long responseContentLength = -1;

  /** A call made inside {@code parent}: the request, or the method span current on the calling thread. */
  public ClientRequest(Span parent, String library, String method, String url, String host, int port) {
    this.parent = parent;
    this.traceId = parent.traceId();
    this.parentSpanId = parent.spanId();
    this.sampled = parent.sampled();
    this.library = library;
    this.method = method == null ? "GET" : method;
    this.url = QueryRedaction.redactUrl(url);
    this.host = host;
    this.port = port;
    this.spanId = TraceIds.newSpanId();
  }

  @Override
  public Kind kind() {
    return Kind.CLIENT;
  }

  /** The HTTP method. */
  @Override
  public String name() {
    return method;
  }

  /** Which client made it: java.net.http, HttpURLConnection. */
  public String library() {
    return library;
  }

  public String method() {
    return method;
  }

  /** The full URL, without user info, with credential-like query parameters redacted ({@link QueryRedaction}). */
  public String url() {
    return url;
  }

  public String host() {
    return host;
  }

  /** -1 when the URL names none. */
  public int port() {
    return port;
  }

  /** A header a backend wants sent with the call (its trace context); a later one of the same name replaces it. */
  public synchronized void setRequestHeader(String name, String value) {
    requestHeaders.removeIf(h -> h[0].equalsIgnoreCase(name));
    requestHeaders.add(new String[] {name, value});
  }

  public synchronized List<String[]> requestHeaders() {
    return Collections.unmodifiableList(new ArrayList<>(requestHeaders));
  }

  /** Records the outcome: the status (0 when no response came) and what was thrown. */
  public void finish(int status, long contentLength, Throwable thrown) {
    statusCode = status;
    responseContentLength = contentLength;
    error = thrown;
    endNow();
  }

  public int statusCode() {
    return statusCode;
  }

  public long responseContentLength() {
    return responseContentLength;
  }

}
