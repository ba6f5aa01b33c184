package dev.quartet.instrumentation.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.quartet.core.RouteTemplates;
import dev.quartet.instrumentation.servlet.ServletRoutes.Mapping;
import dev.quartet.instrumentation.servlet.ServletRoutes.Match;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ServletRoutesTest {
  private static final RouteTemplates NO_TEMPLATES = new RouteTemplates(Collections.emptyList());
  private static final Mapping DEFAULT = new Mapping(Match.DEFAULT, "/");

  private static String resolve(String context, String path, Mapping mapping, String framework) {
    return ServletRoutes.resolve(context, path, mapping, framework, NO_TEMPLATES);
  }

  private static String resolve(
      String context, String path, Mapping mapping, String framework, List<String> templates) {
    return ServletRoutes.resolve(context, path, mapping, framework, new RouteTemplates(templates));
  }

  // Spring MVC: the DispatcherServlet is the default servlet; its best-matching pattern is the route.

  @Test
  void springPatternOfTheDefaultServletIsTheRoute() {
    assertEquals("/owners/{ownerId}", resolve("", "/owners/12", DEFAULT, "/owners/{ownerId}"));
    assertEquals("/owners/{ownerId}/edit", resolve("", "/owners/12/edit", DEFAULT, "/owners/{ownerId}/edit"));
    assertEquals("/oups", resolve("", "/oups", DEFAULT, "/oups"));
    assertEquals("/", resolve("", "/", DEFAULT, "/"));
    assertEquals("/**", resolve("", "/resources/css/petclinic.css", DEFAULT, "/**"));
  }

  @Test
  void springPatternIsJoinedWithTheContextPath() {
    assertEquals("/petclinic/owners/{ownerId}", resolve("/petclinic", "/petclinic/owners/1", DEFAULT,
        "/owners/{ownerId}"));
  }

  @Test
  void springPatternOfAPrefixMappedDispatcherIsJoinedWithTheServletPath() {
    Mapping app = new Mapping(Match.PATH, "/app/*");
    assertEquals("/shop/app/owners/{ownerId}", resolve("/shop", "/shop/app/owners/7", app, "/owners/{ownerId}"));
    assertEquals("/owners/{ownerId}", resolve("", "/owners/7", new Mapping(Match.PATH, "/*"), "/owners/{ownerId}"));
  }

  @Test
  void springPatternOfAnExtensionMappedDispatcherIsTheFullServletPath() {
    assertEquals("/shop/owners/{id}.do", resolve("/shop", "/shop/owners/3.do", new Mapping(Match.EXTENSION, "*.do"),
        "/owners/{id}.do"));
  }

  // JAX-RS: resource templates relative to the application path (a /api/* servlet mapping).

  @Test
  void jaxRsTemplateIsJoinedWithTheApplicationAndContextPath() {
    Mapping api = new Mapping(Match.PATH, "/api/*");
    assertEquals("/shop/api/items/{id}", resolve("/shop", "/shop/api/items/5", api, "/items/{id}"));
    assertEquals("/api/items/{id}", resolve("", "/api/items/5", api, "items/{id}"));
    assertEquals("/api/", resolve("", "/api/", api, "/"));
  }

  // Templates: an override of wildcard routes, never of a route that names one handler.

  @Test
  void templatesRefineAWildcardFrameworkRouteButNotAPreciseOne() {
    List<String> templates = Arrays.asList("/owners/{id}", "/files/{name}");
    assertEquals("/owners/new", resolve("", "/owners/new", DEFAULT, "/owners/new", templates));
    assertEquals("/files/{name}", resolve("", "/files/a.txt", DEFAULT, "/**", templates));
    assertEquals("/**", resolve("", "/other/a.txt", DEFAULT, "/**", templates));
  }

  @Test
  void templatesNameWhatAWildcardServletMappingCannot() {
    List<String> templates = Arrays.asList("/api/activities/@{handle}", "/api/activities/{uuid}");
    Mapping prefix = new Mapping(Match.PATH, "/api/activities/*");
    assertEquals("/api/activities/@{handle}", resolve("", "/api/activities/@andrew", prefix, null, templates));
    assertEquals("/api/activities/*", resolve("", "/api/activities/a/b", prefix, null, templates));
    assertEquals("/api/activities/{uuid}", resolve("", "/api/activities/x1", DEFAULT, null, templates));
    Mapping exact = new Mapping(Match.EXACT, "/api/activities/home");
    assertEquals("/api/activities/home", resolve("", "/api/activities/home", exact, null, templates));
  }

  // Plain servlet mappings.

  @Test
  void servletMappings() {
    assertEquals("/examples/servlets/servlet/HelloWorldExample", resolve("/examples",
        "/examples/servlets/servlet/HelloWorldExample",
        new Mapping(Match.EXACT, "/servlets/servlet/HelloWorldExample"), null));
    assertEquals("/api/*", resolve("", "/api/x/y", new Mapping(Match.PATH, "/api/*"), null));
    assertEquals("/ctx/", resolve("/ctx", "/ctx/", new Mapping(Match.CONTEXT_ROOT, ""), null));
  }

  @Test
  void extensionMappingsAreJoinedWithASlash() {
    Mapping jsp = new Mapping(Match.EXTENSION, "*.jsp");
    assertEquals("/examples/*.jsp", resolve("/examples", "/examples/jsp/dates/date.jsp", jsp, null));
    assertEquals("/*.jsp", resolve("", "/jsp/dates/date.jsp", jsp, null));
  }

  @Test
  void theContextRootKeepsItsRouteWhateverWelcomeFileServesIt() {
    Mapping jsp = new Mapping(Match.EXTENSION, "*.jsp");
    assertEquals("/", resolve("", "/", jsp, null));
    assertEquals("/examples/", resolve("/examples", "/examples/", DEFAULT, null));
    assertEquals("/examples/", resolve("/examples", "/examples", DEFAULT, null));
  }

  @Test
  void theDefaultServletGivesNoRouteNeverTheRawPath() {
    assertNull(resolve("", "/static/app.js", DEFAULT, null));
    assertNull(resolve("/examples", "/examples/images/code.gif", DEFAULT, null));
    assertNull(resolve("", "/anything", null, null));
  }

  // Servlet 3.x: the matched pattern found among the context's servlet registrations.

  private static Set<String> patterns(String... p) {
    return new HashSet<>(Arrays.asList(p));
  }

  private static String servlet3(String servletPath, String pathInfo, Set<String> patterns) {
    Mapping m = ServletRoutes.servlet3Mapping(servletPath, pathInfo, patterns);
    return m == null ? null : m.match + " " + m.pattern;
  }

  @Test
  void servlet3MappingsFromTheRegistrations() {
    Set<String> all = patterns("/", "*.jsp", "*.jspx", "/hello", "/api/*", "");
    assertEquals("EXACT /hello", servlet3("/hello", null, all));
    assertEquals("PATH /api/*", servlet3("/api", "/items/3", all));
    assertEquals("PATH /api/*", servlet3("/api", null, all));
    assertEquals("EXTENSION *.jsp", servlet3("/jsp/dates/date.jsp", null, all));
    assertEquals("DEFAULT /", servlet3("/images/code.gif", null, all));
    assertEquals("DEFAULT /", servlet3("/dir.jsp/file", null, all));
    assertEquals("CONTEXT_ROOT ", servlet3("", "/", all));
    assertEquals("PATH /*", servlet3("", "/anything", patterns("/*")));
    assertNull(servlet3("/nothing", null, patterns("/hello")));
  }

  @Test
  void servlet3MappingsGiveTheSameRoutesAsServlet4() {
    Set<String> tomcat = patterns("/", "*.jsp", "*.jspx", "/servlets/servlet/HelloWorldExample");
    assertEquals("/examples/*.jsp", resolve("/examples", "/examples/jsp/num/numguess.jsp",
        ServletRoutes.servlet3Mapping("/jsp/num/numguess.jsp", null, tomcat), null));
    assertEquals("/examples/servlets/servlet/HelloWorldExample", resolve("/examples",
        "/examples/servlets/servlet/HelloWorldExample",
        ServletRoutes.servlet3Mapping("/servlets/servlet/HelloWorldExample", null, tomcat), null));
    assertNull(resolve("/examples", "/examples/index.html", ServletRoutes.servlet3Mapping("/index.html", null, tomcat),
        null));
    Set<String> jersey = patterns("/api/*");
    assertEquals("/api/items/{id}", resolve("", "/api/items/9", ServletRoutes.servlet3Mapping("/api", "/items/9",
        jersey), "/items/{id}"));
  }

  @Test
  void joinPutsOneSlashBetween() {
    assertEquals("/api/items", ServletRoutes.join("/api", "/items"));
    assertEquals("/api/items", ServletRoutes.join("/api/", "/items"));
    assertEquals("/api/items", ServletRoutes.join("/api", "items"));
    assertEquals("/items", ServletRoutes.join("", "items"));
    assertEquals("/", ServletRoutes.join("", ""));
    assertEquals("/api", ServletRoutes.join("/api", ""));
  }
}
