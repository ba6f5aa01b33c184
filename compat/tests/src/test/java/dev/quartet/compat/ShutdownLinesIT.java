package dev.quartet.compat;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.quartet.smoke.AppProcess;
import dev.quartet.smoke.Await;
import dev.quartet.smoke.CloudWatchLogsReceiver.StoredEvent;
import dev.quartet.smoke.Http;
import dev.quartet.smoke.SmokeEnv;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * SIGTERM (as Docker and Kubernetes stop apps): what the app and its container log while stopping reaches
 * CloudWatch, within the agent's shutdown bound, also what is logged seconds after the signal (Spring's graceful
 * shutdown waiting for an in-flight request, a webapp draining its work in {@code contextDestroyed}).
 */
class ShutdownLinesIT {

  /**
   * Starts the app with the agent, sends {@code request}, then {@code inFlight} (if any) without waiting for its
   * answer, and stops the app with SIGTERM once the app logged {@code inFlightStarted}; returns the shipped events.
   */
  private static List<StoredEvent> eventsAfterSigterm(AppProcess.Builder b, String request, String inFlight,
      String inFlightStarted) {
    try (Backends backends = new Backends()) {
      try (AppProcess app = b.startTimeout(CompatContract.START_TIMEOUT).agent(SmokeEnv.agentJar())
          .env(backends.env()).start()) {
        Http http = new Http(app.port(), CompatContract.REQUEST_TIMEOUT);
        http.get(request);
        CompletableFuture<Http.Exchange> slow = null;
        if (inFlight != null) {
          slow = CompletableFuture.supplyAsync(() -> http.get(inFlight));
          Await.require("the in-flight request to start", CompatContract.ARRIVAL_TIMEOUT,
              () -> app.stdout().contains(inFlightStarted), app::stderrTail);
        }
        app.stop(CompatContract.STOP_TIMEOUT);
        if (slow != null) {
          assertEquals(200, slow.join().status(), "graceful shutdown lets the in-flight request finish");
        }
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
        .jar(CompatEnv.app("spring-boot-mvc")).healthPath("/health"), "/owners/7", "/slow?ms=3000",
        "slow request started");
    assertAll(
        shipped(events, "showing owner 7"),
        shipped(events, "Commencing graceful shutdown"),
        shipped(events, "slow request done"),
        shipped(events, "Graceful shutdown complete"),
        shipped(events, "clinic stopping: releasing resources"));
  }

  @Test
  void tomcatShipsItsStopLinesAndTheWebappsContextDestroyedLine() {
    Jdk.JDK_17.assumeInstalled();
    List<StoredEvent> events = eventsAfterSigterm(StandaloneTomcat.launcher("shutdown-tomcat11",
        CompatEnv.path("compat.tomcat11.home"), Map.of("compat", CompatEnv.app("war-jakarta")), "/compat/health"),
        "/compat/hello", null, null);
    assertAll(
        shipped(events, "hello from the war"),
        shipped(events, "Stopping service [Catalina]"),
        shipped(events, "compat war stopping: flushing pending work"),
        shipped(events, "compat war stopped: pending work flushed"),
        shipped(events, "Stopping ProtocolHandler"));
  }
}
