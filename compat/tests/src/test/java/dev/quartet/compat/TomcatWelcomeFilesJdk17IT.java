package dev.quartet.compat;

import dev.quartet.smoke.AppProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Routes of the Tomcat 11 distribution's own webapps: ROOT (whose welcome file is {@code index.jsp}) and
 * {@code examples} (welcome file {@code index.html}, JSPs, servlets). A context root keeps its route whichever
 * welcome file serves it ({@code GET /}, never {@code GET *.jsp}); a JSP is {@code /examples/*.jsp}; a static file
 * of the default servlet has no route, never its path. JDK 17, default run.
 */
class TomcatWelcomeFilesJdk17IT extends CompatContract {

  @Override
  protected String app() {
    return "tomcat11-welcome-files";
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
    Path home = CompatEnv.path("compat.tomcat11.home");
    AppProcess.Builder b = StandaloneTomcat.launcher(runName, home, Map.of(), "/examples/index.html");
    copyTree(home.resolve("webapps/ROOT"), b.workDir().resolve("catalina-base/webapps/ROOT"));
    return b;
  }

  @Override
  protected List<Probe> probes() {
    return List.of(
        Probe.get("/").named("GET /"),
        Probe.get("/examples/").named("GET /examples/"),
        Probe.get("/examples/jsp/jsp2/el/basic-arithmetic.jsp").named("GET /examples/*.jsp"),
        Probe.get("/examples/servlets/servlet/HelloWorldExample")
            .named("GET /examples/servlets/servlet/HelloWorldExample"),
        Probe.get("/tomcat.svg").notNamedAfterPath(),
        Probe.get("/examples/servlets/images/code.gif").notNamedAfterPath());
  }

  private static void copyTree(Path from, Path to) {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
