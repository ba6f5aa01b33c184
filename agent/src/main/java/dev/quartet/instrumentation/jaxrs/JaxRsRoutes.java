package dev.quartet.instrumentation.jaxrs;

import dev.quartet.core.AgentLog;
import dev.quartet.core.CurrentRequest;
import dev.quartet.core.ServerRequest;
import dev.quartet.instrumentation.servlet.ServletRoutes;
import java.lang.annotation.Annotation;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The route of a JAX-RS request from the resource method the framework called: the class's {@code @Path} joined with
 * the method's, as the JAX-RS specification matches them (a sub-resource locator's template replaces the class path
 * of the sub-resource it returns). Annotations inherited from a super class or an implemented interface count. The
 * route, relative to the application path, goes on the current request; the servlet layer joins it with the servlet
 * and context path. Each method's templates are read once.
 */
public final class JaxRsRoutes {
  static final String[] NAMESPACES = {"jakarta.ws.rs", "javax.ws.rs"};
  static final String[] HTTP_METHODS = {"GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH"};
  private static final Set<String> HTTP_METHOD_NAMES = new HashSet<>(Arrays.asList(HTTP_METHODS));

  /** What a handler method says about the route; {@link #NONE} for a method that is no JAX-RS handler. */
  static final class Handler {
    static final Handler NONE = new Handler(null, null, false);

    final String classPath;
    final String methodPath;
    /** A resource method (an HTTP method annotation): it ends the matching; else a sub-resource locator. */
    final boolean resourceMethod;

    Handler(String classPath, String methodPath, boolean resourceMethod) {
      this.classPath = classPath;
      this.methodPath = methodPath;
      this.resourceMethod = resourceMethod;
    }
  }

  private static final ClassValue<Map<String, Handler>> HANDLERS =
      new ClassValue<Map<String, Handler>>() {
        @Override
        protected Map<String, Handler> computeValue(Class<?> type) {
          return new ConcurrentHashMap<>();
        }
      };

  /** The framework is about to call {@code method} (name and descriptor) of {@code type}. */
  public void handlerEnter(Class<?> type, String method) {
    ServerRequest request = CurrentRequest.get();
    if (request == null || request.frameworkRouteComplete() || type == null || method == null) {
      return; // nothing to name, or named already (a resource method calling another one)
    }
    try {
      Handler handler = HANDLERS.get(type).computeIfAbsent(method, m -> handler(type, m));
      if (handler != Handler.NONE) {
        request.frameworkRoute(route(request.frameworkRoute(), handler), handler.resourceMethod);
      }
    } catch (Throwable t) {
      AgentLog.warnOnce("jaxrs.route", "jaxrs: could not read a resource's route", t);
    }
  }

  /** The route after {@code handler}, given the route a sub-resource locator left (or null). */
  static String route(String locatorRoute, Handler handler) {
    String base = locatorRoute != null ? locatorRoute : ServletRoutes.join("", nullToEmpty(handler.classPath));
    return handler.methodPath == null ? base : ServletRoutes.join(base, handler.methodPath);
  }

  /** The templates of the method named {@code nameAndDescriptor} of {@code type}, or NONE. */
  static Handler handler(Class<?> type, String nameAndDescriptor) {
    if (Proxy.isProxyClass(type)) {
      return Handler.NONE; // a JAX-RS client (RESTEasy, Jersey, MicroProfile): the call goes out, it names nothing
    }
    Method method = find(type, nameAndDescriptor);
    if (method == null) {
      return Handler.NONE;
    }
    String methodPath = null;
    boolean resourceMethod = false;
    for (Class<?> c : hierarchy(type)) {
      Method declared = declared(c, method);
      if (declared == null) {
        continue;
      }
      for (Annotation a : declared.getDeclaredAnnotations()) {
        String name = a.annotationType().getName();
        if (methodPath == null && isJaxRs(name, "Path")) {
          methodPath = value(a);
        } else if (isHttpMethod(a.annotationType())) {
          resourceMethod = true;
        }
      }
      if (methodPath != null || resourceMethod) {
        break; // annotations are inherited as a whole from the nearest type that has any
      }
    }
    if (methodPath == null && !resourceMethod) {
      return Handler.NONE;
    }
    return new Handler(classPath(type), methodPath, resourceMethod);
  }

  private static String classPath(Class<?> type) {
    for (Class<?> c : hierarchy(type)) {
      for (Annotation a : c.getDeclaredAnnotations()) {
        if (isJaxRs(a.annotationType().getName(), "Path")) {
          return value(a);
        }
      }
    }
    return null;
  }

  private static boolean isJaxRs(String annotation, String simpleName) {
    for (String ns : NAMESPACES) {
      if (annotation.equals(ns + "." + simpleName)) {
        return true;
      }
    }
    return false; // read once per method: the concatenation costs nothing per request
  }

  /** {@code @GET}…, or an annotation meta-annotated with {@code @HttpMethod} (a custom verb). */
  private static boolean isHttpMethod(Class<? extends Annotation> type) {
    String name = type.getName();
    int dot = name.lastIndexOf('.');
    if (HTTP_METHOD_NAMES.contains(name.substring(dot + 1)) && isJaxRs(name, name.substring(dot + 1))) {
      return true;
    }
    for (Annotation meta : type.getDeclaredAnnotations()) {
      if (isJaxRs(meta.annotationType().getName(), "HttpMethod")) {
        return true;
      }
    }
    return false;
  }

  private static String value(Annotation a) {
    try {
      Object v = a.annotationType().getMethod("value").invoke(a);
      return v == null ? "" : v.toString().trim();
    } catch (ReflectiveOperationException | RuntimeException e) {
      return "";
    }
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  private static Method find(Class<?> type, String nameAndDescriptor) {
    int paren = nameAndDescriptor.indexOf('(');
    if (paren < 0) {
      return null;
    }
    String name = nameAndDescriptor.substring(0, paren);
    String descriptor = nameAndDescriptor.substring(paren);
    for (Method m : type.getDeclaredMethods()) {
      if (m.getName().equals(name)
          && !m.isBridge()
          && MethodType.methodType(m.getReturnType(), m.getParameterTypes())
              .toMethodDescriptorString()
              .equals(descriptor)) {
        return m;
      }
    }
    return null;
  }

  /** The method {@code c} declares with the same name and parameters as {@code method}, or null. */
  private static Method declared(Class<?> c, Method method) {
    try {
      Method m = c.getDeclaredMethod(method.getName(), method.getParameterTypes());
      return Modifier.isStatic(m.getModifiers()) ? null : m;
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  /** {@code type}, its super classes, then its interfaces (breadth first), without Object. */
  private static List<Class<?>> hierarchy(Class<?> type) {
    List<Class<?>> classes = new ArrayList<>();
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      classes.add(c);
    }
    Deque<Class<?>> pending = new ArrayDeque<>(classes);
    Set<Class<?>> seen = new HashSet<>(classes);
    while (!pending.isEmpty()) {
      for (Class<?> i : pending.poll().getInterfaces()) {
        if (seen.add(i)) {
          classes.add(i);
          pending.add(i);
        }
      }
    }
    return classes;
  }
}
