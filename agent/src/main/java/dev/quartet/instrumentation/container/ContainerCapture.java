package dev.quartet.instrumentation.container;

import dev.quartet.core.AgentLog;
import dev.quartet.core.CurrentRequest;
import dev.quartet.core.Dispatcher;
import dev.quartet.core.ServerRequest;
import dev.quartet.core.Span;
import dev.quartet.instrumentation.servlet.ServletCapture;

/**
 * Request lifetime where the container receives and completes the exchange, shared by the Tomcat, Jetty and
 * Undertow modules: the request starts (trace identity, backends) when the connector hands the exchange to the
 * container, is current on the thread while the container works on it — so the container's own error lines carry
 * its trace — and ends with the status the container sent, after error pages and whatever the container answered
 * itself (redirects, 400s, 404s outside any webapp).
 */
public final class ContainerCapture {
  private static final ThreadLocal<Exchange> SERVING = new ThreadLocal<>();

  private final Dispatcher dispatcher;
  private final boolean addTraceResponseHeader;

  public ContainerCapture(Dispatcher dispatcher, boolean addTraceResponseHeader) {
    this.dispatcher = dispatcher;
    this.addTraceResponseHeader = addTraceResponseHeader;
  }

  /** The exchange a known container is serving on this thread, or null (an unknown container: the servlet layer captures). */
  public static Exchange serving() {
    return SERVING.get();
  }

  /** What {@link #exit} restores when the container's call returns. */
  public static final class Scope {
    final Exchange exchange;
    final boolean started;
    final Span previousCurrent;
    final Exchange previousServing;

    Scope(Exchange exchange, boolean started) {
      this.exchange = exchange;
      this.started = started;
      this.previousCurrent = CurrentRequest.enter(exchange.request());
      this.previousServing = SERVING.get();
      SERVING.set(exchange);
    }

    public Exchange exchange() {
      return exchange;
    }
  }

  /**
   * The container received a new exchange. {@code containerReportsCompletion}: the module calls {@link
   * Exchange#end()} when the container completes the response; otherwise the request ends when this call returns
   * (or when its servlet AsyncContext completes).
   */
  public Scope start(ContainerRequest container, boolean containerReportsCompletion) {
    try {
      ServerRequest request = capture(container);
      Exchange exchange = new Exchange(this, request, container, containerReportsCompletion);
      request.view(exchange);
      dispatcher.start(request, exchange::header);
      if (addTraceResponseHeader) {
        container.setResponseHeader(ServletCapture.TRACE_RESPONSE_HEADER, request.traceResponseHeader());
      }
      for (String[] header : request.responseHeaders()) {
        container.setResponseHeader(header[0], header[1]);
      }
      return new Scope(exchange, true);
    } catch (Throwable t) {
      AgentLog.warnOnce("container.start", "container: could not capture a request", t);
      return null;
    }
  }

  /** The container works on an exchange it already started (an async dispatch, perhaps on another thread). */
  public Scope resume(Exchange exchange) {
    return exchange == null ? null : new Scope(exchange, false);
  }

  /** The container's call for the exchange returned ({@code thrown}: or threw). */
  public void exit(Scope scope, Throwable thrown) {
    if (scope == null) {
      return;
    }
    CurrentRequest.restore(scope.previousCurrent);
    if (scope.previousServing == null) {
      SERVING.remove();
    } else {
      SERVING.set(scope.previousServing);
    }
    Exchange exchange = scope.exchange;
    exchange.request().failed(thrown);
    if (scope.started && exchange.endsWhenTheCallReturns()) {
      exchange.end();
    }
  }

  void end(Exchange exchange) throws Throwable {
    ServerRequest request = exchange.request();
    request.finish(exchange.container().status(), null);
    request.responseContentLength(exchange.container().responseContentLength());
    dispatcher.end(request);
  }

  private static ServerRequest capture(ContainerRequest c) throws Throwable {
    String peer = c.peerAddress();
    return new ServerRequest()
        .method(c.method())
        .scheme(c.scheme())
        .server(c.serverName(), c.serverPort())
        .path(c.path())
        .query(c.query())
        .client(ServletCapture.clientAddress(c.header("X-Forwarded-For"), peer), peer, c.peerPort())
        .userAgent(c.header("User-Agent"))
        .protocolVersion(ServletCapture.protocolVersion(c.protocol()));
  }
}
