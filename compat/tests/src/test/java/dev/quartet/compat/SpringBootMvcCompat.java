package dev.quartet.compat;

import dev.quartet.smoke.AppProcess;
import java.util.List;

/**
 * A Spring Boot MVC app as a repackaged Boot jar ({@code java -jar}, {@code Start-Class}): embedded Tomcat, Logback,
 * controllers with path variables, PetClinic's throwing {@code /oups}, the Whitelabel and a static 404 error page,
 * a static file.
 */
abstract class SpringBootMvcCompat extends CompatContract {

  static final String OUPS = "compat.spring.OupsException";
  /** Embedded Tomcat's StandardWrapperValve logs "Servlet.service() for servlet [dispatcherServlet] ... threw exception". */
  static final String TOMCAT_ERROR_LOGGER = "org.apache.catalina.core.ContainerBase";

  @Override
  protected String app() {
    return "spring-boot-mvc";
  }

  @Override
  protected AppProcess.Builder launcher(String runName) {
    return AppProcess.builder(runName).jar(CompatEnv.app("spring-boot-mvc")).healthPath("/health");
  }

  @Override
  protected List<Probe> probes() {
    return List.of(
        Probe.get("/owners/7").named("GET /owners/{ownerId}")
            .logs("compat.spring.OwnerController", "INFO", "showing owner 7"),
        Probe.post("/owners/7/edit").named("POST /owners/{ownerId}/edit")
            .logs("compat.spring.OwnerController", "WARN", "owner 7 edited"),
        Probe.get("/oups").status(500).named("GET /oups").fails(OUPS, TOMCAT_ERROR_LOGGER)
            .logs("compat.spring.CrashController", "ERROR", "about to fail on purpose"),
        Probe.get("/oups").browser().status(500).named("GET /oups").fails(OUPS, TOMCAT_ERROR_LOGGER),
        Probe.get("/css/site.css").named("GET /**"),
        Probe.get("/no/such/page").browser().status(404).notNamedAfterPath(),
        Probe.get("/health").named("GET /health"));
  }
}
