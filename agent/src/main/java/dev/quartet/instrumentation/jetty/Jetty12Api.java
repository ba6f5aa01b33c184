package dev.quartet.instrumentation.jetty;

import static dev.quartet.instrumentation.container.Handles.integer;
import static dev.quartet.instrumentation.container.Handles.method;
import static dev.quartet.instrumentation.container.Handles.string;

import dev.quartet.instrumentation.container.ContainerRequest;
import dev.quartet.instrumentation.container.Handles;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

/** Jetty 12's core {@code Request}, {@code Response} and {@code HttpFields}, resolved once per request class. */
final class Jetty12Api {
  private static final ClassValue<Jetty12Api> BY_REQUEST_CLASS =
      new ClassValue<Jetty12Api>() {
        @Override
        protected Jetty12Api computeValue(Class<?> type) {
          try {
            return new Jetty12Api(type);
          } catch (Throwable t) {
            return UNUSABLE;
          }
        }
      };

  private static final Jetty12Api UNUSABLE = new Jetty12Api();

  private final MethodHandle getMethod;
  private final MethodHandle getHttpUri;
  private final MethodHandle uriPath;
  private final MethodHandle uriQuery;
  private final MethodHandle uriScheme;
  private final MethodHandle serverName;
  private final MethodHandle serverPort;
  private final MethodHandle remoteAddr;
  private final MethodHandle remotePort;
  private final MethodHandle connectionMetaData;
  private final MethodHandle protocol;
  private final MethodHandle requestHeaders;
  private final MethodHandle fieldGet;
  private final MethodHandle fieldNames;
  private final MethodHandle getStatus;
  private final MethodHandle responseHeaders;
  private final MethodHandle fieldPut;
  /** {@code Request.addCompletionListener(Request, Consumer<Throwable>)}: the end of the exchange. */
  private final MethodHandle addCompletionListener;

  private Jetty12Api() {
    getMethod = getHttpUri = uriPath = uriQuery = uriScheme = serverName = serverPort = remoteAddr = null;
    remotePort = connectionMetaData = protocol = requestHeaders = fieldGet = fieldNames = getStatus = null;
    responseHeaders = fieldPut = addCompletionListener = null;
  }

  private Jetty12Api(Class<?> requestClass) throws ReflectiveOperationException {
    Class<?> request = Handles.type("org.eclipse.jetty.server.Request", requestClass);
    Class<?> response = Handles.type("org.eclipse.jetty.server.Response", requestClass);
    Class<?> httpUri = Handles.type("org.eclipse.jetty.http.HttpURI", requestClass);
    Class<?> fields = Handles.type("org.eclipse.jetty.http.HttpFields", requestClass);
    Class<?> mutableFields = Handles.type("org.eclipse.jetty.http.HttpFields$Mutable", requestClass);
    Class<?> metaData = Handles.type("org.eclipse.jetty.server.ConnectionMetaData", requestClass);
    getMethod = method(request, "getMethod");
    getHttpUri = method(request, "getHttpURI");
    uriPath = method(httpUri, "getPath");
    uriQuery = method(httpUri, "getQuery");
    uriScheme = method(httpUri, "getScheme");
    serverName = method(request, "getServerName", request);
    serverPort = method(request, "getServerPort", request);
    remoteAddr = method(request, "getRemoteAddr", request);
    remotePort = method(request, "getRemotePort", request);
    connectionMetaData = method(request, "getConnectionMetaData");
    protocol = method(metaData, "getProtocol");
    requestHeaders = method(request, "getHeaders");
    fieldGet = method(fields, "get", String.class);
    fieldNames = method(fields, "getFieldNamesCollection");
    getStatus = method(response, "getStatus");
    responseHeaders = method(response, "getHeaders");
    fieldPut = method(mutableFields, "put", String.class, String.class);
    addCompletionListener = method(request, "addCompletionListener", request, Consumer.class);
  }

  /** The API for this request's class, or null when it is not a usable Jetty 12 request. */
  static Jetty12Api of(Object request) {
    Jetty12Api api = BY_REQUEST_CLASS.get(request.getClass());
    return api == UNUSABLE ? null : api;
  }

  void onCompletion(Object request, Consumer<Throwable> listener) throws Throwable {
    Object ignored = (Object) addCompletionListener.invokeExact(request, (Object) listener);
  }

  ContainerRequest exchange(Object request, Object response) {
    return new Exchange12(request, response);
  }

  private final class Exchange12 implements ContainerRequest {
    private final Object request;
    private final Object response;

    Exchange12(Object request, Object response) {
      this.request = request;
      this.response = response;
    }

    private Object uri() throws Throwable {
      return (Object) getHttpUri.invokeExact(request);
    }

    @Override
    public String method() throws Throwable {
      return string((Object) getMethod.invokeExact(request));
    }

    @Override
    public String path() throws Throwable {
      return string((Object) uriPath.invokeExact(uri()));
    }

    @Override
    public String query() throws Throwable {
      return string((Object) uriQuery.invokeExact(uri()));
    }

    @Override
    public String scheme() throws Throwable {
      return string((Object) uriScheme.invokeExact(uri()));
    }

    @Override
    public String serverName() throws Throwable {
      return string((Object) serverName.invokeExact(request));
    }

    @Override
    public int serverPort() throws Throwable {
      return integer((Object) serverPort.invokeExact(request));
    }

    @Override
    public String protocol() throws Throwable {
      Object meta = (Object) connectionMetaData.invokeExact(request);
      return string((Object) protocol.invokeExact(meta));
    }

    @Override
    public String peerAddress() throws Throwable {
      return string((Object) remoteAddr.invokeExact(request));
    }

    @Override
    public int peerPort() throws Throwable {
      return integer((Object) remotePort.invokeExact(request));
    }

    @Override
    public String header(String name) throws Throwable {
      Object headers = (Object) requestHeaders.invokeExact(request);
      return string((Object) fieldGet.invokeExact(headers, (Object) name));
    }

    @Override
    public List<String> headerNames() throws Throwable {
      Object headers = (Object) requestHeaders.invokeExact(request);
      List<String> names = new ArrayList<>();
      for (Object name : (Collection<?>) (Object) fieldNames.invokeExact(headers)) {
        names.add(String.valueOf(name));
      }
      return names;
    }

    @Override
    public int status() throws Throwable {
      return integer((Object) getStatus.invokeExact(response));
    }

    @Override
    public long responseContentLength() throws Throwable {
      Object headers = (Object) responseHeaders.invokeExact(response);
      String length = string((Object) fieldGet.invokeExact(headers, (Object) "Content-Length"));
      return length == null ? -1 : Long.parseLong(length.trim());
    }

    @Override
    public void setResponseHeader(String name, String value) throws Throwable {
      Object headers = (Object) responseHeaders.invokeExact(response);
      Object ignored = (Object) fieldPut.invokeExact(headers, (Object) name, (Object) value);
    }
  }
}
