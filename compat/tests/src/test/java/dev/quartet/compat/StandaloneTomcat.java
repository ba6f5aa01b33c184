package dev.quartet.compat;

import dev.quartet.smoke.AppProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A standalone Tomcat distribution (the zip from Maven Central, unpacked by the build) started as
 * {@code catalina.sh run} starts it, in a fresh {@code CATALINA_BASE} per run: the distribution's {@code conf/} with
 * {@code server.xml} moved to a free loopback port (no shutdown port), the given WARs, and the distribution's
 * {@code examples} webapp. No ROOT webapp, so a path outside every webapp is answered by the container itself.
 */
final class StandaloneTomcat {

  private StandaloneTomcat() {}

  /**
   * @param home the unpacked distribution ({@code CATALINA_HOME})
   * @param wars context name (the WAR's file name in webapps/, without .war) to WAR file
   */
  static AppProcess.Builder launcher(String runName, Path home, Map<String, Path> wars, String healthPath) {
    return launcher(runName, home, wars, healthPath, false);
  }

  /** User and password of the manager's text interface (role manager-script), when {@code withManager}. */
  static final String MANAGER_USER = "compat";
  static final String MANAGER_PASSWORD = "compat-manager-pass";

  /** As above; {@code withManager} also deploys the distribution's {@code manager} with {@link #MANAGER_USER}. */
  static AppProcess.Builder launcher(String runName, Path home, Map<String, Path> wars, String healthPath,
      boolean withManager) {
    AppProcess.Builder b = AppProcess.builder(runName).healthPath(healthPath);
    Path base = b.workDir().resolve("catalina-base");
    int port = b.port();
    try {
      for (String dir : List.of("logs", "temp", "work", "webapps")) {
        Files.createDirectories(base.resolve(dir));
      }
      copyTree(home.resolve("conf"), base.resolve("conf"));
      Path serverXml = base.resolve("conf/server.xml");
      String xml = Files.readString(serverXml, StandardCharsets.UTF_8);
      String moved = xml.replace("<Server port=\"8005\"", "<Server port=\"-1\"")
          .replace("<Connector port=\"8080\"", "<Connector address=\"127.0.0.1\" port=\"" + port + "\"");
      if (!moved.contains("<Connector address=\"127.0.0.1\"") || !moved.contains("<Server port=\"-1\"")) {
        throw new IllegalStateException(serverXml + ": the HTTP connector on 8080 was not found to move");
      }
      Files.writeString(serverXml, moved, StandardCharsets.UTF_8);
      for (Map.Entry<String, Path> war : wars.entrySet()) {
        Files.copy(war.getValue(), base.resolve("webapps").resolve(war.getKey() + ".war"));
      }
      copyTree(home.resolve("webapps/examples"), base.resolve("webapps/examples"));
      if (withManager) {
        copyTree(home.resolve("webapps/manager"), base.resolve("webapps/manager"));
        Files.writeString(base.resolve("conf/tomcat-users.xml"), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<tomcat-users xmlns=\"http://tomcat.apache.org/xml\" version=\"1.0\">\n"
            + "  <role rolename=\"manager-script\"/>\n"
            + "  <user username=\"" + MANAGER_USER + "\" password=\"" + MANAGER_PASSWORD
            + "\" roles=\"manager-script\"/>\n</tomcat-users>\n", StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // What catalina.sh run does, without the shell: the same class path, properties and (JDK 9+) --add-opens.
    return b.mainClass("org.apache.catalina.startup.Bootstrap",
            List.of(home.resolve("bin/bootstrap.jar"), home.resolve("bin/tomcat-juli.jar")))
        .jvmArg("--add-opens=java.base/java.lang=ALL-UNNAMED")
        .jvmArg("--add-opens=java.base/java.io=ALL-UNNAMED")
        .jvmArg("--add-opens=java.base/java.util=ALL-UNNAMED")
        .jvmArg("--add-opens=java.base/java.util.concurrent=ALL-UNNAMED")
        .jvmArg("--add-opens=java.rmi/sun.rmi.transport=ALL-UNNAMED")
        .sysProp("java.util.logging.config.file", base.resolve("conf/logging.properties").toString())
        .sysProp("java.util.logging.manager", "org.apache.juli.ClassLoaderLogManager")
        .sysProp("catalina.home", home.toString())
        .sysProp("catalina.base", base.toString())
        .sysProp("java.io.tmpdir", base.resolve("temp").toString())
        .args("start");
  }

  /** {@code GET /manager/text/<command>} with the manager user; the manager's text answer. */
  static String manager(AppProcess tomcat, String command) {
    String auth = java.util.Base64.getEncoder().encodeToString(
        (MANAGER_USER + ":" + MANAGER_PASSWORD).getBytes(StandardCharsets.UTF_8));
    return new dev.quartet.smoke.Http(tomcat.port(), java.time.Duration.ofSeconds(120))
        .get("/manager/text/" + command, Map.of("Authorization", "Basic " + auth, "Accept", "text/plain")).body();
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
