package dev.quartet.instrumentation.httpclient;

import dev.quartet.core.AgentLog;
import dev.quartet.core.ClientRequest;
import dev.quartet.core.CurrentRequest;
import dev.quartet.core.Dispatcher;
import dev.quartet.core.Span;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Turns outgoing HTTP calls made while a request is served into {@link ClientRequest}s: every backend records the
 * call (an X-Ray {@code remote} subsegment, an OpenTelemetry CLIENT span) and adds the headers that pass its trace
 * context on, which are sent with the call. Calls outside a traced request — including Quartet's own exports — are
 * left alone, and so is a call nested in one already traced (a client built on another), so each is recorded once.
 * URLs are recorded without user info and query string, where credentials travel.
 */
public final class HttpClientCapture {
  static final String JAVA_NET_HTTP = "java.net.http";
  static final String HTTP_URL_CONNECTION = "HttpURLConnection";

  /** A traced call is in progress on this thread: nested client calls are part of it. */
  private static final ThreadLocal<Boolean> ACTIVE = new ThreadLocal<>();

  private final Dispatcher dispatcher;
  /**
   * HttpURLConnection calls span several methods (connect, getOutputStream, getInputStream): the call of each
   * connection, and {@link #ENDED} once it is recorded, as the JDK reads the response again through getInputStream.
   */
  private final Map<HttpURLConnection, Object> connections = Collections.synchronizedMap(new WeakHashMap<>());

  private static final Object ENDED = new Object();

  public HttpClientCapture(Dispatcher dispatcher) {
    this.dispatcher = dispatcher;
  }

  /** One instrumented method's share of a call. */
  static final class Token {
    final ClientRequest call;
    final boolean started;

    Token(ClientRequest call, boolean started) {
      this.call = call;
      this.started = started;
    }
  }

  public Object clientEnter(String library, Object request) {
    Span parent = CurrentRequest.span();
    if (parent == null || ACTIVE.get() != null) {
      return null;
    }
    try {
      Token token;
      if (request instanceof HttpRequest) {
        HttpRequest r = (HttpRequest) request;
        token = new Token(start(parent, JAVA_NET_HTTP, r.method(), r.uri()), true);
      } else if (request instanceof HttpURLConnection) {
        HttpURLConnection c = (HttpURLConnection) request;
        Object known = connections.get(c);
        if (known == ENDED) {
          return null;
        } else if (known != null) {
          token = new Token((ClientRequest) known, false);
        } else {
          ClientRequest call = start(parent, HTTP_URL_CONNECTION, c.getRequestMethod(), c.getURL().toURI());
          connections.put(c, call);
          token = new Token(call, true);
        }
      } else {
        return null;
      }
      ACTIVE.set(Boolean.TRUE);
      return token;
    } catch (Throwable t) {
      AgentLog.warnOnce("client.enter", "http client: could not capture a call", t);
      return null;
    }
  }

  private ClientRequest start(Span parent, String library, String method, URI uri) {
    int port = uri.getPort();
    String url = uri.getScheme() + "://" + uri.getHost() + (port < 0 ? "" : ":" + port)
        + (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath());
    ClientRequest call = new ClientRequest(parent, library, method, url, uri.getHost(), port);
    dispatcher.clientStart(call);
    return call;
  }

  public Object clientRequest(Object token, Object request) {
    Token t = (Token) token;
    List<String[]> headers = t.call.requestHeaders();
    if (!t.started || headers.isEmpty()) {
      return request;
    }
    if (request instanceof HttpRequest) {
      return withHeaders((HttpRequest) request, headers);
    }
    if (request instanceof HttpURLConnection) {
      HttpURLConnection c = (HttpURLConnection) request;
      try {
        for (String[] h : headers) {
          c.setRequestProperty(h[0], h[1]);
        }
      } catch (IllegalStateException alreadyConnected) {
        // connected before Quartet saw it: the call is recorded, its trace context cannot travel
      }
    }
    return request;
  }

  /** A copy of {@code request} with {@code headers} set (HttpRequest is immutable). */
  static HttpRequest withHeaders(HttpRequest request, List<String[]> headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(request.uri());
    b.method(request.method(), request.bodyPublisher().orElse(HttpRequest.BodyPublishers.noBody()));
    request.timeout().ifPresent(b::timeout);
    request.version().ifPresent(b::version);
    b.expectContinue(request.expectContinue());
    Set<String> replaced = new HashSet<>();
    for (String[] h : headers) {
      replaced.add(h[0].toLowerCase(Locale.ROOT));
    }
    request.headers().map().forEach((name, values) -> {
      if (!replaced.contains(name.toLowerCase(Locale.ROOT))) {
        for (String v : values) {
          b.header(name, v);
        }
      }
    });
    for (String[] h : headers) {
      b.header(h[0], h[1]);
    }
    return b.build();
  }

  public void clientExit(Object token, Object result, Throwable thrown) {
    ACTIVE.remove();
    Token t = (Token) token;
    try {
      if (result instanceof CompletableFuture) {
        ((CompletableFuture<?>) result).whenComplete((response, error) -> endSafely(t.call, response, error));
      } else if (result instanceof HttpResponse) {
        end(t.call, result, thrown);
      } else if (t.call.library().equals(HTTP_URL_CONNECTION)) {
        exitConnection(t.call, result, thrown);
      } else if (thrown != null) {
        end(t.call, null, thrown);
      }
    } catch (Throwable e) {
      AgentLog.warnOnce("client.exit", "http client: could not complete a call", e);
    }
  }

  /** An HttpURLConnection call ends once its response is read (getInputStream), or when a method fails. */
  private void exitConnection(ClientRequest call, Object result, Throwable thrown) {
    if (thrown == null && !(result instanceof java.io.InputStream)) {
      return; // connect() or getOutputStream(): the response is still to come
    }
    HttpURLConnection c = null;
    synchronized (connections) {
      for (Map.Entry<HttpURLConnection, Object> e : connections.entrySet()) {
        if (e.getValue() == call) {
          c = e.getKey();
          e.setValue(ENDED);
          break;
        }
      }
    }
    if (c == null) {
      return; // already ended
    }
    int status = 0;
    long length = -1;
    ACTIVE.set(Boolean.TRUE); // getResponseCode() reads through getInputStream(): not another call
    try {
      status = c.getResponseCode();
      length = c.getContentLengthLong();
    } catch (Throwable noResponse) {
      // the connection failed: thrown says why
    } finally {
      ACTIVE.remove();
    }
    call.finish(status, length, status > 0 ? null : thrown);
    dispatcher.clientEnd(call);
  }

  private void endSafely(ClientRequest call, Object response, Throwable error) {
    try {
      end(call, response, error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
    } catch (Throwable t) {
      AgentLog.warnOnce("client.exit", "http client: could not complete a call", t);
    }
  }

  private void end(ClientRequest call, Object response, Throwable error) {
    if (response instanceof HttpResponse) {
      HttpResponse<?> r = (HttpResponse<?>) response;
      call.finish(r.statusCode(), r.headers().firstValueAsLong("content-length").orElse(-1), null);
    } else {
      call.finish(0, -1, error);
    }
    dispatcher.clientEnd(call);
  }
}
