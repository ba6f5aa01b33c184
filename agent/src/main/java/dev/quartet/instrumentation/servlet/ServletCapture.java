package dev.quartet.instrumentation.servlet;

import dev.quartet.core.AgentLog;
import dev.quartet.core.CurrentRequest;
import dev.quartet.core.Dispatcher;
import dev.quartet.core.RequestView;
import dev.quartet.core.RouteTemplates;
import dev.quartet.core.ServerRequest;
import dev.quartet.core.Span;
import dev.quartet.instrumentation.container.ContainerCapture;
import dev.quartet.instrumentation.container.Exchange;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The servlet layer of a request. Under a known container (Tomcat, Jetty, Undertow: {@link ContainerCapture}) the
 * container started the request and ends it; the outermost servlet or filter call only adds the route, the user,
 * the exception the chain threw and whether it went async. Under any other container the outermost call is the
 * request: it starts it and ends it (an async one when its AsyncContext completes). The request attribute marks a
 * request already tracked, so nested filters and servlets, forwards and async re-dispatches never start a second
 * one.
 */
public final class ServletCapture {
  static final String REQUEST_ATTRIBUTE = "dev.quartet.request";
  public static final String TRACE_RESPONSE_HEADER = "traceresponse";

  private final Dispatcher dispatcher;
  private final ServletRoutes routes;
  private final boolean addTraceResponseHeader;

  public ServletCapture(Dispatcher dispatcher, RouteTemplates routes, boolean addTraceResponseHeader) {
    this.dispatcher = dispatcher;
    this.routes = new ServletRoutes(routes);
    this.addTraceResponseHeader = addTraceResponseHeader;
  }

  /** Per-request state kept on the request: the core's view plus what the async handling needs. */
  static final class Tracked {
    final ServerRequest request;
    final Object response;
    final Span previousCurrent;
    /** The container's exchange this request belongs to, or null: the servlet layer starts and ends it. */
    final Exchange exchange;
    final AtomicBoolean ended = new AtomicBoolean();
    volatile Object listenedContext;

    Tracked(ServerRequest request, Object response, Span previousCurrent, Exchange exchange) {
      this.request = request;
      this.response = response;
      this.previousCurrent = previousCurrent;
      this.exchange = exchange;
    }
  }

  public Object serverEnter(Object req, Object resp) {
    try {
      ServletApi api = ServletApi.of(req);
      if (api == null || !api.isHttpResponse(resp)) {
        return null;
      }
      Object known = api.attribute(req, REQUEST_ATTRIBUTE);
      if (known != null) {
        return known instanceof Tracked ? Redispatch.of((Tracked) known) : null;
      }
      Exchange exchange = ContainerCapture.serving();
      if (exchange != null) {
        ServerRequest request = exchange.request();
        Tracked tracked = new Tracked(request, resp, CurrentRequest.enter(request), exchange);
        api.attribute(req, REQUEST_ATTRIBUTE, tracked);
        return tracked; // the container set the response headers when it started the request
      }
      LiveRequest live = new LiveRequest(api, req);
      ServerRequest request = capture(api, req).view(live);
      dispatcher.start(request, live::header);
      Tracked tracked = new Tracked(request, resp, CurrentRequest.enter(request), null);
      api.attribute(req, REQUEST_ATTRIBUTE, tracked);
      if (addTraceResponseHeader) {
        api.setHeader(resp, TRACE_RESPONSE_HEADER, request.traceResponseHeader());
      }
      for (String[] header : request.responseHeaders()) {
        api.setHeader(resp, header[0], header[1]);
      }
      return tracked;
    } catch (Throwable t) {
      AgentLog.warnOnce("servlet.enter", "servlet: could not capture a request", t);
      return null;
    }
  }

  public void serverExit(Object token, Object req, Object resp, Throwable thrown) {
    if (token instanceof Redispatch) {
      CurrentRequest.restore(((Redispatch) token).previousCurrent);
      return;
    }
    Tracked tracked = (Tracked) token;
    CurrentRequest.restore(tracked.previousCurrent);
    try {
      ServletApi api = ServletApi.of(req);
      tracked.request.failed(thrown);
      // Frameworks publish their route during dispatch (Spring MVC's best-matching pattern): read it now.
      tracked.request.route(routes.route(req, tracked.request.frameworkRoute()));
      boolean async = tracked.listenedContext != null || api.asyncStarted(req);
      if (tracked.exchange != null) {
        tracked.exchange.userPrincipal(api.userPrincipal(req)); // the container recycles the request before it ends
        if (async) {
          tracked.exchange.servletAsyncStarted();
        }
        return; // the container ends it
      }
      if (async) {
        return; // the AsyncListener ends it
      }
      end(tracked, api, resp, thrown);
    } catch (Throwable t) {
      AgentLog.warnOnce("servlet.exit", "servlet: could not complete a request", t);
    }
  }

  /**
   * A tracked request dispatched again ({@code AsyncContext.dispatch()}, on whatever thread the container chose):
   * the request is current on that thread for the call, so its log records carry the trace; nothing else happens.
   * A nested filter or servlet on the thread that already serves it needs nothing (null).
   */
  static final class Redispatch {
    final Span previousCurrent;

    private Redispatch(Span previousCurrent) {
      this.previousCurrent = previousCurrent;
    }

    static Redispatch of(Tracked tracked) {
      return CurrentRequest.get() == tracked.request ? null : new Redispatch(CurrentRequest.enter(tracked.request));
    }
  }

  /** What {@code AsyncContext.start(task)} runs: {@code task} within its request's context. */
  public Runnable asyncTask(Object asyncContext, Runnable task) {
    return AsyncTasks.withRequest(asyncContext, task);
  }

  public void asyncStarted(Object req, Object asyncContext) {
    try {
      ServletApi api = ServletApi.of(req);
      if (api == null || asyncContext == null) {
        return;
      }
      Object attribute = api.attribute(req, REQUEST_ATTRIBUTE);
      if (!(attribute instanceof Tracked)) {
        return;
      }
      Tracked tracked = (Tracked) attribute;
      if (tracked.listenedContext == asyncContext) {
        return; // a request wrapper delegated startAsync to the request we already listen to
      }
      tracked.listenedContext = asyncContext;
      api.addAsyncListener(asyncContext, new CompletionListener(tracked, api));
    } catch (Throwable t) {
      AgentLog.warnOnce("servlet.async", "servlet: could not follow an async request", t);
    }
  }

  private void end(Tracked tracked, ServletApi api, Object resp, Throwable thrown) throws Throwable {
    if (!tracked.ended.compareAndSet(false, true)) {
      return;
    }
    int status = api.status(resp);
    tracked.request.failed(thrown);
    if (tracked.request.error() != null && status < 500) {
      status = 500; // the container turns an escaped exception into a 500 (a client abort keeps what was sent)
    }
    tracked.request.finish(status, null);
    tracked.request.responseContentLength(contentLength(api, resp));
    dispatcher.end(tracked.request);
  }

  private static long contentLength(ServletApi api, Object resp) {
    try {
      String v = api.responseHeader(resp, "Content-Length");
      return v == null ? -1 : Long.parseLong(v.trim());
    } catch (Throwable t) {
      return -1;
    }
  }

  /** The request object itself, read on demand while the request is in flight. */
  private static final class LiveRequest implements RequestView {
    private final ServletApi api;
    private final Object req;

    LiveRequest(ServletApi api, Object req) {
      this.api = api;
      this.req = req;
    }

    @Override
    public String header(String name) {
      try {
        return api.header(req, name);
      } catch (Throwable t) {
        return null;
      }
    }

    @Override
    public List<String> headerNames() {
      try {
        return api.headerNames(req);
      } catch (Throwable t) {
        return Collections.emptyList();
      }
    }

    @Override
    public String userPrincipal() {
      try {
        return api.userPrincipal(req);
      } catch (Throwable t) {
        return null;
      }
    }

    @Override
    public String url() {
      try {
        return api.requestUrl(req);
      } catch (Throwable t) {
        return null;
      }
    }
  }

  /** The app's AsyncListener, implemented as a proxy because its interface lives in the app's class loader. */
  private final class CompletionListener implements InvocationHandler {
    private final Tracked tracked;
    private final ServletApi api;

    CompletionListener(Tracked tracked, ServletApi api) {
      this.tracked = tracked;
      this.api = api;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) {
      try {
        switch (method.getName()) {
          case "onComplete":
            if (tracked.exchange != null) {
              tracked.exchange.servletAsyncCompleted();
            } else {
              end(tracked, api, tracked.response, null);
            }
            return null;
          case "onError":
          case "onTimeout":
            tracked.request.failed(api.eventThrowable(args[0]));
            // onComplete follows and ends it with the final status
            return null;
          case "onStartAsync":
            return null; // asyncStarted() registers a listener on the new AsyncContext
          case "equals":
            return proxy == args[0];
          case "hashCode":
            return System.identityHashCode(proxy);
          case "toString":
            return "QuartetAsyncListener";
          default:
            return null;
        }
      } catch (Throwable t) {
        AgentLog.warnOnce("servlet.async.end", "servlet: could not complete an async request", t);
        return null;
      }
    }
  }

  private ServerRequest capture(ServletApi api, Object req) throws Throwable {
    String path = api.requestUri(req);
    String remote = api.remoteAddr(req);
    return new ServerRequest()
        .method(api.method(req))
        .scheme(api.scheme(req))
        .server(api.serverName(req), api.serverPort(req))
        .path(path)
        .query(api.queryString(req))
        .route(routes.route(req, null))
        .client(clientAddress(api.header(req, "X-Forwarded-For"), remote), remote, api.remotePort(req))
        .userAgent(api.header(req, "User-Agent"))
        .protocolVersion(protocolVersion(api.protocol(req)));
  }

  /** The first X-Forwarded-For entry (the original client), else the socket peer. */
  public static String clientAddress(String forwardedFor, String remoteAddr) {
    if (forwardedFor != null) {
      int comma = forwardedFor.indexOf(',');
      String first = (comma < 0 ? forwardedFor : forwardedFor.substring(0, comma)).trim();
      if (!first.isEmpty()) {
        return first;
      }
    }
    return remoteAddr;
  }

  /** "HTTP/1.1" to "1.1", as network.protocol.version wants it. */
  public static String protocolVersion(String protocol) {
    if (protocol == null) {
      return null;
    }
    String p = protocol.toUpperCase(Locale.ROOT);
    return p.startsWith("HTTP/") ? protocol.substring(5) : protocol;
  }
}
