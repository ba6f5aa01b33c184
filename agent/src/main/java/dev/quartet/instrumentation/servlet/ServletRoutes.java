package dev.quartet.instrumentation.servlet;

import dev.quartet.core.RouteTemplates;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The {@code http.route} of a servlet request: the route the framework matched, else a user template, else the
 * servlet mapping, else none. Never the request's own path: a route names a group of requests (cardinality).
 *
 * <ul>
 *   <li>The framework's route: Spring MVC's best-matching pattern (a request attribute, set while the
 *       DispatcherServlet dispatches, so it is read when the servlet layer's outermost call returns), or the route a
 *       framework instrumentation handed to the request (JAX-RS resource templates). It is relative to the servlet,
 *       so it is joined with the context path, and with the servlet path when the servlet is mapped by prefix
 *       ({@code /api/*}).
 *   <li>{@code QUARTET_HTTP_ROUTES} templates override every route that is a wildcard ({@code /**} of Spring's
 *       static resources, a {@code /api/*} or {@code *.jsp} servlet mapping) or missing (the default servlet). A
 *       route that names one handler (a framework pattern without {@code *}, an exact servlet mapping) stays: it
 *       is more precise than any template ({@code /owners/new} beside {@code /owners/{ownerId}}).
 *   <li>The servlet mapping: Servlet 4's mapping API, else (Servlet 3.x) the pattern among the context's servlet
 *       registrations that the request's servlet path matched. Extension mappings read {@code /examples/*.jsp}.
 *   <li>A request for the context root keeps the root as its route, whichever welcome file serves it.
 * </ul>
 */
public final class ServletRoutes {
  /** Spring MVC's {@code HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE}: a String, or a PathPattern (Spring 6). */
  static final String SPRING_BEST_MATCHING_PATTERN =
      "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern";

  /** How the container matched the request to a servlet (the names of Servlet 4's {@code MappingMatch}). */
  enum Match {
    CONTEXT_ROOT,
    DEFAULT,
    EXACT,
    EXTENSION,
    PATH
  }

  /** A servlet mapping: how it matched and its URL pattern. */
  static final class Mapping {
    final Match match;
    final String pattern;

    Mapping(Match match, String pattern) {
      this.match = match;
      this.pattern = pattern == null ? "" : pattern;
    }

    /** The servlet path a framework's routes are relative to: the prefix of a {@code /prefix/*} mapping. */
    String servletPrefix() {
      return match == Match.PATH && pattern.endsWith("/*") ? pattern.substring(0, pattern.length() - 2) : "";
    }
  }

  private final RouteTemplates templates;
  /** Servlet 3.x: each context's mapping patterns, read once (servlets are registered before requests come). */
  private final Map<Object, Set<String>> mappingsByContext = Collections.synchronizedMap(new WeakHashMap<>());

  public ServletRoutes(RouteTemplates templates) {
    this.templates = templates;
  }

  /**
   * The route of {@code req} as known now. {@code handedOff} is a route a framework instrumentation gave the request
   * (or null); Spring MVC's attribute is read here. Called when a request starts (servlet mapping and templates)
   * and again when the servlet layer's outermost call returns (the framework has matched by then).
   */
  public String route(Object req, String handedOff) {
    try {
      ServletApi api = ServletApi.of(req);
      if (api == null) {
        return null;
      }
      String framework = handedOff != null ? handedOff : springPattern(api, req);
      return resolve(api.contextPath(req), api.requestUri(req), mapping(api, req), framework, templates);
    } catch (Throwable t) {
      return null;
    }
  }

  private static String springPattern(ServletApi api, Object req) throws Throwable {
    Object pattern = api.attribute(req, SPRING_BEST_MATCHING_PATTERN);
    return pattern == null ? null : pattern.toString();
  }

  private Mapping mapping(ServletApi api, Object req) throws Throwable {
    String[] servlet4 = api.mapping(req);
    if (servlet4 != null) {
      try {
        return new Mapping(Match.valueOf(servlet4[0]), servlet4[1]);
      } catch (IllegalArgumentException unknownMatch) {
        return null;
      }
    }
    String servletPath = api.servletPath(req);
    String pathInfo = api.pathInfo(req);
    if (pathInfo != null) {
      return servlet3Mapping(servletPath, pathInfo, Collections.emptySet()); // a prefix match: no lookup needed
    }
    Object context = api.servletContext(req);
    if (context == null) {
      return null;
    }
    Set<String> patterns = mappingsByContext.get(context);
    if (patterns == null) {
      patterns = api.servletMappings(context);
      mappingsByContext.put(context, patterns);
    }
    return servlet3Mapping(servletPath, null, patterns);
  }

  /**
   * Servlet 3.x: which of the context's {@code patterns} matched a request with this servlet path and path info,
   * by the servlet specification's rules (exact, longest prefix, extension, default); null when none is known.
   */
  static Mapping servlet3Mapping(String servletPath, String pathInfo, Set<String> patterns) {
    String sp = servletPath == null ? "" : servletPath;
    if (pathInfo != null) {
      if (sp.isEmpty() && pathInfo.equals("/") && patterns.contains("")) {
        return new Mapping(Match.CONTEXT_ROOT, "");
      }
      return new Mapping(Match.PATH, sp + "/*"); // only a prefix mapping leaves a path info
    }
    if (patterns.contains(sp)) {
      return new Mapping(sp.equals("/") ? Match.DEFAULT : Match.EXACT, sp);
    }
    if (patterns.contains(sp + "/*")) {
      return new Mapping(Match.PATH, sp + "/*"); // /api for /api/*
    }
    int slash = sp.lastIndexOf('/');
    int dot = sp.lastIndexOf('.');
    if (dot > slash && patterns.contains("*" + sp.substring(dot))) {
      return new Mapping(Match.EXTENSION, "*" + sp.substring(dot));
    }
    return patterns.contains("/") ? new Mapping(Match.DEFAULT, "/") : null;
  }

  /** The resolution itself (see the class comment), from what the request tells. */
  static String resolve(
      String contextPath, String path, Mapping mapping, String framework, RouteTemplates templates) {
    String context = contextPath == null || contextPath.equals("/") ? "" : contextPath;
    if (framework != null) {
      String route = join(context + (mapping == null ? "" : mapping.servletPrefix()), framework);
      if (route.indexOf('*') < 0) {
        return route;
      }
      String template = templates.match(path);
      return template != null ? template : route;
    }
    if (path != null && (path.equals(context) || path.equals(context + "/"))) {
      return context + "/"; // the context root, though a welcome file (index.jsp, index.html) serves it
    }
    if (mapping != null) {
      if (mapping.match == Match.EXACT) {
        return context + mapping.pattern;
      }
      if (mapping.match == Match.CONTEXT_ROOT) {
        return context + "/";
      }
    }
    String template = templates.match(path);
    if (template != null || mapping == null) {
      return template;
    }
    switch (mapping.match) {
      case PATH:
        return context + mapping.pattern;
      case EXTENSION:
        return context + "/" + mapping.pattern;
      default:
        return null; // the default servlet serves any path: no route
    }
  }

  /** {@code prefix} and {@code route} with exactly one slash between them. */
  public static String join(String prefix, String route) {
    if (route.isEmpty()) {
      return prefix.isEmpty() ? "/" : prefix;
    }
    if (route.startsWith("/")) {
      return prefix.endsWith("/") ? prefix + route.substring(1) : prefix + route;
    }
    return prefix.endsWith("/") ? prefix + route : prefix + "/" + route;
  }
}
