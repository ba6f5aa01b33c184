package dev.quartet.compat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Assumptions;

/** The JDKs every app runs on: the one running the tests (17 in the build) and Temurin 25. */
public enum Jdk {
  JDK_17("17"),
  JDK_25("25");

  /** System property (set by the compat pom) and environment variable naming the JDK 25 home. */
  public static final String JDK25_PROPERTY = "compat.jdk25";
  public static final String JDK25_ENV = "QUARTET_COMPAT_JDK25";
  public static final String JDK25_DEFAULT = "/usr/lib/jvm/temurin-25-jdk-amd64";

  private final String feature;

  Jdk(String feature) {
    this.feature = feature;
  }

  public String feature() {
    return feature;
  }

  /** The JDK's home: JDK 17 is the test JVM's own; JDK 25 comes from -Dcompat.jdk25, QUARTET_COMPAT_JDK25, or the default. */
  public Path home() {
    if (this == JDK_17) {
      return Paths.get(System.getProperty("java.home"));
    }
    String env = System.getenv(JDK25_ENV);
    String prop = System.getProperty(JDK25_PROPERTY);
    String home = env != null && !env.isBlank() ? env : prop != null && !prop.isBlank() ? prop : JDK25_DEFAULT;
    return Paths.get(home);
  }

  public Path java() {
    return home().resolve("bin").resolve("java");
  }

  /**
   * Skips the calling test class (JUnit assumption) when this JDK is missing or not the named feature release,
   * printing why, so that a skipped cell is never silent (also in CI's output).
   */
  public void assumeInstalled() {
    String problem = null;
    if (!Files.isExecutable(java())) {
      problem = "no JDK " + feature + " at " + home() + " (set -D" + JDK25_PROPERTY + "=<jdk home> or " + JDK25_ENV
          + ")";
    } else if (this == JDK_17 && !System.getProperty("java.specification.version").equals(feature)) {
      problem = "the tests run on Java " + System.getProperty("java.specification.version")
          + ", so the JDK 17 cells would not run on JDK 17; run Maven with JDK 17";
    }
    if (problem != null) {
      System.out.println("[compat] SKIPPED: " + problem);
      System.err.println("[compat] SKIPPED: " + problem);
    }
    Assumptions.assumeTrue(problem == null, problem);
  }

  @Override
  public String toString() {
    return "JDK " + feature;
  }
}
