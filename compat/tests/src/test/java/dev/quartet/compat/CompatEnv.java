package dev.quartet.compat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Assumptions;

/** Where the built apps and the unpacked containers are (handed over by failsafe, see compat/tests/pom.xml). */
public final class CompatEnv {

  /** -Dcompat.all=true runs every (app x JDK) cell; by default the cells CI runs (see README, Compatibility). */
  public static final String ALL_PROPERTY = "compat.all";

  private CompatEnv() {}

  public static boolean all() {
    return Boolean.parseBoolean(System.getProperty(ALL_PROPERTY, "false"))
        || Boolean.parseBoolean(System.getenv().getOrDefault("QUARTET_COMPAT_ALL", "false"));
  }

  /** Skips a cell outside the default run unless -Dcompat.all=true, saying so in the output. */
  public static void assumeInThisRun(boolean inDefaultRun, String cell) {
    if (inDefaultRun || all()) {
      return;
    }
    String why = cell + " is outside the default compat run; run it with -D" + ALL_PROPERTY + "=true";
    System.out.println("[compat] SKIPPED: " + why);
    Assumptions.assumeTrue(false, why);
  }

  /** A built app or container, from system property {@code compat.app.<name>} or {@code compat.<name>.home}. */
  public static Path path(String property) {
    String v = System.getProperty(property);
    if (v == null || v.isBlank()) {
      throw new IllegalStateException("system property " + property + " is not set (run through mvn verify)");
    }
    Path p = Paths.get(v).toAbsolutePath().normalize();
    if (!Files.exists(p)) {
      throw new IllegalStateException(property + ": " + p + " does not exist (build it: mvn -B verify -pl compat/tests -am)");
    }
    return p;
  }

  public static Path app(String name) {
    return path("compat.app." + name);
  }
}
