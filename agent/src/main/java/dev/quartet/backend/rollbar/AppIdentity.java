package dev.quartet.backend.rollbar;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The code version and host an item names when none is configured. Both are looked up on the sender thread, with
 * the first item, so they cost the app's startup nothing (a host name lookup can take seconds).
 */
final class AppIdentity {
  private AppIdentity() {}

  /**
   * The {@code Implementation-Version} of the app's jar: the jar of {@code java -jar app.jar}, else the jar that
   * holds the main class; null when there is none (classes in a directory, no manifest entry).
   */
  static String codeVersion(String javaCommand, ClassLoader appLoader) {
    if (javaCommand == null || javaCommand.trim().isEmpty()) {
      return null;
    }
    String first = javaCommand.trim().split("\\s+")[0];
    if (first.endsWith(".jar")) {
      return implementationVersion(Paths.get(first));
    }
    if (appLoader == null) {
      return null;
    }
    URL main = appLoader.getResource(first.replace('.', '/') + ".class");
    if (main == null || !main.getProtocol().equals("jar")) {
      return null;
    }
    String path = main.getPath(); // file:/app/lib/app.jar!/com/example/Main.class
    int bang = path.indexOf("!/");
    if (!path.startsWith("file:") || bang < 0) {
      return null;
    }
    try {
      return implementationVersion(Paths.get(new java.net.URI(path.substring(0, bang))));
    } catch (Exception e) {
      return null;
    }
  }

  static String implementationVersion(Path jar) {
    if (!Files.isRegularFile(jar)) {
      return null;
    }
    try (JarFile file = new JarFile(jar.toFile())) {
      Manifest manifest = file.getManifest();
      String v = manifest == null ? null : manifest.getMainAttributes().getValue("Implementation-Version");
      return v == null || v.trim().isEmpty() ? null : v.trim();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      String env = System.getenv("HOSTNAME");
      return env == null || env.isEmpty() ? "unknown" : env;
    }
  }
}
