package dev.quartet.instrumentation.undertow;

import static dev.quartet.instrumentation.container.Handles.integer;
import static dev.quartet.instrumentation.container.Handles.longValue;
import static dev.quartet.instrumentation.container.Handles.method;
import static dev.quartet.instrumentation.container.Handles.string;

import dev.quartet.instrumentation.container.ContainerRequest;
import dev.quartet.instrumentation.container.Handles;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Undertow's {@code HttpServerExchange} and its attachments and completion listeners, resolved once per class. */
final class UndertowApi {
  private static final ClassValue<UndertowApi> BY_EXCHANGE_CLASS =
      new ClassValue<UndertowApi>() {
        @Override
        protected UndertowApi computeValue(Class<?> type) {
          try {
            return new UndertowApi(type);
          } catch (Throwable t) {
            return UNUSABLE;
          }
        }
      };

  private static final UndertowApi UNUSABLE = new UndertowApi();

  private final MethodHandle requestMethod;
  private final MethodHandle requestUri;
  private final MethodHandle queryString;
  private final MethodHandle scheme;
  private final MethodHandle hostName;
  private final MethodHandle hostPort;
  private final MethodHandle protocol;
  private final MethodHandle sourceAddress;
  private final MethodHandle requestHeaders;
  private final MethodHandle getFirst;
  private final MethodHandle headerNames;
  private final MethodHandle statusCode;
  private final MethodHandle responseContentLength;
  private final MethodHandle responseHeaders;
  private final MethodHandle putHeader;
  private final MethodHandle newHttpString;
  private final MethodHandle getAttachment;
  private final MethodHandle putAttachment;
  private final MethodHandle addCompletionListener;
  private final MethodHandle proceed;
  private final Class<?> completionListenerType;
  /** Quartet's attachment key in this Undertow: where the exchange keeps its request across dispatches. */
  private final Object exchangeKey;

  private UndertowApi() {
    requestMethod = requestUri = queryString = scheme = hostName = hostPort = protocol = sourceAddress = null;
    requestHeaders = getFirst = headerNames = statusCode = responseContentLength = responseHeaders = null;
    putHeader = newHttpString = getAttachment = putAttachment = addCompletionListener = proceed = null;
    completionListenerType = null;
    exchangeKey = null;
  }

  private UndertowApi(Class<?> exchangeClass) throws Throwable {
    Class<?> exchange = Handles.type("io.undertow.server.HttpServerExchange", exchangeClass);
    Class<?> headerMap = Handles.type("io.undertow.util.HeaderMap", exchangeClass);
    Class<?> httpString = Handles.type("io.undertow.util.HttpString", exchangeClass);
    Class<?> attachmentKey = Handles.type("io.undertow.util.AttachmentKey", exchangeClass);
    completionListenerType = Handles.type("io.undertow.server.ExchangeCompletionListener", exchangeClass);
    Class<?> nextListener =
        Handles.type("io.undertow.server.ExchangeCompletionListener$NextListener", exchangeClass);
    requestMethod = method(exchange, "getRequestMethod");
    requestUri = method(exchange, "getRequestURI");
    queryString = method(exchange, "getQueryString");
    scheme = method(exchange, "getRequestScheme");
    hostName = method(exchange, "getHostName");
    hostPort = method(exchange, "getHostPort");
    protocol = method(exchange, "getProtocol");
    sourceAddress = method(exchange, "getSourceAddress");
    requestHeaders = method(exchange, "getRequestHeaders");
    getFirst = method(headerMap, "getFirst", String.class);
    headerNames = method(headerMap, "getHeaderNames");
    statusCode = method(exchange, "getStatusCode");
    responseContentLength = method(exchange, "getResponseContentLength");
    responseHeaders = method(exchange, "getResponseHeaders");
    putHeader = method(headerMap, "put", httpString, String.class);
    newHttpString =
        MethodHandles.publicLookup()
            .findConstructor(httpString, MethodType.methodType(void.class, String.class))
            .asType(MethodType.genericMethodType(1));
    getAttachment = method(exchange, "getAttachment", attachmentKey);
    putAttachment = method(exchange, "putAttachment", attachmentKey, Object.class);
    addCompletionListener = method(exchange, "addExchangeCompleteListener", completionListenerType);
    proceed = method(nextListener, "proceed");
    exchangeKey = (Object) method(attachmentKey, "create", Class.class).invokeExact((Object) Object.class);
  }

  static UndertowApi of(Object exchange) {
    UndertowApi api = BY_EXCHANGE_CLASS.get(exchange.getClass());
    return api == UNUSABLE ? null : api;
  }

  Object attachment(Object exchange) throws Throwable {
    return (Object) getAttachment.invokeExact(exchange, exchangeKey);
  }

  void attach(Object exchange, Object value) throws Throwable {
    Object ignored = (Object) putAttachment.invokeExact(exchange, exchangeKey, value);
  }

  /** Adds {@code handler} as an {@code ExchangeCompletionListener} (a proxy of the app's interface). */
  void onCompletion(Object exchange, InvocationHandler handler) throws Throwable {
    Object listener =
        Proxy.newProxyInstance(
            completionListenerType.getClassLoader(), new Class<?>[] {completionListenerType}, handler);
    Object ignored = (Object) addCompletionListener.invokeExact(exchange, listener);
  }

  /** Hands the completion on to the next listener: Undertow finishes the exchange only when every one has. */
  void proceed(Object nextListener) throws Throwable {
    Object ignored = (Object) proceed.invokeExact(nextListener);
  }

  ContainerRequest exchange(Object exchange) {
    return new UndertowExchange(exchange);
  }

  private final class UndertowExchange implements ContainerRequest {
    private final Object exchange;

    UndertowExchange(Object exchange) {
      this.exchange = exchange;
    }

    private InetSocketAddress source() throws Throwable {
      Object a = (Object) sourceAddress.invokeExact(exchange);
      return a instanceof InetSocketAddress ? (InetSocketAddress) a : null;
    }

    @Override
    public String method() throws Throwable {
      return string((Object) requestMethod.invokeExact(exchange));
    }

    @Override
    public String path() throws Throwable {
      return string((Object) requestUri.invokeExact(exchange));
    }

    @Override
    public String query() throws Throwable {
      String q = string((Object) queryString.invokeExact(exchange));
      return q == null || q.isEmpty() ? null : q;
    }

    @Override
    public String scheme() throws Throwable {
      return string((Object) scheme.invokeExact(exchange));
    }

    @Override
    public String serverName() throws Throwable {
      return string((Object) hostName.invokeExact(exchange));
    }

    @Override
    public int serverPort() throws Throwable {
      return integer((Object) hostPort.invokeExact(exchange));
    }

    @Override
    public String protocol() throws Throwable {
      return string((Object) protocol.invokeExact(exchange));
    }

    @Override
    public String peerAddress() throws Throwable {
      InetSocketAddress a = source();
      return a == null ? null : a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
    }

    @Override
    public int peerPort() throws Throwable {
      InetSocketAddress a = source();
      return a == null ? -1 : a.getPort();
    }

    @Override
    public String header(String name) throws Throwable {
      Object headers = (Object) requestHeaders.invokeExact(exchange);
      return string((Object) getFirst.invokeExact(headers, (Object) name));
    }

    @Override
    public List<String> headerNames() throws Throwable {
      Object headers = (Object) requestHeaders.invokeExact(exchange);
      List<String> names = new ArrayList<>();
      for (Object name : (Collection<?>) (Object) headerNames.invokeExact(headers)) {
        names.add(String.valueOf(name));
      }
      return names;
    }

    @Override
    public int status() throws Throwable {
      return integer((Object) statusCode.invokeExact(exchange));
    }

    @Override
    public long responseContentLength() throws Throwable {
      return longValue((Object) responseContentLength.invokeExact(exchange));
    }

    @Override
    public void setResponseHeader(String name, String value) throws Throwable {
      Object headers = (Object) responseHeaders.invokeExact(exchange);
      Object ignored = (Object) putHeader.invokeExact(headers, (Object) newHttpString.invokeExact((Object) name), (Object) value);
    }
  }
}
