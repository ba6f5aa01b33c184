package dev.quartet.smoke;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.stream.Stream;

/** Paths handed over by failsafe (see sample-app/pom.xml) plus a few shared constants. */
public final class SmokeEnv {

  /** The routes the agent is told about in every smoke run. */
  public static final String HTTP_ROUTES =
      "/api/activities/@{handle},/api/activities/{uuid}/reply,/api/activities/{uuid},/api/messages/@{handle}";

  public static final String SERVICE_NAME = "backend-flask";

  public static final Path JAVA25 = Paths.get("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");

  private SmokeEnv() {}

  private static Path agentSnapshot;
  private static Path appSnapshot;

  /**
   * The agent jar the child JVMs attach: a copy, taken once per test run, of {@code quartet.agent.jar}, so that a
   * concurrent rebuild of the agent cannot change or truncate the jar under a running test.
   */
  public static synchronized Path agentJar() {
    if (agentSnapshot == null) {
      agentSnapshot = snapshot(requiredPath("quartet.agent.jar", "../agent/target/quartet-agent.jar"),
          "Premain-Class");
    }
    return agentSnapshot;
  }

  /** The sample app jar the child JVMs run: a once-per-run copy of {@code sample.app.jar} (see {@link #agentJar}). */
  public static synchronized Path appJar() {
    if (appSnapshot == null) {
      appSnapshot = snapshot(requiredPath("sample.app.jar", "target/sample-app.jar"), "Main-Class");
    }
    return appSnapshot;
  }

  /** Copies {@code jar} into {@code smoke.work.dir/jars/}; waits (≤ 60 s) while it is missing or incomplete. */
  private static Path snapshot(Path jar, String requiredManifestAttribute) {
    Path target = workRoot().resolve("jars").resolve(jar.getFileName());
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
    String problem;
    do {
      problem = copyIfComplete(jar, target, requiredManifestAttribute);
      if (problem == null) {
        return target;
      }
      Await.sleep(1000);
    } while (System.nanoTime() - deadline < 0);
    throw new IllegalStateException(problem + " (build it with mvn -DskipTests install)");
  }

  private static String copyIfComplete(Path jar, Path target, String requiredManifestAttribute) {
    if (!Files.isRegularFile(jar)) {
      return "jar not found: " + jar;
    }
    try {
      Files.createDirectories(target.getParent());
      Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
      Files.copy(jar, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      try (java.util.jar.JarFile jf = new java.util.jar.JarFile(tmp.toFile())) {
        java.util.jar.Manifest mf = jf.getManifest();
        if (mf == null || mf.getMainAttributes().getValue(requiredManifestAttribute) == null) {
          Files.delete(tmp);
          return jar + " has no " + requiredManifestAttribute + " in its manifest";
        }
      } catch (IOException e) {
        Files.delete(tmp);
        return jar + " is not a complete jar: " + e;
      }
      Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      return null;
    } catch (IOException e) {
      return "could not copy " + jar + ": " + e;
    }
  }

  public static Path workRoot() {
    return requiredPath("smoke.work.dir", "target/smoke");
  }

  /** A fresh (emptied) work directory {@code smoke.work.dir/<name>}. */
  public static Path freshWorkDir(String name) {
    Path dir = workRoot().resolve(name);
    deleteRecursively(dir);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }

  /** The java executable of the JVM running the tests. */
  public static Path currentJava() {
    return Paths.get(System.getProperty("java.home"), "bin", "java");
  }

  /** The directory (or jar) the smoke test classes were loaded from, for child JVMs running test code. */
  public static Path testClassesLocation() {
    try {
      return Paths.get(SmokeEnv.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  public static int freeLoopbackPort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path requiredPath(String property, String fallbackRelativeToModule) {
    String v = System.getProperty(property);
    Path p = v != null && !v.isBlank() ? Paths.get(v) : Paths.get(fallbackRelativeToModule);
    return p.toAbsolutePath().normalize();
  }
}
