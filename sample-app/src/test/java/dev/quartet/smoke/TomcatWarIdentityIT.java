package dev.quartet.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quartet.smoke.CloudWatchLogsReceiver.StoredEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The app's identity under a servlet container, and the lifecycle of a WAR (the compat suite's TomcatReloadIT and
 * ShutdownLinesIT check reloads and shutdown on its apps; this one adds the identity and an outage meanwhile).
 * Standalone Tomcat 11 (the distribution zip) with the agent, serving a WAR of its own class loader that logs through
 * JUL, fails with its own exception class and hands work to an async task, while CloudWatch Logs is down (its events,
 * exceptions among them, wait in the queue). After 3 reloads through the manager, Tomcat's {@code findleaks} names
 * no loader; the app is named after its WAR with the WAR's Maven version by every backend; and on SIGTERM what
 * Tomcat and the app's {@code contextDestroyed} log while stopping is shipped.
 */
class TomcatWarIdentityIT {
  private static final String TOMCAT_VERSION = "11.0.24";
  private static final String CONTEXT = "/leakprobe";
  private static final String WAR_VERSION = "1.4.2";
  private static final String MANAGER_AUTH =
      "Basic " + Base64.getEncoder().encodeToString("quartet:quartet-test".getBytes(StandardCharsets.UTF_8));

  @Test
  void reloadsLeaveNoLoaderBehindAndTheAppIsNamedAfterItsWar() throws Exception {
    Path zip = tomcatZip();
    Path work = SmokeEnv.freshWorkDir("TomcatWarIdentityIT-files");
    int port = SmokeEnv.freeLoopbackPort();
    Path base = unpackTomcat(zip, work.resolve("tomcat"));
    buildWar(work.resolve("build"), base.resolve("webapps").resolve(CONTEXT.substring(1) + ".war"));

    try (CloudWatchLogsReceiver logs = new CloudWatchLogsReceiver();
        RollbarReceiver rollbar = new RollbarReceiver();
        AppProcess tomcat =
            AppProcess.withAgent("TomcatWarIdentityIT")
                .removeEnv("OTEL_SERVICE_NAME") // the defaults are the point here
                .removeEnv("QUARTET_HTTP_ROUTES")
                .env(logs.clientEnv())
                .env("QUARTET_CLOUDWATCH_SEND_INTERVAL", "200ms")
                .env("QUARTET_SHUTDOWN_TIMEOUT", "20s")
                .env("ROLLBAR_ACCESS_TOKEN", RollbarReceiver.TOKEN)
                .env("ROLLBAR_ENDPOINT", rollbar.itemUrl())
                .sysProp("http.port", Integer.toString(port))
                .sysProp("catalina.base", base.toString())
                .sysProp("catalina.home", base.toString())
                .sysProp("java.util.logging.manager", "org.apache.juli.ClassLoaderLogManager")
                .sysProp("java.util.logging.config.file", base.resolve("conf/logging.properties").toString())
                .mainClass(
                    "org.apache.catalina.startup.Bootstrap",
                    List.of(base.resolve("bin/bootstrap.jar"), base.resolve("bin/tomcat-juli.jar")))
                .args("start")
                .awaitHealth(false)
                .start()) {
      Http http = new Http(port, Duration.ofSeconds(30));
      Await.require(
          "Tomcat to serve " + CONTEXT, Duration.ofSeconds(120), () -> answers(http, CONTEXT + "/hello"),
          tomcat::stderrTail);
      logs.outage(true); // from now on CloudWatch answers 503: every event waits in the queue
      List<String> failureTraces = new ArrayList<>();
      failureTraces.add(exercise(http));
      for (int reload = 1; reload <= 3; reload++) {
        Http.Exchange r = http.get("/manager/text/reload?path=" + CONTEXT, Map.of("Authorization", MANAGER_AUTH));
        assertTrue(r.body().startsWith("OK"), () -> "reload: " + r.body());
        failureTraces.add(exercise(http));
      }

      String leaks = findLeaks(http);
      assertTrue(leaks.startsWith("OK"), () -> "after 3 reloads: " + leaks + "\nstderr:\n" + tomcat.stderrTail());

      logs.outage(false);
      logs.awaitEvents(e -> "probe.ProbeServlet".equals(e.field("logger")), 4 * 3, Duration.ofSeconds(120));
      assertEquals(List.of("leakprobe"), new ArrayList<>(logs.groupNames()), "log group: the WAR's name");
      for (String traceId : failureTraces) {
        List<StoredEvent> failure =
            logs.events(e -> "probe failure".equals(e.field("message")) && traceId.equals(e.field("trace_id")));
        assertEquals(1, failure.size(), () -> "the failure logged in trace " + traceId);
        assertEquals("probe.ProbeFailure", failure.get(0).json().path("exception").path("type").asText());
      }
      assertEquals(
          4 * 2,
          logs.events(e -> "probe async task".equals(e.field("message")) && e.field("trace_id") != null).size(),
          "async tasks log with their request's trace");

      tomcat.stop(Duration.ofSeconds(60));
      assertEquals(
          4, logs.events(e -> "probe context destroyed".equals(e.field("message"))).size(),
          "contextDestroyed of 3 reloads and of the shutdown");
      assertFalse(
          logs.events(e -> String.valueOf(e.field("message")).startsWith("Stopping service [Catalina]")).isEmpty(),
          () -> "Tomcat's own shutdown line; stderr:\n" + tomcat.stderrTail());

      Path telemetry = tomcat.workDir().resolve("telemetry");
      JsonNode resource = firstLine(telemetry.resolve("traces.jsonl")).path("resourceSpans").path(0).path("resource");
      assertEquals("leakprobe", attribute(resource, "service.name"));
      assertEquals(WAR_VERSION, attribute(resource, "service.version"));
      assertFalse(attribute(resource, "host.name").isEmpty());
      assertFalse(attribute(resource, "service.instance.id").isEmpty());
      assertEquals(Long.toString(tomcat.process().pid()), attribute(resource, "process.pid"));
      assertEquals("leakprobe", firstLine(telemetry.resolve("segments.jsonl")).path("name").asText());
      List<RollbarReceiver.Item> items = rollbar.awaitItems(i -> true, 4, Duration.ofSeconds(60));
      for (RollbarReceiver.Item item : items) {
        assertEquals(WAR_VERSION, item.data().path("code_version").asText(), item::raw);
      }
    }
  }

  /** The WAR's routes, twice each; returns the trace id of the failing request. */
  private static String exercise(Http http) {
    for (int i = 0; i < 2; i++) {
      assertEquals(200, http.get(CONTEXT + "/hello").status());
      assertEquals(200, http.get(CONTEXT + "/async").status());
    }
    Http.Exchange failed = http.get(CONTEXT + "/fail");
    assertEquals(500, failed.status());
    assertEquals(200, http.get(CONTEXT + "/hello").status());
    return failed.traceResponse().orElseThrow().traceId();
  }

  /** Tomcat's own check: it collects garbage and names the stopped contexts whose loaders are still alive. */
  private static String findLeaks(Http http) {
    String last = "";
    for (int attempt = 0; attempt < 8; attempt++) {
      last = http.get("/manager/text/findleaks?statusLine=true", Map.of("Authorization", MANAGER_AUTH)).body();
      if (last.startsWith("OK")) {
        return last;
      }
      Await.sleep(5_000); // a loader can take a collection or two more (soft references, finalization)
    }
    return last;
  }

  private static boolean answers(Http http, String target) {
    try {
      return http.get(target).status() == 200;
    } catch (RuntimeException notYet) {
      return false;
    }
  }

  private static JsonNode firstLine(Path file) throws IOException {
    try (Stream<String> lines = Files.lines(file)) {
      return new ObjectMapper().readTree(lines.findFirst().orElseThrow());
    }
  }

  private static String attribute(JsonNode resource, String key) {
    for (JsonNode a : resource.path("attributes")) {
      if (key.equals(a.path("key").asText())) {
        JsonNode v = a.path("value");
        return v.has("intValue") ? v.path("intValue").asText() : v.path("stringValue").asText();
      }
    }
    return "";
  }

  static Path tomcatZip() {
    String configured = System.getProperty("tomcat11.zip");
    Path zip =
        configured != null && !configured.startsWith("${")
            ? Paths.get(configured)
            : Paths.get(
                System.getProperty("user.home"), ".m2/repository/org/apache/tomcat/tomcat", TOMCAT_VERSION,
                "tomcat-" + TOMCAT_VERSION + ".zip");
    assumeTrue(
        Files.isRegularFile(zip),
        "skipped: the Tomcat " + TOMCAT_VERSION + " distribution is not at " + zip
            + " (mvn dependency:get -Dartifact=org.apache.tomcat:tomcat:" + TOMCAT_VERSION + ":zip)");
    return zip;
  }

  /** The distribution unpacked, listening on ${http.port}, no shutdown port, a manager-script user, no docs/examples. */
  static Path unpackTomcat(Path zip, Path into) throws IOException {
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        String name = e.getName().substring(e.getName().indexOf('/') + 1);
        if (name.isEmpty() || name.startsWith("webapps/docs") || name.startsWith("webapps/examples")) {
          continue;
        }
        Path target = into.resolve(name).normalize();
        if (e.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(in, target);
        }
      }
    }
    Path serverXml = into.resolve("conf/server.xml");
    String server = Files.readString(serverXml);
    server = server.replace("<Server port=\"8005\"", "<Server port=\"-1\"").replace("port=\"8080\"", "port=\"${http.port}\" address=\"127.0.0.1\"");
    Files.writeString(serverXml, server);
    Path users = into.resolve("conf/tomcat-users.xml");
    Files.writeString(
        users,
        Files.readString(users)
            .replace("</tomcat-users>", "<user username=\"quartet\" password=\"quartet-test\" roles=\"manager-script\"/>\n</tomcat-users>"));
    Files.createDirectories(into.resolve("logs"));
    Files.createDirectories(into.resolve("temp"));
    return into;
  }

  /** Compiles the probe web app (test resources leakprobe-war) against the servlet API and packs it as a WAR. */
  static void buildWar(Path buildDir, Path war) throws IOException, URISyntaxException {
    Path sources = Paths.get(TomcatWarIdentityIT.class.getResource("/leakprobe-war/probe").toURI());
    Path classes = buildDir.resolve("classes");
    Files.createDirectories(classes);
    Path servletApi = Paths.get(jakarta.servlet.Servlet.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> args =
        new ArrayList<>(List.of("--release", "17", "-d", classes.toString(), "-cp", servletApi.toString()));
    try (Stream<Path> files = Files.list(sources)) {
      files.filter(p -> p.toString().endsWith(".java")).forEach(p -> args.add(p.toString()));
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertEquals(0, javac.run(null, null, null, args.toArray(new String[0])), "the probe web app compiles");
    try (OutputStream out = Files.newOutputStream(war); JarOutputStream jar = new JarOutputStream(out)) {
      try (Stream<Path> files = Files.walk(classes)) {
        for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
          jar.putNextEntry(new JarEntry("WEB-INF/classes/" + classes.relativize(p).toString().replace('\\', '/')));
          Files.copy(p, jar);
          jar.closeEntry();
        }
      }
      jar.putNextEntry(new JarEntry("META-INF/maven/dev.quartet.test/leakprobe/pom.properties"));
      jar.write(("groupId=dev.quartet.test\nartifactId=leakprobe\nversion=" + WAR_VERSION + "\n").getBytes(StandardCharsets.UTF_8));
      jar.closeEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
