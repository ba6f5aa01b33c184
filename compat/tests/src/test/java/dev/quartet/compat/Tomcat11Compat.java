package dev.quartet.compat;

import dev.quartet.smoke.AppProcess;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Tomcat 11 distribution (jakarta, Servlet 6.1) serving three webapps, each with its own class loader: a WAR
 * logging through Log4j 2 ({@code /compat}), a JAX-RS app on Jersey ({@code /jaxrs}, JUL) and the distribution's
 * {@code examples} (JSP and servlets); plus what the container answers itself (context redirect, 404 outside any
 * webapp).
 */
abstract class Tomcat11Compat extends CompatContract {

  static final String TOMCAT_ERROR_LOGGER = "org.apache.catalina.core.ContainerBase";

  @Override
  protected String app() {
    return "tomcat11";
  }

  @Override
  protected AppProcess.Builder launcher(String runName) {
    Map<String, java.nio.file.Path> wars = new LinkedHashMap<>();
    wars.put("compat", CompatEnv.app("war-jakarta"));
    wars.put("jaxrs", CompatEnv.app("jersey-war"));
    return StandaloneTomcat.launcher(runName, CompatEnv.path("compat.tomcat11.home"), wars, "/compat/health");
  }

  @Override
  protected List<Probe> probes() {
    String war = "compat.war.jakarta.";
    return List.of(
        Probe.get("/compat/hello").named("GET /compat/hello").logs(war + "HelloServlet", "INFO", "hello from the war"),
        Probe.get("/compat/items/42").named("GET /compat/items/*").logs(war + "ItemServlet", "WARN", "item 42"),
        Probe.get("/compat/fail").status(500).fails(war + "WarFailure", TOMCAT_ERROR_LOGGER)
            .named("GET /compat/fail").logs(war + "FailServlet", "ERROR", "about to fail on purpose"),
        Probe.get("/compat/no-such-file.txt").status(404).notNamedAfterPath(),
        Probe.get("/compat").status(302),
        Probe.get("/nowhere/at/all").status(404).notNamedAfterPath(),
        Probe.get("/jaxrs/api/owners/7").accept("text/plain").named("GET /jaxrs/api/owners/{ownerId}")
            .logs("compat.jaxrs.OwnerResource", "INFO", "showing owner 7"),
        Probe.post("/jaxrs/api/owners/7/edit").accept("text/plain")
            .named("POST /jaxrs/api/owners/{ownerId}/edit")
            .logs("compat.jaxrs.OwnerResource", "WARN", "owner 7 edited"),
        Probe.get("/jaxrs/api/owners/7/oups").accept("text/plain").status(500)
            .named("GET /jaxrs/api/owners/{ownerId}/oups")
            .fails("compat.jaxrs.JaxrsFailure", TOMCAT_ERROR_LOGGER)
            .logs("compat.jaxrs.OwnerResource", "ERROR", "about to fail on purpose"),
        Probe.get("/examples/servlets/servlet/HelloWorldExample")
            .named("GET /examples/servlets/servlet/HelloWorldExample"),
        Probe.get("/examples/jsp/jsp2/el/basic-arithmetic.jsp").named("GET /examples/*.jsp"));
  }
}
