package dev.quartet.instrumentation.servlet;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;

/**
 * The app's servlet API (jakarta.servlet or javax.servlet, whichever the request implements), reached through method
 * handles resolved once per request class. Quartet's class loader cannot link against the app's servlet API, and
 * this keeps the advice free of any servlet type, so one advice serves both namespaces.
 */
final class ServletApi {
  private static final ClassValue<ServletApi> BY_REQUEST_CLASS =
      new ClassValue<ServletApi>() {
        @Override
        protected ServletApi computeValue(Class<?> type) {
          for (String namespace : new String[] {"jakarta.servlet", "javax.servlet"}) {
            try {
              Class<?> request = Class.forName(namespace + ".http.HttpServletRequest", false, type.getClassLoader());
              if (request.isAssignableFrom(type)) {
                return new ServletApi(namespace, request);
              }
            } catch (Throwable notThisOne) {
              // try the other namespace
            }
          }
          return NOT_HTTP;
        }
      };

  private static final ServletApi NOT_HTTP = new ServletApi();

  final String namespace;
  private final Class<?> responseType;
  private final Class<?> asyncListenerType;
  private final MethodHandle getMethod;
  private final MethodHandle getScheme;
  private final MethodHandle getServerName;
  private final MethodHandle getServerPort;
  private final MethodHandle getRequestUri;
  private final MethodHandle getQueryString;
  private final MethodHandle getContextPath;
  private final MethodHandle getRemoteAddr;
  private final MethodHandle getRemotePort;
  private final MethodHandle getProtocol;
  private final MethodHandle getHeader;
  private final MethodHandle getAttribute;
  private final MethodHandle setAttribute;
  private final MethodHandle isAsyncStarted;
  private final MethodHandle getStatus;
  private final MethodHandle setHeader;
  private final MethodHandle containsHeader;
  private final MethodHandle addAsyncListener;
  private final MethodHandle getHeaderNames;
  private final MethodHandle getUserPrincipal;
  private final MethodHandle getRequestUrl;
  private final MethodHandle getResponseHeader;
  private final MethodHandle eventThrowable;
  private final MethodHandle getServletPath;
  private final MethodHandle getPathInfo;
  private final MethodHandle getServletContext;
  private final MethodHandle getServletRegistrations;
  private final MethodHandle registrationMappings;
  // Servlet 4.0+ only; null on older containers.
  private final MethodHandle getServletMapping;
  private final MethodHandle mappingPattern;
  private final MethodHandle mappingMatch;

  private ServletApi() {
    namespace = null;
    responseType = null;
    asyncListenerType = null;
    getMethod = getScheme = getServerName = getServerPort = getRequestUri = getQueryString = null;
    getContextPath = getRemoteAddr = getRemotePort = getProtocol = getHeader = getAttribute = null;
    setAttribute = isAsyncStarted = getStatus = setHeader = containsHeader = addAsyncListener = null;
    getHeaderNames = getUserPrincipal = getRequestUrl = getResponseHeader = null;
    eventThrowable = getServletMapping = mappingPattern = mappingMatch = null;
    getServletPath = getPathInfo = getServletContext = getServletRegistrations = registrationMappings = null;
  }

  private ServletApi(String namespace, Class<?> request) throws ReflectiveOperationException {
    this.namespace = namespace;
    ClassLoader cl = request.getClassLoader();
    Class<?> servletRequest = Class.forName(namespace + ".ServletRequest", false, cl);
    responseType = Class.forName(namespace + ".http.HttpServletResponse", false, cl);
    Class<?> asyncContext = Class.forName(namespace + ".AsyncContext", false, cl);
    Class<?> asyncEvent = Class.forName(namespace + ".AsyncEvent", false, cl);
    asyncListenerType = Class.forName(namespace + ".AsyncListener", false, cl);

    getMethod = getter(request, "getMethod", String.class);
    getScheme = getter(servletRequest, "getScheme", String.class);
    getServerName = getter(servletRequest, "getServerName", String.class);
    getServerPort = getter(servletRequest, "getServerPort", int.class);
    getRequestUri = getter(request, "getRequestURI", String.class);
    getQueryString = getter(request, "getQueryString", String.class);
    getContextPath = getter(request, "getContextPath", String.class);
    getRemoteAddr = getter(servletRequest, "getRemoteAddr", String.class);
    getRemotePort = getter(servletRequest, "getRemotePort", int.class);
    getProtocol = getter(servletRequest, "getProtocol", String.class);
    getHeader =
        virtual(request, "getHeader", MethodType.methodType(String.class, String.class))
            .asType(MethodType.methodType(String.class, Object.class, String.class));
    getAttribute =
        virtual(servletRequest, "getAttribute", MethodType.methodType(Object.class, String.class))
            .asType(MethodType.methodType(Object.class, Object.class, String.class));
    setAttribute =
        virtual(servletRequest, "setAttribute", MethodType.methodType(void.class, String.class, Object.class))
            .asType(MethodType.methodType(void.class, Object.class, String.class, Object.class));
    isAsyncStarted = getter(servletRequest, "isAsyncStarted", boolean.class);
    getStatus = getter(responseType, "getStatus", int.class);
    setHeader =
        virtual(responseType, "setHeader", MethodType.methodType(void.class, String.class, String.class))
            .asType(MethodType.methodType(void.class, Object.class, String.class, String.class));
    containsHeader =
        virtual(responseType, "containsHeader", MethodType.methodType(boolean.class, String.class))
            .asType(MethodType.methodType(boolean.class, Object.class, String.class));
    addAsyncListener =
        virtual(asyncContext, "addListener", MethodType.methodType(void.class, asyncListenerType))
            .asType(MethodType.methodType(void.class, Object.class, Object.class));
    eventThrowable = getter(asyncEvent, "getThrowable", Throwable.class);
    getHeaderNames = getter(request, "getHeaderNames", java.util.Enumeration.class);
    getUserPrincipal = getter(request, "getUserPrincipal", java.security.Principal.class);
    getRequestUrl = getter(request, "getRequestURL", StringBuffer.class);
    getResponseHeader =
        virtual(responseType, "getHeader", MethodType.methodType(String.class, String.class))
            .asType(MethodType.methodType(String.class, Object.class, String.class));

    getServletPath = getter(request, "getServletPath", String.class);
    getPathInfo = getter(request, "getPathInfo", String.class);
    Class<?> servletContext = Class.forName(namespace + ".ServletContext", false, cl);
    getServletContext = getter(servletRequest, "getServletContext", servletContext);
    getServletRegistrations = getter(servletContext, "getServletRegistrations", java.util.Map.class);
    registrationMappings =
        getter(Class.forName(namespace + ".ServletRegistration", false, cl), "getMappings", java.util.Collection.class);

    MethodHandle mapping = null;
    MethodHandle pattern = null;
    MethodHandle match = null;
    try {
      Class<?> mappingType = Class.forName(namespace + ".http.HttpServletMapping", false, cl);
      mapping = getter(request, "getHttpServletMapping", mappingType);
      pattern = getter(mappingType, "getPattern", String.class);
      match = getter(mappingType, "getMappingMatch", Class.forName(namespace + ".http.MappingMatch", false, cl));
    } catch (ReflectiveOperationException servlet3) {
      // no mapping API: routes come from templates only
    }
    getServletMapping = mapping;
    mappingPattern = pattern;
    mappingMatch = match;
  }

  private static MethodHandle virtual(Class<?> owner, String name, MethodType type)
      throws ReflectiveOperationException {
    return MethodHandles.publicLookup().findVirtual(owner, name, type);
  }

  /**
   * A no-argument method as an exact {@code (Object)R} handle, where R is {@code returns} when it is a JDK type and
   * Object otherwise, so that every call below is an {@code invokeExact}.
   */
  private static MethodHandle getter(Class<?> owner, String name, Class<?> returns)
      throws ReflectiveOperationException {
    Class<?> as = returns.isPrimitive() || returns.getClassLoader() == null ? returns : Object.class;
    return virtual(owner, name, MethodType.methodType(returns)).asType(MethodType.methodType(as, Object.class));
  }

  /** The API of an HTTP servlet request of this class, or null when it is not an HTTP request. */
  static ServletApi of(Object request) {
    if (request == null) {
      return null;
    }
    ServletApi api = BY_REQUEST_CLASS.get(request.getClass());
    return api == NOT_HTTP ? null : api;
  }

  boolean isHttpResponse(Object response) {
    return responseType.isInstance(response);
  }

  String method(Object req) throws Throwable {
    return (String) getMethod.invokeExact(req);
  }

  String scheme(Object req) throws Throwable {
    return (String) getScheme.invokeExact(req);
  }

  String serverName(Object req) throws Throwable {
    return (String) getServerName.invokeExact(req);
  }

  int serverPort(Object req) throws Throwable {
    return (int) getServerPort.invokeExact(req);
  }

  String requestUri(Object req) throws Throwable {
    return (String) getRequestUri.invokeExact(req);
  }

  String queryString(Object req) throws Throwable {
    return (String) getQueryString.invokeExact(req);
  }

  String contextPath(Object req) throws Throwable {
    return (String) getContextPath.invokeExact(req);
  }

  String remoteAddr(Object req) throws Throwable {
    return (String) getRemoteAddr.invokeExact(req);
  }

  int remotePort(Object req) throws Throwable {
    return (int) getRemotePort.invokeExact(req);
  }

  String protocol(Object req) throws Throwable {
    return (String) getProtocol.invokeExact(req);
  }

  String header(Object req, String name) throws Throwable {
    return (String) getHeader.invokeExact(req, name);
  }

  Object attribute(Object req, String name) throws Throwable {
    return (Object) getAttribute.invokeExact(req, name);
  }

  void attribute(Object req, String name, Object value) throws Throwable {
    setAttribute.invokeExact(req, name, value);
  }

  boolean asyncStarted(Object req) throws Throwable {
    return (boolean) isAsyncStarted.invokeExact(req);
  }

  int status(Object resp) throws Throwable {
    return (int) getStatus.invokeExact(resp);
  }

  void setHeader(Object resp, String name, String value) throws Throwable {
    setHeader.invokeExact(resp, name, value);
  }

  boolean containsHeader(Object resp, String name) throws Throwable {
    return (boolean) containsHeader.invokeExact(resp, name);
  }

  @SuppressWarnings("unchecked")
  java.util.List<String> headerNames(Object req) throws Throwable {
    java.util.Enumeration<String> names = (java.util.Enumeration<String>) getHeaderNames.invokeExact(req);
    return names == null ? java.util.Collections.emptyList() : java.util.Collections.list(names);
  }

  String userPrincipal(Object req) throws Throwable {
    java.security.Principal p = (java.security.Principal) getUserPrincipal.invokeExact(req);
    return p == null ? null : p.getName();
  }

  String requestUrl(Object req) throws Throwable {
    StringBuffer url = (StringBuffer) getRequestUrl.invokeExact(req);
    return url == null ? null : url.toString();
  }

  String responseHeader(Object resp, String name) throws Throwable {
    return (String) getResponseHeader.invokeExact(resp, name);
  }

  /** The servlet mapping as {@code {matchName, pattern}}, or null before Servlet 4.0. */
  String[] mapping(Object req) throws Throwable {
    if (getServletMapping == null) {
      return null;
    }
    Object mapping = (Object) getServletMapping.invokeExact(req);
    if (mapping == null) {
      return null;
    }
    Object match = (Object) mappingMatch.invokeExact(mapping);
    String pattern = (String) mappingPattern.invokeExact(mapping);
    return new String[] {match == null ? "" : ((Enum<?>) match).name(), pattern};
  }

  String servletPath(Object req) throws Throwable {
    return (String) getServletPath.invokeExact(req);
  }

  String pathInfo(Object req) throws Throwable {
    return (String) getPathInfo.invokeExact(req);
  }

  Object servletContext(Object req) throws Throwable {
    return (Object) getServletContext.invokeExact(req);
  }

  /** Every URL pattern the servlets of {@code servletContext} are mapped to (Servlet 3.0+). */
  java.util.Set<String> servletMappings(Object servletContext) throws Throwable {
    java.util.Map<?, ?> registrations = (java.util.Map<?, ?>) getServletRegistrations.invokeExact(servletContext);
    java.util.Set<String> patterns = new java.util.HashSet<>();
    if (registrations != null) {
      for (Object registration : registrations.values()) {
        java.util.Collection<?> mappings = (java.util.Collection<?>) registrationMappings.invokeExact(registration);
        if (mappings != null) {
          for (Object pattern : mappings) {
            patterns.add(String.valueOf(pattern));
          }
        }
      }
    }
    return patterns;
  }

  Throwable eventThrowable(Object asyncEvent) throws Throwable {
    return (Throwable) eventThrowable.invokeExact(asyncEvent);
  }

  /** Adds an AsyncListener (a proxy of the app's listener interface) to an AsyncContext. */
  void addAsyncListener(Object asyncContext, InvocationHandler handler) throws Throwable {
    Object listener =
        Proxy.newProxyInstance(asyncListenerType.getClassLoader(), new Class<?>[] {asyncListenerType}, handler);
    addAsyncListener.invokeExact(asyncContext, listener);
  }
}
