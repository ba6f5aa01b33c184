package dev.quartet.compat;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.quartet.smoke.AppProcess;
import dev.quartet.smoke.CloudWatchLogsReceiver.StoredEvent;
import dev.quartet.smoke.Http;
import dev.quartet.smoke.SmokeEnv;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * SIGTERM (as Docker and Kubernetes stop apps): what the app and its container log while stopping reaches
 * CloudWatch, within the agent's shutdown bound.
 */
class ShutdownLinesIT {

  /** Starts the app with the agent, sends one request, stops it with SIGTERM; returns the shipped events. */
  private static List<StoredEvent> eventsAfterSigterm(AppProcess.Builder b, String request) {
    try (Backends backends = new Backends()) {
      try (AppProcess app = b.startTimeout(CompatContract.START_TIMEOUT).agent(SmokeEnv.agentJar())
          .env(backends.env()).start()) {
        new Http(app.port(), CompatContract.REQUEST_TIMEOUT).get(request);
        app.stop(CompatContract.STOP_TIMEOUT);
      }
      return backends.cloudwatch.events();
    }
  }

  private static Executable shipped(List<StoredEvent> events, String fragment) {
    return () -> assertFalse(events.stream().noneMatch(e -> String.valueOf(e.field("message")).contains(fragment)),
        () -> "no shipped line contains \"" + fragment + "\"; the last lines shipped: " + events.stream()
            .skip(Math.max(0, events.size() - 15)).map(e -> e.field("logger") + ": " + e.field("message"))
            .collect(Collectors.joining(" | ")));
  }

  @Test
  void springBootShipsItsGracefulShutdownAndTheAppsStopLines() {
    Jdk.JDK_17.assumeInstalled();
    List<StoredEvent> events = eventsAfterSigterm(AppProcess.builder("shutdown-spring-boot")
        .jar(CompatEnv.app("spring-boot-mvc")).healthPath("/health"), "/owners/7");
    assertAll(
        shipped(events, "showing owner 7"),
        shipped(events, "Commencing graceful shutdown"),
        shipped(events, "clinic stopping: releasing resources"));
  }

  @Test
  void tomcatShipsItsStopLinesAndTheWebappsContextDestroyedLine() {
    Jdk.JDK_17.assumeInstalled();
    List<StoredEvent> events = eventsAfterSigterm(StandaloneTomcat.launcher("shutdown-tomcat11",
        CompatEnv.path("compat.tomcat11.home"), Map.of("compat", CompatEnv.app("war-jakarta")), "/compat/health"),
        "/compat/hello");
    assertAll(
        shipped(events, "hello from the war"),
        shipped(events, "Stopping service [Catalina]"),
        shipped(events, "compat war stopping: releasing resources"));
  }
}
