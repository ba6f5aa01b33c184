package dev.quartet.instrumentation.tomcat;

import static dev.quartet.instrumentation.container.Handles.integer;
import static dev.quartet.instrumentation.container.Handles.longValue;
import static dev.quartet.instrumentation.container.Handles.method;
import static dev.quartet.instrumentation.container.Handles.string;

import dev.quartet.instrumentation.container.ContainerRequest;
import dev.quartet.instrumentation.container.Handles;
import java.lang.invoke.MethodHandle;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * Tomcat's connector-level request and response ({@code org.apache.coyote.Request}/{@code Response}), resolved once
 * per class. They hold the exchange from the request line to the last byte, before Catalina maps it to a webapp and
 * after Catalina has recycled its servlet request.
 */
final class CoyoteApi {
  /** Class names are built at run time: the agent's build relocates string constants that start like org.apache. */
  static String coyote(String simpleName) {
    return String.join(".", "org", "apache", "coyote", simpleName);
  }

  static String catalina(String packageAndName) {
    return String.join(".", "org", "apache", "catalina", packageAndName);
  }

  private static final ClassValue<CoyoteApi> BY_REQUEST_CLASS =
      new ClassValue<CoyoteApi>() {
        @Override
        protected CoyoteApi computeValue(Class<?> type) {
          try {
            return new CoyoteApi(type);
          } catch (Throwable t) {
            return UNUSABLE;
          }
        }
      };

  private static final CoyoteApi UNUSABLE = new CoyoteApi();

  private final MethodHandle method;
  private final MethodHandle requestUri;
  private final MethodHandle queryString;
  private final MethodHandle protocol;
  private final MethodHandle scheme;
  private final MethodHandle serverName;
  private final MethodHandle serverPort;
  private final MethodHandle remoteAddr;
  private final MethodHandle remotePort;
  private final MethodHandle action;
  private final Object hostAddrAction;
  private final Object remotePortAction;
  private final MethodHandle getHeader;
  private final MethodHandle mimeHeaders;
  private final MethodHandle headerNames;
  private final MethodHandle startTime;
  private final MethodHandle status;
  private final MethodHandle contentLength;
  private final MethodHandle setHeader;
  private final MethodHandle bytesType;
  private final MethodHandle byteChunk;
  private final int bytesTypeBytes;

  private CoyoteApi() {
    method = requestUri = queryString = protocol = scheme = serverName = serverPort = remoteAddr = null;
    remotePort = action = getHeader = mimeHeaders = headerNames = startTime = status = contentLength = null;
    setHeader = bytesType = byteChunk = null;
    hostAddrAction = remotePortAction = null;
    bytesTypeBytes = -1;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private CoyoteApi(Class<?> requestClass) throws ReflectiveOperationException {
    Class<?> request = Handles.type(coyote("Request"), requestClass);
    Class<?> response = Handles.type(coyote("Response"), requestClass);
    Class<?> actionCode = Handles.type(coyote("ActionCode"), requestClass);
    Class<?> messageBytes = Handles.type(String.join(".", "org", "apache", "tomcat", "util", "buf", "MessageBytes"), requestClass);
    Class<?> headers = Handles.type(String.join(".", "org", "apache", "tomcat", "util", "http", "MimeHeaders"), requestClass);
    method = method(request, "method");
    requestUri = method(request, "requestURI");
    queryString = method(request, "queryString");
    protocol = method(request, "protocol");
    scheme = method(request, "scheme");
    serverName = method(request, "serverName");
    serverPort = method(request, "getServerPort");
    remoteAddr = method(request, "remoteAddr");
    remotePort = method(request, "getRemotePort");
    action = method(request, "action", actionCode, Object.class);
    hostAddrAction = Enum.valueOf((Class) actionCode, "REQ_HOST_ADDR_ATTRIBUTE");
    remotePortAction = Enum.valueOf((Class) actionCode, "REQ_REMOTEPORT_ATTRIBUTE");
    getHeader = method(request, "getHeader", String.class);
    mimeHeaders = method(request, "getMimeHeaders");
    headerNames = method(headers, "names");
    startTime = method(request, "getStartTime");
    status = method(response, "getStatus");
    contentLength = method(response, "getContentLengthLong");
    setHeader = method(response, "setHeader", String.class, String.class);
    bytesType = method(messageBytes, "getType");
    byteChunk = method(messageBytes, "getByteChunk");
    bytesTypeBytes = messageBytes.getField("T_BYTES").getInt(null);
  }

  /** The API for this coyote request's class, or null when this Tomcat differs from what Quartet knows. */
  static CoyoteApi of(Object request) {
    CoyoteApi api = BY_REQUEST_CLASS.get(request.getClass());
    return api == UNUSABLE ? null : api;
  }

  /**
   * A MessageBytes as a string without converting it: on Tomcat 10.1.0 {@code toString()} caches a String form of
   * the request URI, which Catalina's own URI parsing then trips over.
   */
  private String text(Object messageBytes) throws Throwable {
    if (messageBytes == null) {
      return null;
    }
    if (integer((Object) bytesType.invokeExact(messageBytes)) == bytesTypeBytes) {
      return string((Object) byteChunk.invokeExact(messageBytes));
    }
    return string(messageBytes);
  }

  long startTime(Object request) throws Throwable {
    return longValue((Object) startTime.invokeExact(request));
  }

  ContainerRequest exchange(Object request, Object response) {
    return new CoyoteExchange(request, response);
  }

  private final class CoyoteExchange implements ContainerRequest {
    private final Object request;
    private final Object response;

    CoyoteExchange(Object request, Object response) {
      this.request = request;
      this.response = response;
    }

    @Override
    public String method() throws Throwable {
      return text((Object) method.invokeExact(request));
    }

    @Override
    public String path() throws Throwable {
      return text((Object) requestUri.invokeExact(request));
    }

    @Override
    public String query() throws Throwable {
      String q = text((Object) queryString.invokeExact(request));
      return q == null || q.isEmpty() ? null : q;
    }

    @Override
    public String scheme() throws Throwable {
      String s = text((Object) scheme.invokeExact(request));
      return s == null || s.isEmpty() ? "http" : s; // Catalina sets the connector's scheme later
    }

    @Override
    public String serverName() throws Throwable {
      String s = text((Object) serverName.invokeExact(request));
      return s == null || s.isEmpty() ? null : s;
    }

    @Override
    public int serverPort() throws Throwable {
      return integer((Object) serverPort.invokeExact(request));
    }

    @Override
    public String protocol() throws Throwable {
      return text((Object) protocol.invokeExact(request));
    }

    @Override
    public String peerAddress() throws Throwable {
      Object ignored = (Object) action.invokeExact(request, hostAddrAction, request);
      return text((Object) remoteAddr.invokeExact(request));
    }

    @Override
    public int peerPort() throws Throwable {
      Object ignored = (Object) action.invokeExact(request, remotePortAction, request);
      return integer((Object) remotePort.invokeExact(request));
    }

    @Override
    public String header(String name) throws Throwable {
      return string((Object) getHeader.invokeExact(request, (Object) name));
    }

    @Override
    public List<String> headerNames() throws Throwable {
      Object headers = (Object) mimeHeaders.invokeExact(request);
      Object names = (Object) headerNames.invokeExact(headers);
      return names == null ? Collections.emptyList() : Collections.list((Enumeration<String>) names);
    }

    @Override
    public int status() throws Throwable {
      return integer((Object) status.invokeExact(response));
    }

    @Override
    public long responseContentLength() throws Throwable {
      return longValue((Object) contentLength.invokeExact(response));
    }

    @Override
    public void setResponseHeader(String name, String value) throws Throwable {
      Object ignored = (Object) setHeader.invokeExact(response, (Object) name, (Object) value);
    }
  }
}
