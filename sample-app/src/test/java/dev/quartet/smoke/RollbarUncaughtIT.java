package dev.quartet.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Exceptions that end a thread become error items, however the thread's death is handled, and the app's own
 * handling is unchanged: same output, same exit code as without the agent.
 */
class RollbarUncaughtIT {

  @Test
  void everyThreadThatDiesOfAnExceptionIsAnItemAndItsHandlerStillRuns() {
    List<Path> cp = List.of(SmokeEnv.appJar(), SmokeEnv.testClassesLocation());
    String plainOut;
    int plainExit;
    try (AppProcess plain = AppProcess.builder("RollbarUncaughtIT-plain")
        .mainClass(UncaughtMain.class.getName(), cp).awaitHealth(false).start()) {
      assertTrue(plain.waitFor(Duration.ofSeconds(30)), "control run without the agent did not exit");
      plainOut = plain.stdout();
      plainExit = plain.exitValue();
    }
    try (RollbarReceiver receiver = new RollbarReceiver();
        AppProcess app = AppProcess.withAgent("RollbarUncaughtIT")
            .env("ROLLBAR_ACCESS_TOKEN", RollbarReceiver.TOKEN).env("ROLLBAR_ENDPOINT", receiver.itemUrl())
            .mainClass(UncaughtMain.class.getName(), cp).awaitHealth(false).start()) {
      assertTrue(app.waitFor(Duration.ofSeconds(30)), () -> "did not exit: " + app.stderrTail());
      assertEquals(plainExit, app.exitValue(), "the exit code of a JVM whose main thread died");
      assertEquals(plainOut, app.stdout(), "the handlers ran and printed as without the agent");
      assertTrue(app.stdout().contains(UncaughtMain.OWN_HANDLER) && app.stdout().contains(UncaughtMain.DONE));
      Map<String, String> byThread = new TreeMap<>();
      for (RollbarReceiver.Item item : receiver.items()) {
        assertEquals("error", item.level());
        assertTrue(item.data().path("is_uncaught").asBoolean());
        byThread.put(item.custom().path("thread").asText(), String.join(",", item.exceptionClasses()));
      }
      assertEquals(Map.of(
          "plain-worker", "java.lang.IllegalStateException",
          "own-handler-worker", "java.lang.IllegalArgumentException",
          "default-handler-worker", "java.lang.UnsupportedOperationException",
          "pool-worker", "java.lang.ArithmeticException",
          "main", "java.lang.IllegalStateException"), byThread);
      assertEquals(5, receiver.items().size(), () -> "items: " + receiver.items());
    }
  }
}
