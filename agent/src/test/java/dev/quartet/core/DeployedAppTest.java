package dev.quartet.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeployedAppTest {
  private static final String TOMCAT = "org.apache.catalina.startup.Bootstrap start";

  @TempDir Path dir;

  /** A jar or WAR with the given manifest attributes and entries. */
  private Path archive(Path file, Map<String, String> manifest, Map<String, String> entries) throws IOException {
    Manifest m = new Manifest();
    m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.forEach((k, v) -> m.getMainAttributes().putValue(k, v));
    Files.createDirectories(file.getParent());
    try (OutputStream out = Files.newOutputStream(file); JarOutputStream j = new JarOutputStream(out, m)) {
      for (Map.Entry<String, String> e : entries.entrySet()) {
        j.putNextEntry(new JarEntry(e.getKey()));
        j.write(e.getValue().getBytes(StandardCharsets.UTF_8));
        j.closeEntry();
      }
    }
    return file;
  }

  private static Map<String, String> pom(String group, String artifact, String version) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("META-INF/maven/" + group + "/" + artifact + "/pom.properties", "groupId=" + group + "\nversion=" + version + "\n");
    return m;
  }

  private DeployedApp tomcat() {
    return DeployedApp.detect(TOMCAT, Map.of("catalina.base", dir.toString())::get, null);
  }

  /** Tomcat's distribution: its own web apps, ROOT among them. */
  private void stockTomcat() throws IOException {
    for (String app : new String[] {"ROOT", "docs", "examples", "manager", "host-manager"}) {
      Files.createDirectories(dir.resolve("webapps").resolve(app).resolve("WEB-INF"));
    }
    Files.writeString(
        dir.resolve("webapps/examples/WEB-INF/web.xml"), "<web-app><display-name>Servlet and JSP Examples</display-name></web-app>");
  }

  @Test
  void javaDashJarIsNamedAfterTheJarWithItsImplementationVersion() throws IOException {
    Path jar = archive(dir.resolve("app.jar"), Map.of("Implementation-Version", "1.2.3"), Map.of());
    DeployedApp app = DeployedApp.detect(jar + " --port 80", p -> null, null);
    assertEquals("app", app.name());
    assertEquals("1.2.3", app.version());
  }

  @Test
  void elseTheVersionOfItsMavenProperties() throws IOException {
    Path jar = archive(dir.resolve("billing.jar"), Map.of(), pom("com.example", "billing", "2.0.1"));
    assertEquals("2.0.1", DeployedApp.detect(jar.toString(), p -> null, null).version());
    Path plain = archive(dir.resolve("plain.jar"), Map.of(), Map.of());
    assertNull(DeployedApp.detect(plain.toString(), p -> null, null).version());
    assertNull(DeployedApp.detect(dir.resolve("missing.jar").toString(), p -> null, null).version());
  }

  @Test
  void theVersionOfTheJarHoldingTheMainClass() throws IOException {
    Path jar =
        archive(dir.resolve("lib with space.jar"), Map.of("Implementation-Version", "4.5.6"), Map.of("com/example/Main.class", "x"));
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      DeployedApp app = DeployedApp.detect("com.example.Main arg", p -> null, loader);
      assertEquals("Main", app.name());
      assertEquals("4.5.6", app.version());
      assertNull(DeployedApp.detect("com.example.Other", p -> null, loader).version());
    }
  }

  @Test
  void nothingToGoBy() {
    assertNull(DeployedApp.detect(null, p -> null, null).name());
    assertNull(DeployedApp.detect("  ", p -> null, null).version());
    assertNull(DeployedApp.detect("com.example.Main", p -> null, null).version());
  }

  @Test
  void tomcatIsNamedAfterItsOneWarNotBootstrap() throws IOException {
    stockTomcat();
    archive(dir.resolve("webapps/petclinic.war"), Map.of(), pom("org.springframework.samples", "petclinic", "3.4.0-SNAPSHOT"));
    Files.createDirectories(dir.resolve("webapps/petclinic/WEB-INF")); // the folder Tomcat unpacked it to
    DeployedApp app = tomcat();
    assertEquals("petclinic", app.name());
    assertEquals("3.4.0-SNAPSHOT", app.version());
  }

  @Test
  void aVersionedWarNamesItsVersionAndAnUnpackedAppItsDisplayName() throws IOException {
    stockTomcat();
    archive(dir.resolve("webapps/shop##2.1.war"), Map.of(), Map.of());
    assertEquals("shop", tomcat().name());
    assertEquals("2.1", tomcat().version());

    Path other = dir.resolve("other");
    Files.createDirectories(other.resolve("webapps/orders/WEB-INF"));
    Files.createDirectories(other.resolve("webapps/orders/META-INF"));
    Files.writeString(
        other.resolve("webapps/orders/WEB-INF/web.xml"),
        "<web-app><!-- <display-name>old</display-name> --><display-name> Order Service </display-name>"
            + "<servlet><display-name>inner</display-name></servlet></web-app>");
    Files.writeString(other.resolve("webapps/orders/META-INF/MANIFEST.MF"), "Manifest-Version: 1.0\nImplementation-Version: 7.0\n");
    DeployedApp app = DeployedApp.detect(TOMCAT, Map.of("catalina.base", other.toString())::get, null);
    assertEquals("Order Service", app.name());
    assertEquals("7.0", app.version());
  }

  @Test
  void aRootWarIsTheAppWhenItIsTheOnlyOne() throws IOException {
    archive(dir.resolve("webapps/ROOT.war"), Map.of("Implementation-Version", "9"), Map.of());
    assertEquals("ROOT", tomcat().name());
    assertEquals("9", tomcat().version());
  }

  @Test
  void severalAppsOrNoneLeaveTheMainClassName() throws IOException {
    stockTomcat();
    assertEquals("ROOT", tomcat().name()); // only the welcome page: that is what is served
    archive(dir.resolve("webapps/a.war"), Map.of(), Map.of());
    archive(dir.resolve("webapps/b.war"), Map.of(), Map.of());
    assertEquals("Bootstrap", tomcat().name());
    assertEquals("Bootstrap", DeployedApp.detect(TOMCAT, p -> null, null).name());
  }

  @Test
  void springBootsLauncherIsNamedAfterTheStartClass() throws IOException {
    Path unpacked = dir.resolve("app");
    Files.createDirectories(unpacked.resolve("META-INF"));
    Files.writeString(
        unpacked.resolve("META-INF/MANIFEST.MF"),
        "Manifest-Version: 1.0\nMain-Class: org.springframework.boot.loader.launch.JarLauncher\n"
            + "Start-Class: org.springframework.samples.petclinic.PetClinicApplication\nImplementation-Version: 3.5.0\n");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {unpacked.toUri().toURL()}, null)) {
      DeployedApp app = DeployedApp.detect("org.springframework.boot.loader.launch.JarLauncher", p -> null, loader);
      assertEquals("PetClinicApplication", app.name());
      assertEquals("3.5.0", app.version());
    }
  }
}
