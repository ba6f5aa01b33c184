package dev.quartet.instrumentation.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.quartet.core.RouteTemplates;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The resolution through the app's servlet API, as the container's request objects answer: jakarta.servlet 6 (the
 * Servlet 4+ mapping API) and javax.servlet 3.1 (no mapping API: the registrations' patterns).
 */
class ServletRoutesApiTest {
  private final ServletRoutes routes = new ServletRoutes(new RouteTemplates(Collections.emptyList()));

  /** A proxy of {@code type} answering its getters from {@code values} (by method name), else null. */
  private static Object fake(Class<?> type, Map<String, Object> values) {
    return Proxy.newProxyInstance(
        ServletRoutesApiTest.class.getClassLoader(),
        new Class<?>[] {type},
        (proxy, method, args) -> {
          switch (method.getName()) {
            case "hashCode":
              return System.identityHashCode(proxy);
            case "equals":
              return proxy == args[0];
            case "toString":
              return type.getSimpleName();
            default:
              break;
          }
          if (method.getName().equals("getAttribute")) {
            return values.get("attribute:" + args[0]);
          }
          return values.get(method.getName());
        });
  }

  private static Map<String, Object> request(String contextPath, String uri) {
    Map<String, Object> values = new HashMap<>();
    values.put("getContextPath", contextPath);
    values.put("getRequestURI", uri);
    return values;
  }

  // jakarta.servlet: the mapping API

  private static Object jakartaRequest(Map<String, Object> values, jakarta.servlet.http.MappingMatch match,
      String pattern) {
    Map<String, Object> mapping = new HashMap<>();
    mapping.put("getMappingMatch", match);
    mapping.put("getPattern", pattern);
    values.put("getHttpServletMapping", fake(jakarta.servlet.http.HttpServletMapping.class, mapping));
    return fake(jakarta.servlet.http.HttpServletRequest.class, values);
  }

  @Test
  void jakartaSpringPatternAsStringAndAsPathPattern() {
    Map<String, Object> values = request("", "/owners/12");
    values.put("attribute:" + ServletRoutes.SPRING_BEST_MATCHING_PATTERN, "/owners/{ownerId}");
    Object req = jakartaRequest(values, jakarta.servlet.http.MappingMatch.DEFAULT, "/");
    assertEquals("/owners/{ownerId}", routes.route(req, null));

    Object pathPattern = new Object() {
      @Override
      public String toString() {
        return "/owners/{ownerId}/edit";
      }
    };
    values.put("attribute:" + ServletRoutes.SPRING_BEST_MATCHING_PATTERN, pathPattern);
    assertEquals("/owners/{ownerId}/edit", routes.route(req, null));
  }

  @Test
  void jakartaBeforeTheFrameworkMatchedTheDefaultServletGivesNoRoute() {
    Object req = jakartaRequest(request("", "/owners/12"), jakarta.servlet.http.MappingMatch.DEFAULT, "/");
    assertNull(routes.route(req, null));
  }

  @Test
  void jakartaExtensionAndExactMappings() {
    assertEquals("/examples/*.jsp", routes.route(jakartaRequest(request("/examples", "/examples/jsp/a/b.jsp"),
        jakarta.servlet.http.MappingMatch.EXTENSION, "*.jsp"), null));
    assertEquals("/", routes.route(jakartaRequest(request("", "/"),
        jakarta.servlet.http.MappingMatch.EXTENSION, "*.jsp"), null), "the ROOT welcome file");
    assertEquals("/examples/servlets/hello", routes.route(jakartaRequest(request("/examples",
        "/examples/servlets/hello"), jakarta.servlet.http.MappingMatch.EXACT, "/servlets/hello"), null));
  }

  @Test
  void jakartaJaxRsRouteHandedOffIsJoinedWithTheApplicationPath() {
    Object req = jakartaRequest(request("/shop", "/shop/api/items/7"), jakarta.servlet.http.MappingMatch.PATH,
        "/api/*");
    assertEquals("/shop/api/items/{id}", routes.route(req, "/items/{id}"));
    assertEquals("/shop/api/*", routes.route(req, null));
  }

  // javax.servlet 3.1: no mapping API; the context's registrations

  private static Object javaxRequest(Map<String, Object> values, String servletPath, String pathInfo,
      String... patterns) {
    Map<String, Object> registration = new HashMap<>();
    registration.put("getMappings", Arrays.asList(patterns));
    Map<String, Object> registrations = new LinkedHashMap<>();
    registrations.put("app", fake(javax.servlet.ServletRegistration.class, registration));
    Map<String, Object> context = new HashMap<>();
    context.put("getServletRegistrations", registrations);
    values.put("getServletContext", fake(javax.servlet.ServletContext.class, context));
    values.put("getServletPath", servletPath);
    values.put("getPathInfo", pathInfo);
    return fake(javax.servlet.http.HttpServletRequest.class, values);
  }

  @Test
  void javaxServlet3MappingsFromTheRegistrations() {
    String[] tomcat = {"/", "*.jsp", "/servlets/hello", "/api/*"};
    assertEquals("/examples/*.jsp", routes.route(javaxRequest(request("/examples", "/examples/jsp/a/b.jsp"),
        "/jsp/a/b.jsp", null, tomcat), null));
    assertEquals("/examples/servlets/hello", routes.route(javaxRequest(request("/examples",
        "/examples/servlets/hello"), "/servlets/hello", null, tomcat), null));
    assertEquals("/examples/api/*", routes.route(javaxRequest(request("/examples", "/examples/api/x"), "/api", "/x",
        tomcat), null));
    assertNull(routes.route(javaxRequest(request("/examples", "/examples/img/a.gif"), "/img/a.gif", null, tomcat),
        null));
  }

  @Test
  void javaxSpringOnServlet3AndJaxRs() {
    Map<String, Object> values = request("/petclinic", "/petclinic/owners/3");
    values.put("attribute:" + ServletRoutes.SPRING_BEST_MATCHING_PATTERN, "/owners/{ownerId}");
    assertEquals("/petclinic/owners/{ownerId}", routes.route(javaxRequest(values, "/owners/3", null, "/"), null));
    assertEquals("/rest/orders/{orderId}", routes.route(javaxRequest(request("", "/rest/orders/5"), "/rest",
        "/orders/5", "/rest/*"), "/orders/{orderId}"));
  }

  @Test
  void notAServletRequest() {
    assertNull(routes.route("not a request", "/x"));
    assertNull(routes.route(null, null));
  }
}
