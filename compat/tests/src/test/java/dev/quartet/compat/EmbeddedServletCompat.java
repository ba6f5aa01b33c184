package dev.quartet.compat;

import dev.quartet.smoke.AppProcess;
import java.util.List;

/**
 * An embedded servlet container app (a shaded jar, {@code java -jar}): an exact mapping, a path mapping, a servlet
 * that fails with the app's own exception, a 404; each request logs through the app's logging library.
 */
abstract class EmbeddedServletCompat extends CompatContract {

  /** The module name under compat/apps (also the app's name here). */
  private final String module;
  /** The app's package: its servlets log as {@code <package>.Servlets}, it fails with {@code <package>.<failure>}. */
  private final String appPackage;
  private final String failure;
  private final String containerErrorLogger;
  private final String helloMessage;

  EmbeddedServletCompat(String module, String appPackage, String failure, String containerErrorLogger,
      String helloMessage) {
    this.module = module;
    this.appPackage = appPackage;
    this.failure = failure;
    this.containerErrorLogger = containerErrorLogger;
    this.helloMessage = helloMessage;
  }

  @Override
  protected String app() {
    return module;
  }

  @Override
  protected AppProcess.Builder launcher(String runName) {
    return AppProcess.builder(runName).jar(CompatEnv.app(module)).healthPath("/health");
  }

  @Override
  protected List<Probe> probes() {
    String logger = appPackage + ".Servlets";
    return List.of(
        Probe.get("/hello").named("GET /hello").logs(logger, "INFO", helloMessage),
        Probe.get("/items/42").named("GET /items/*").logs(logger, "WARN", "item 42 requested"),
        Probe.get("/fail").status(500).named("GET /fail").fails(appPackage + "." + failure, containerErrorLogger)
            .logs(logger, "ERROR", "about to fail on purpose"),
        Probe.get("/no/such/thing").status(404).notNamedAfterPath(),
        Probe.get("/health").named("GET /health"));
  }
}
