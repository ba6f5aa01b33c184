package dev.quartet.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quartet.smoke.CloudWatchLogsReceiver.StoredEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM to an app whose own shutdown hook logs while it stops (as Spring's graceful shutdown, Hikari and Tomcat
 * do): those lines reach CloudWatch Logs and Rollbar, and the JVM still exits within the app's own stopping time
 * plus {@code QUARTET_SHUTDOWN_TIMEOUT}, even when CloudWatch does not answer.
 */
class ShutdownLogsIT {
  private static final List<Path> CP = List.of(SmokeEnv.appJar(), SmokeEnv.testClassesLocation());

  @Test
  void whatTheAppLogsWhileItStopsIsShipped() {
    try (CloudWatchLogsReceiver logs = new CloudWatchLogsReceiver();
        RollbarReceiver rollbar = new RollbarReceiver();
        AppProcess app =
            AppProcess.withAgent("ShutdownLogsIT")
                .env(logs.clientEnv())
                .env("ROLLBAR_ACCESS_TOKEN", RollbarReceiver.TOKEN)
                .env("ROLLBAR_ENDPOINT", rollbar.itemUrl())
                .env("QUARTET_SHUTDOWN_TIMEOUT", "20s")
                .env("QUARTET_CLOUDWATCH_SEND_INTERVAL", "200ms")
                .mainClass(ShutdownLoggingMain.class.getName(), CP)
                .args("1500")
                .awaitHealth(false)
                .start()) {
      Await.require("the app to start", Duration.ofSeconds(30), () -> app.stdout().contains(ShutdownLoggingMain.READY), app::stderrTail);
      // as in a real app, the CloudWatch client is made and working before the app is told to stop
      logs.awaitEvents(e -> ShutdownLoggingMain.STARTED.equals(e.field("message")), 1, Duration.ofSeconds(60));
      app.stop(Duration.ofSeconds(60));

      List<StoredEvent> stopping = logs.events(e -> "org.example.Lifecycle".equals(e.field("logger")));
      assertEquals(
          List.of(ShutdownLoggingMain.STARTED, ShutdownLoggingMain.COMMENCING, ShutdownLoggingMain.POOL_ERROR, ShutdownLoggingMain.COMPLETE),
          stopping.stream().map(e -> e.field("message")).toList(),
          () -> "events: " + logs.events() + "\nstderr:\n" + app.stderrTail());
      assertTrue(
          rollbar.items().stream().anyMatch(i -> i.raw().contains("connection reset while closing")),
          () -> "Rollbar items: " + rollbar.items() + "\nstderr:\n" + app.stderrTail());
    }
  }

  @Test
  void anUnreachableBackendDelaysTheExitByTheShutdownTimeoutAtMost() {
    try (BlackHoleEndpoint blackHole = new BlackHoleEndpoint();
        AppProcess app =
            AppProcess.withAgent("ShutdownLogsIT-blackhole")
                .env("AWS_ENDPOINT_URL_CLOUDWATCH_LOGS", blackHole.endpoint())
                .env("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
                .env("AWS_SECRET_ACCESS_KEY", "secret-example")
                .env("AWS_REGION", "us-east-1")
                .env("QUARTET_SHUTDOWN_TIMEOUT", "2s")
                .mainClass(ShutdownLoggingMain.class.getName(), CP)
                .args("1500")
                .awaitHealth(false)
                .start()) {
      Await.require("the app to start", Duration.ofSeconds(30), () -> app.stdout().contains(ShutdownLoggingMain.READY), app::stderrTail);
      Duration took = app.stop(Duration.ofSeconds(60));
      // 1.5 s of the app's own hook + 2 s of Quartet's timeout; the rest is slack for a loaded machine (the JVM's own
      // exit is not Quartet's), far below the 60 s the black hole would hold a connection
      assertTrue(took.toMillis() < 1_500 + 2_000 + 8_000, () -> "exit took " + took.toMillis() + " ms");
      assertTrue(
          app.stderr().contains("not sent within the shutdown timeout (2000 ms)"),
          () -> "the app's shutdown lines were not pending at the deadline, so the test proves nothing: "
              + app.stderrTail());
    }
  }
}
