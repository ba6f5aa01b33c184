package dev.quartet.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Attaching the agent prints nothing of the JVM's own: no warning (the agent once appended its jar to the bootstrap
 * search path, and every start printed "Sharing is only supported for boot loader classes because bootstrap classpath
 * has been appended"), on the default JDK and on JDK 25; and a main that returns at once, with all four backends
 * configured, exits as it does without the agent, with its own output. How long it takes is the benchmark's business.
 */
class StartupIT {

  static Stream<Path> jdks() {
    return Stream.of(SmokeEnv.currentJava(), SmokeEnv.JAVA25);
  }

  @ParameterizedTest
  @MethodSource("jdks")
  void aShortLivedMainWithEveryBackendConfiguredExitsAsWithoutTheAgentAndTheJvmWarnsOfNothing(Path java) {
    Assumptions.assumeTrue(Files.isExecutable(java), java + " not installed");
    List<Path> cp = List.of(SmokeEnv.testClassesLocation());
    String plainOut;
    try (AppProcess plain = AppProcess.builder("StartupIT-plain-" + major(java)).java(java)
        .mainClass(HelloMain.class.getName(), cp).awaitHealth(false).start()) {
      assertTrue(plain.waitFor(AppProcess.START_TIMEOUT), () -> "control run did not exit: " + plain.stderrTail());
      assertEquals(0, plain.exitValue(), plain::stderrTail);
      plainOut = plain.stdout();
    }
    assertEquals(HelloMain.HELLO + System.lineSeparator(), plainOut, "control run's output");
    try (OtlpHttpReceiver otlp = new OtlpHttpReceiver();
        XrayDaemonReceiver xray = new XrayDaemonReceiver();
        CloudWatchLogsReceiver cloudWatch = new CloudWatchLogsReceiver();
        RollbarReceiver rollbar = new RollbarReceiver();
        AppProcess app = AppProcess.withAgent("StartupIT-hello-" + major(java)).java(java)
            .otlpEndpoint(otlp.endpoint())
            .env("AWS_XRAY_DAEMON_ADDRESS", xray.address())
            .env(cloudWatch.clientEnv())
            .env("QUARTET_CLOUDWATCH_ENABLED", "true")
            .env("ROLLBAR_ACCESS_TOKEN", RollbarReceiver.TOKEN)
            .env("ROLLBAR_ENDPOINT", rollbar.itemUrl())
            .mainClass(HelloMain.class.getName(), cp).awaitHealth(false).start()) {
      assertTrue(app.waitFor(AppProcess.START_TIMEOUT), () -> "did not exit: " + app.stderrTail());
      assertEquals(0, app.exitValue(), app::stderrTail);
      assertEquals(plainOut, app.stdout(), "the program's own output, unchanged");
      String startup = app.stderr().lines().filter(l -> l.startsWith("[quartet] Quartet ")).findFirst().orElse("");
      for (String backend : List.of("xray → ", "otel → ", "cloudwatch → ", "rollbar → ")) {
        assertTrue(startup.contains(backend), () -> backend + "not started: " + app.stderr());
      }
      assertEquals(List.of(), jvmWarnings(app.stderr()), "what the JVM printed on stderr");
    }
  }

  @ParameterizedTest
  @MethodSource("jdks")
  void theSampleAppStartsWithoutAJvmWarning(Path java) {
    Assumptions.assumeTrue(Files.isExecutable(java), java + " not installed");
    try (OtlpHttpReceiver otlp = new OtlpHttpReceiver();
        AppProcess app = AppProcess.withAgent("StartupIT-app-" + major(java)).java(java)
            .otlpEndpoint(otlp.endpoint()).start()) {
      assertEquals(200, app.http().get("/api/activities/home").status());
      app.stop(Duration.ofSeconds(20));
      assertTrue(app.stderr().lines().anyMatch(l -> l.startsWith("[quartet] Quartet ")), app::stderrTail);
      assertEquals(List.of(), jvmWarnings(app.stderr()), "what the JVM printed on stderr");
    }
  }

  /**
   * The JVM's own warnings: "OpenJDK 64-Bit Server VM warning: …", unified logging's "[warning]", and the JDK's
   * "WARNING: …" lines (a restricted method, sun.misc.Unsafe, a dynamically loaded agent).
   */
  static List<String> jvmWarnings(String stderr) {
    return stderr.lines()
        .filter(l -> l.contains("VM warning") || l.contains("[warning]") || l.startsWith("WARNING:")
            || l.toLowerCase(Locale.ROOT).contains("sharing is only supported"))
        .collect(Collectors.toList());
  }

  private static String major(Path java) {
    return java.equals(SmokeEnv.JAVA25) ? "25" : "default";
  }
}
