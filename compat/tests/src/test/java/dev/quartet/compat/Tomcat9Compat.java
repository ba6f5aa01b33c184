package dev.quartet.compat;

import dev.quartet.smoke.AppProcess;
import java.util.List;
import java.util.Map;

/**
 * The Tomcat 9 distribution (javax, Servlet 4) serving a WAR that logs through Logback ({@code /compat}, its own
 * class loader) and the distribution's {@code examples} (JSP and servlets); plus what the container answers itself.
 */
abstract class Tomcat9Compat extends CompatContract {

  static final String TOMCAT_ERROR_LOGGER = "org.apache.catalina.core.ContainerBase";

  @Override
  protected String app() {
    return "tomcat9";
  }

  @Override
  protected AppProcess.Builder launcher(String runName) {
    return StandaloneTomcat.launcher(runName, CompatEnv.path("compat.tomcat9.home"),
        Map.of("compat", CompatEnv.app("war-javax")), "/compat/health");
  }

  @Override
  protected List<Probe> probes() {
    String war = "compat.war.javax.";
    return List.of(
        Probe.get("/compat/hello").named("GET /compat/hello").logs(war + "HelloServlet", "INFO", "hello from the war"),
        Probe.get("/compat/items/42").named("GET /compat/items/*").logs(war + "ItemServlet", "WARN", "item 42"),
        Probe.get("/compat/fail").status(500).fails(war + "WarFailure", TOMCAT_ERROR_LOGGER)
            .named("GET /compat/fail").logs(war + "FailServlet", "ERROR", "about to fail on purpose"),
        Probe.get("/compat/no-such-file.txt").status(404).notNamedAfterPath(),
        Probe.get("/compat").status(302),
        Probe.get("/nowhere/at/all").status(404).notNamedAfterPath(),
        Probe.get("/examples/servlets/servlet/HelloWorldExample")
            .named("GET /examples/servlets/servlet/HelloWorldExample"),
        Probe.get("/examples/jsp/jsp2/el/basic-arithmetic.jsp").named("GET /examples/*.jsp"));
  }
}
