package dev.quartet.bench.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One of the apps the benchmark starts: how to launch it on a given port in a folder of its own, the request whose
 * first 200 ends its startup, and the requests of the light traffic that follows (one a second).
 */
abstract class BenchApp {
  final String id;
  final String label;
  /** The OTel service name (and X-Ray segment name) its telemetry carries. */
  final String serviceName;
  final String firstRequestPath;
  final List<Http.Request> traffic;

  BenchApp(String id, String label, String serviceName, String firstRequestPath, List<Http.Request> traffic) {
    this.id = id;
    this.label = label;
    this.serviceName = serviceName;
    this.firstRequestPath = firstRequestPath;
    this.traffic = traffic;
  }

  /** What follows the agent and the common JVM options on the command line (class path, main class, arguments). */
  abstract List<String> launch(Path runDir, int port) throws IOException;

  /** Extra environment of the app itself (not the agent's). */
  Map<String, String> env() {
    return Map.of();
  }

  /** The files the app is made of, to check before a run. */
  abstract List<Path> required();

  @Override
  public String toString() {
    return id;
  }

  /** The Cruddur sample app: plain servlets on embedded Jetty 12, {@code java -jar sample-app.jar}, port from PORT. */
  static BenchApp sample(Path jar) {
    return new BenchApp("sample", "Sample app (Jetty 12, servlets)", "backend-flask", "/api/health-check",
        List.of(Http.Request.get(BenchRunner.URL_PATH))) {
      @Override
      List<String> launch(Path runDir, int port) {
        return List.of("-jar", jar.toString());
      }

      @Override
      List<Path> required() {
        return List.of(jar);
      }
    };
  }

  /**
   * The PetClinic-shaped Spring Boot MVC + JPA app of {@code bench/apps/spring-jpa} (embedded Tomcat, Hibernate, H2,
   * Logback), {@code java -jar spring-jpa.jar}, port from PORT. Its first request reads an owner and their pets from
   * the database; the traffic reads and writes.
   */
  static BenchApp springJpa(Path jar) {
    return new BenchApp("spring-jpa", "Spring Boot MVC + JPA (Tomcat 10.1, Hibernate, H2)", "clinic", "/owners/1",
        List.of(
            Http.Request.get("/owners?lastName=D"),
            Http.Request.get("/owners/3"),
            Http.Request.postJson("/owners/6/pets/7/visits", "{\"description\":\"checkup\"}"),
            Http.Request.get("/vets"),
            Http.Request.postJson("/owners",
                "{\"firstName\":\"Ada\",\"lastName\":\"Byron\",\"city\":\"Madison\",\"telephone\":\"6085550000\"}"))) {
      @Override
      List<String> launch(Path runDir, int port) {
        return List.of("-jar", jar.toString());
      }

      @Override
      List<Path> required() {
        return List.of(jar);
      }
    };
  }

  /**
   * The Tomcat distribution (the zip from Maven Central) serving a WAR (compat's jakarta + Log4j 2 one, as context
   * {@code /compat}) and its own {@code examples} webapp, started as {@code catalina.sh run} starts it (the same class
   * path, properties and {@code --add-opens}, without the shell) in a fresh {@code CATALINA_BASE} per run: the
   * distribution's {@code conf/} with the HTTP connector moved to a free loopback port and no shutdown port. Each
   * run deploys (unpacks) the WAR again, as a first start does.
   */
  static BenchApp tomcat(Path home, Path war) {
    return new BenchApp("tomcat", "Tomcat 11 distribution + WAR", "compat", "/compat/health",
        List.of(
            Http.Request.get("/compat/hello"),
            Http.Request.get("/compat/items/42"),
            Http.Request.get("/examples/servlets/servlet/HelloWorldExample"),
            Http.Request.get("/examples/jsp/jsp2/el/basic-arithmetic.jsp"))) {
      @Override
      List<String> launch(Path runDir, int port) throws IOException {
        Path base = runDir.resolve("catalina-base");
        for (String dir : List.of("logs", "temp", "work", "webapps")) {
          Files.createDirectories(base.resolve(dir));
        }
        copyTree(home.resolve("conf"), base.resolve("conf"));
        Path serverXml = base.resolve("conf/server.xml");
        Files.writeString(serverXml, onPort(Files.readString(serverXml, StandardCharsets.UTF_8), port),
            StandardCharsets.UTF_8);
        Files.copy(war, base.resolve("webapps/compat.war"));
        copyTree(home.resolve("webapps/examples"), base.resolve("webapps/examples"));
        List<String> args = new ArrayList<>(List.of(
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.rmi/sun.rmi.transport=ALL-UNNAMED",
            "-Djava.util.logging.config.file=" + base.resolve("conf/logging.properties"),
            "-Djava.util.logging.manager=org.apache.juli.ClassLoaderLogManager",
            "-Djdk.tls.ephemeralDHKeySize=2048",
            "-Djava.protocol.handler.pkgs=org.apache.catalina.webresources",
            "-Dorg.apache.catalina.security.SecurityListener.UMASK=0027",
            "-Dcatalina.home=" + home,
            "-Dcatalina.base=" + base,
            "-Djava.io.tmpdir=" + base.resolve("temp"),
            "-cp", home.resolve("bin/bootstrap.jar") + java.io.File.pathSeparator + home.resolve("bin/tomcat-juli.jar"),
            "org.apache.catalina.startup.Bootstrap", "start"));
        return args;
      }

      @Override
      List<Path> required() {
        return List.of(home.resolve("bin/bootstrap.jar"), war);
      }
    };
  }

  /** server.xml with the HTTP connector on {@code 127.0.0.1:port} and the shutdown port off. */
  static String onPort(String serverXml, int port) {
    String moved = serverXml.replace("<Server port=\"8005\"", "<Server port=\"-1\"")
        .replace("<Connector port=\"8080\"", "<Connector address=\"127.0.0.1\" port=\"" + port + "\"");
    if (!moved.contains("<Connector address=\"127.0.0.1\"") || !moved.contains("<Server port=\"-1\"")) {
      throw new IllegalStateException("server.xml: the HTTP connector on 8080 or the shutdown port 8005 not found");
    }
    return moved;
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
