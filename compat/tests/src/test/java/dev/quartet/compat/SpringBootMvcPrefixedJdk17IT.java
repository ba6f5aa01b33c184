package dev.quartet.compat;

import dev.quartet.smoke.AppProcess;
import java.util.List;

/**
 * The Spring Boot MVC app under a context path ({@code /clinic}) with its DispatcherServlet mapped by prefix
 * ({@code /app/*}): Spring's patterns are relative to the servlet, so the route joins context path, servlet path
 * and pattern ({@code GET /clinic/app/owners/{ownerId}}). JDK 17, default run.
 */
class SpringBootMvcPrefixedJdk17IT extends SpringBootMvcCompat {

  @Override
  protected String app() {
    return "spring-boot-mvc-prefixed";
  }

  @Override
  protected Jdk jdk() {
    return Jdk.JDK_17;
  }

  @Override
  protected boolean inDefaultRun() {
    return true;
  }

  @Override
  protected AppProcess.Builder launcher(String runName) {
    return super.launcher(runName)
        .sysProp("server.servlet.context-path", "/clinic")
        .sysProp("spring.mvc.servlet.path", "/app")
        .healthPath("/clinic/app/health");
  }

  @Override
  protected List<Probe> probes() {
    return List.of(
        Probe.get("/clinic/app/owners/7").named("GET /clinic/app/owners/{ownerId}")
            .logs("compat.spring.OwnerController", "INFO", "showing owner 7"),
        Probe.post("/clinic/app/owners/7/edit").named("POST /clinic/app/owners/{ownerId}/edit"),
        Probe.get("/clinic/app/oups").status(500).named("GET /clinic/app/oups").fails(OUPS, TOMCAT_ERROR_LOGGER),
        Probe.get("/clinic/app/css/site.css").named("GET /clinic/app/**"),
        Probe.get("/clinic/app/no/such/page").browser().status(404).notNamedAfterPath(),
        Probe.get("/clinic/app/health").named("GET /clinic/app/health"));
  }
}
