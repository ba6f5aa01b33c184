package dev.quartet.smoke;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code OTEL_TRACES_EXPORTER=console}: each span on stdout, in the OpenTelemetry SDK console exporter's format. */
class ConsoleExporterIT {

  @Test
  void everySpanIsPrintedOnStdout() {
    try (AppProcess app = AppProcess.withAgent("ConsoleExporterIT").env("OTEL_TRACES_EXPORTER", "console").start()) {
      Http.Exchange home = app.http().send(Cruddur.HOME);
      String traceId = home.header("traceresponse").split("-")[1];
      String line = "'GET /api/activities/home' : " + traceId + " ";
      Await.require("the span's line on stdout", Duration.ofSeconds(60), () -> app.stdout().contains(line),
          () -> "stdout:\n" + app.stdout() + "\nstderr:\n" + app.stderrTail());
      String printed = app.stdout().lines().filter(l -> l.startsWith(line)).findFirst().orElseThrow();
      assertTrue(printed.contains(" SERVER [tracer: dev.quartet.servlet:") && printed.contains("http.route=/api/activities/home"),
          printed);
    }
  }
}
