package dev.quartet.core;

/**
 * One incoming HTTP request as every backend sees it — the server span at the root of its tree of method spans and
 * outgoing calls: what the instrumentation captured, the trace identity the core gave it, and its outcome.
 * Instrumentation fills the request fields before {@link Dispatcher#start}; the outcome is set before
 * {@link Dispatcher#end}. Backends only read it (and keep their own per-request state).
 */
public final class ServerRequest extends Span {
  // Captured by the instrumentation.
  String method = "";
  String scheme;
  String serverAddress;
  int serverPort = -1;
  String path;
  String query;
  private java.util.List<String> redactedQueryValues = java.util.Collections.emptyList();
  volatile String route; // set again when the servlet layer's outermost call returns; read where the request ends
  volatile String frameworkRoute;
  volatile boolean frameworkRouteComplete;
  String clientAddress;
  String peerAddress;
  int peerPort = -1;
  String userAgent;
  String protocolVersion;

  // Given by the core (with the identity every span has: Span).
  IncomingTrace incoming = IncomingTrace.NONE;

  // Added by backends at start; the instrumentation sets them on the response.
  private java.util.List<String[]> responseHeaders;
  RequestView view = RequestView.NONE;

  // The outcome.
  int statusCode;
  long responseContentLength = -1;
  volatile Throwable clientAbort;

  public ServerRequest() {}

  @Override
  public Kind kind() {
    return Kind.SERVER;
  }

  /** The method and, once known, the route: what the backends name the span after. */
  @Override
  public String name() {
    String r = route;
    return r == null ? method : method + " " + r;
  }

  /** The caller's span, when its trace header named one. */
  @Override
  public String parentSpanId() {
    return incoming.parentSpanId();
  }

  @Override
  public ServerRequest request() {
    return this;
  }

  public ServerRequest method(String v) {
    method = v == null ? "" : v;
    return this;
  }

  public ServerRequest scheme(String v) {
    scheme = v;
    return this;
  }

  public ServerRequest server(String address, int port) {
    serverAddress = address;
    serverPort = port;
    return this;
  }

  public ServerRequest path(String v) {
    path = v;
    return this;
  }

  /** The query string as it came; credential-like parameters are redacted here ({@link QueryRedaction}). */
  public ServerRequest query(String v) {
    java.util.List<String> values = new java.util.ArrayList<>(0);
    query = QueryRedaction.redact(v, values);
    redactedQueryValues = values;
    return this;
  }

  public ServerRequest route(String v) {
    route = v;
    return this;
  }

  /**
   * The route a web framework matched (JAX-RS resource templates), relative to the servlet that serves it, or
   * null; the servlet layer joins it with the context and servlet path ({@code ServletRoutes}).
   */
  public String frameworkRoute() {
    return frameworkRoute;
  }

  /** Whether the framework named the handler itself, so later matches (sub-resources, nested calls) leave it. */
  public boolean frameworkRouteComplete() {
    return frameworkRouteComplete;
  }

  /** The framework's route so far; {@code complete} once its handler method is known. */
  public void frameworkRoute(String route, boolean complete) {
    frameworkRoute = route;
    frameworkRouteComplete = complete;
  }

  public ServerRequest client(String clientAddr, String peerAddr, int peerPortNumber) {
    clientAddress = clientAddr;
    peerAddress = peerAddr;
    peerPort = peerPortNumber;
    return this;
  }

  public ServerRequest userAgent(String v) {
    userAgent = v;
    return this;
  }

  public ServerRequest protocolVersion(String v) {
    protocolVersion = v;
    return this;
  }

  /** The live request, for what is not captured up front (all headers, the user principal). */
  public ServerRequest view(RequestView v) {
    view = v == null ? RequestView.NONE : v;
    return this;
  }

  public RequestView view() {
    return view;
  }

  /** A backend asks for a response header (e.g. X-Amzn-Trace-Id); set before the app writes the response. */
  public synchronized void addResponseHeader(String name, String value) {
    if (responseHeaders == null) {
      responseHeaders = new java.util.ArrayList<>(2);
    }
    responseHeaders.add(new String[] {name, value});
  }

  /** {@code {name, value}} pairs added by backends. */
  public synchronized java.util.List<String[]> responseHeaders() {
    return responseHeaders == null ? java.util.Collections.emptyList() : responseHeaders;
  }

  /** The response's Content-Length when the app set one, else -1. */
  public long responseContentLength() {
    return responseContentLength;
  }

  public void responseContentLength(long length) {
    responseContentLength = length;
  }

  /** Records the outcome; the end time is measured from the monotonic clock, so durations never go negative. */
  public void finish(int status, Throwable thrown) {
    statusCode = status;
    failed(thrown);
    endNow();
  }

  /**
   * {@code thrown} escaped the request (null: nothing did). The first one counts: as the app's own exception behind
   * any container or framework wrapper, or, when it says the client hung up, as {@link #clientAbort()} instead.
   */
  public void failed(Throwable thrown) {
    if (thrown == null) {
      return;
    }
    Throwable app = Throwables.appException(thrown);
    if (Throwables.isClientAbort(app)) {
      if (clientAbort == null) {
        clientAbort = app;
      }
    } else if (error == null) {
      error = app;
    }
  }

  public String method() {
    return method;
  }

  public String scheme() {
    return scheme;
  }

  public String serverAddress() {
    return serverAddress;
  }

  public int serverPort() {
    return serverPort;
  }

  public String path() {
    return path;
  }

  /** The query string with credential-like parameter values {@link QueryRedaction#REDACTED}. */
  public String query() {
    return query;
  }

  /**
   * The values {@link #query()} no longer shows, for a backend that also masks them where the app quotes them (a
   * log message, an exception message); never to be sent anywhere.
   */
  public java.util.List<String> redactedQueryValues() {
    return redactedQueryValues;
  }

  /** The low-cardinality route template, or null when none is known. */
  public String route() {
    return route;
  }

  public String clientAddress() {
    return clientAddress;
  }

  public String peerAddress() {
    return peerAddress;
  }

  public int peerPort() {
    return peerPort;
  }

  public String userAgent() {
    return userAgent;
  }

  public String protocolVersion() {
    return protocolVersion;
  }

  public IncomingTrace incoming() {
    return incoming;
  }

  public int statusCode() {
    return statusCode;
  }

  /** The app's exception that escaped the request (never a wrapper, never a client abort), or null. */
  @Override
  public Throwable error() {
    return error;
  }

  /**
   * The exception that said the client closed the connection while the response was written, or null. Not a
   * server failure: the status is what was sent, and only the OpenTelemetry span records it, as the OpenTelemetry
   * Java agent does.
   */
  public Throwable clientAbort() {
    return clientAbort;
  }

  /** W3C Trace Context Level 2 {@code traceresponse} value for this request. */
  public String traceResponseHeader() {
    return TraceIds.traceparent(traceId, spanId, sampled);
  }
}
