package dev.quartet.instrumentation.servlet;

import dev.quartet.core.AgentLog;
import dev.quartet.core.CurrentRequest;
import dev.quartet.core.Dispatcher;
import dev.quartet.core.RequestView;
import dev.quartet.core.RouteTemplates;
import dev.quartet.core.ServerRequest;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Turns servlet and filter calls into one tracked {@link ServerRequest} per HTTP request. The request attribute
 * marks a request already tracked, so nested filters and servlets, forwards and async re-dispatches never start a
 * second one; an async request ends when its AsyncContext completes, not when the first dispatch returns.
 */
public final class ServletCapture {
  static final String REQUEST_ATTRIBUTE = "dev.quartet.request";
  static final String TRACE_RESPONSE_HEADER = "traceresponse";

  private final Dispatcher dispatcher;
  private final RouteTemplates routes;
  private final boolean addTraceResponseHeader;

  public ServletCapture(Dispatcher dispatcher, RouteTemplates routes, boolean addTraceResponseHeader) {
    this.dispatcher = dispatcher;
    this.routes = routes;
    this.addTraceResponseHeader = addTraceResponseHeader;
  }

  /** Per-request state kept on the request: the core's view plus what the async handling needs. */
  static final class Tracked {
    final ServerRequest request;
    final Object response;
    final ServerRequest previousCurrent;
    final AtomicBoolean ended = new AtomicBoolean();
    volatile Object listenedContext;

    Tracked(ServerRequest request, Object response, ServerRequest previousCurrent) {
      this.request = request;
      this.response = response;
      this.previousCurrent = previousCurrent;
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
      LiveRequest live = new LiveRequest(api, req);
      ServerRequest request = capture(api, req).view(live);
      dispatcher.start(request, live::header);
      Tracked tracked = new Tracked(request, resp, CurrentRequest.enter(request));
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
      if (thrown != null) {
        tracked.request.finish(0, thrown);
      }
      if (tracked.listenedContext != null || api.asyncStarted(req)) {
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
    final ServerRequest previousCurrent;

    private Redispatch(ServerRequest previousCurrent) {
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
    Throwable error = thrown != null ? thrown : tracked.request.error();
    if (error != null && status < 500) {
      status = 500; // the container turns an escaped exception into a 500
    }
    tracked.request.finish(status, error);
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
            end(tracked, api, tracked.response, null);
            return null;
          case "onError":
          case "onTimeout":
            Throwable t = api.eventThrowable(args[0]);
            if (t != null) {
              tracked.request.finish(0, t);
            }
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
        .route(route(api, req, path))
        .client(clientAddress(api.header(req, "X-Forwarded-For"), remote), remote, api.remotePort(req))
        .userAgent(api.header(req, "User-Agent"))
        .protocolVersion(protocolVersion(api.protocol(req)));
  }

  /**
   * The servlet mapping when it names one route (an exact or context-root match); otherwise the first matching
   * user template; otherwise the wildcard mapping itself; none for the default servlet.
   */
  private String route(ServletApi api, Object req, String path) throws Throwable {
    String[] mapping = api.mapping(req);
    String contextPath = api.contextPath(req);
    if (contextPath == null) {
      contextPath = "";
    }
    if (mapping != null) {
      String match = mapping[0];
      String pattern = mapping[1] == null ? "" : mapping[1];
      if (match.equals("EXACT")) {
        return contextPath + pattern;
      }
      if (match.equals("CONTEXT_ROOT")) {
        return contextPath + "/";
      }
      String template = routes.match(path);
      if (template != null) {
        return template;
      }
      if (match.equals("DEFAULT")) {
        return null;
      }
      return contextPath + pattern;
    }
    return routes.match(path);
  }

  /** The first X-Forwarded-For entry (the original client), else the socket peer. */
  static String clientAddress(String forwardedFor, String remoteAddr) {
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
  static String protocolVersion(String protocol) {
    if (protocol == null) {
      return null;
    }
    String p = protocol.toUpperCase(Locale.ROOT);
    return p.startsWith("HTTP/") ? protocol.substring(5) : protocol;
  }
}
