package dev.quartet.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Classes loaded before the instrumentation is installed are retransformed by the install: an app's own class (a
 * {@code Thread} subclass) and JDK classes the modules instrument. The install hands Byte Buddy only the loaded
 * classes some module may transform; this fails if that choice drops one.
 */
class LoadedBeforeInstallIT {
  @Test
  void classesLoadedBeforeTheInstallAreInstrumented() {
    List<String> expected =
        List.of(
            "example.threads.AppThread",
            "java.lang.Thread",
            "java.util.concurrent.ThreadPoolExecutor",
            "java.util.concurrent.ScheduledThreadPoolExecutor",
            "java.util.logging.Logger");
    try (OtlpHttpReceiver otlp = new OtlpHttpReceiver();
        AppProcess app =
            AppProcess.withAgent("LoadedBeforeInstallIT")
                .otlpEndpoint(otlp.endpoint())
                .env("QUARTET_LOG_LEVEL", "debug")
                .mainClass(LoadedBeforeInstallMain.class.getName(), List.of(SmokeEnv.testClassesLocation()))
                .awaitHealth(false)
                .start()) {
      assertTrue(app.waitFor(AppProcess.START_TIMEOUT), () -> "did not exit: " + app.stderrTail());
      assertEquals(0, app.exitValue(), app::stderrTail);
      assertEquals(LoadedBeforeInstallMain.DONE + System.lineSeparator(), app.stdout());
      String prefix = "[quartet] DEBUG instrumented ";
      List<String> instrumented =
          app.stderr().lines().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).toList();
      for (String type : expected) {
        assertTrue(instrumented.contains(type), () -> type + " not instrumented; instrumented: " + instrumented);
      }
    }
  }
}
