package dev.quartet.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One outgoing HTTP call made while a server request is being served, as every backend sees it: what the
 * instrumentation captured, the span id the core gave it (the X-Ray subsegment's id and the OpenTelemetry CLIENT
 * span's id alike), and its outcome. Backends add the headers that pass their trace context on; the instrumentation
 * sends them with the call.
 */
public final class ClientRequest {
  private final ServerRequest parent;
  private final String library;
  private final String method;
  private final String url;
  private final String host;
  private final int port;
  final String spanId;
  final long startEpochNanos;
  private final long startNanoTime;
  Object[] backendState;
  private final List<String[]> requestHeaders = new ArrayList<>(2);

  private int statusCode;
  private long responseContentLength = -1;
  private Throwable error;
  private long endEpochNanos;

  public ClientRequest(ServerRequest parent, String library, String method, String url, String host, int port) {
    this.parent = parent;
    this.library = library;
    this.method = method == null ? "GET" : method;
    this.url = QueryRedaction.redactUrl(url);
    this.host = host;
    this.port = port;
    this.spanId = TraceIds.newSpanId();
    this.startEpochNanos = EpochClock.nowNanos();
    this.startNanoTime = System.nanoTime();
  }

  /** The server request the call is made for. */
  public ServerRequest parent() {
    return parent;
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

  /** The same trace as the parent request. */
  public String traceId() {
    return parent.traceId();
  }

  public String spanId() {
    return spanId;
  }

  public long startEpochNanos() {
    return startEpochNanos;
  }

  public long endEpochNanos() {
    return endEpochNanos;
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
    endEpochNanos = startEpochNanos + Math.max(0, System.nanoTime() - startNanoTime);
  }

  public int statusCode() {
    return statusCode;
  }

  public long responseContentLength() {
    return responseContentLength;
  }

  public Throwable error() {
    return error;
  }

  public Object backendState(int index) {
    return backendState[index];
  }

  public void backendState(int index, Object state) {
    backendState[index] = state;
  }
}
