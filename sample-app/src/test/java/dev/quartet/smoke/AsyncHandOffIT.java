package dev.quartet.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quartet.smoke.CloudWatchLogsReceiver.StoredEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Log records written by work a request hands off inside the container carry the request's trace: an
 * {@code AsyncContext.start} task and an async re-dispatch ({@code AsyncContext.dispatch()}). The same few pooled
 * threads serve them all, interleaved with plain requests and with records logged outside any request, so a thread
 * that kept an earlier request's context would show up as a wrong or extra trace id.
 */
class AsyncHandOffIT {
  @Test
  void handedOffWorkLogsWithItsRequestsTrace() {
    List<Path> cp = List.of(SmokeEnv.appJar(), SmokeEnv.testClassesLocation());
    try (CloudWatchLogsReceiver logs = new CloudWatchLogsReceiver();
        AppProcess app =
            AppProcess.withAgent("AsyncHandOffIT")
                .env(logs.clientEnv())
                .env("QUARTET_CLOUDWATCH_SEND_INTERVAL", "200ms")
                .mainClass(AsyncHandOffMain.class.getName(), cp)
                .start()) {
      Map<String, String> expectedByPath =
          Map.of(
              "/start", AsyncHandOffMain.IN_TASK,
              "/dispatch", AsyncHandOffMain.IN_REDISPATCH,
              "/plain", AsyncHandOffMain.PLAIN);
      List<String[]> sent = new ArrayList<>(); // {message, trace id}
      for (int i = 0; i < 10; i++) {
        for (String path : List.of("/start", "/dispatch", "/plain")) {
          Http.Exchange ex = app.http().get(path);
          assertEquals(200, ex.status(), () -> path + "; stderr " + app.stderrTail());
          sent.add(new String[] {expectedByPath.get(path), ex.traceResponse().orElseThrow().traceId()});
        }
      }
      logs.awaitEvents(e -> "app.handoff".equals(e.field("logger")), sent.size(), Duration.ofSeconds(60));
      List<StoredEvent> events = logs.events(e -> "app.handoff".equals(e.field("logger")));
      assertEquals(sent.size(), events.size(), events::toString);
      for (String[] s : sent) {
        List<StoredEvent> inTrace =
            logs.events(e -> "app.handoff".equals(e.field("logger")) && s[1].equals(e.field("trace_id")));
        assertEquals(1, inTrace.size(), () -> s[0] + " in trace " + s[1] + ": " + inTrace);
        assertEquals(s[0], inTrace.get(0).field("message"));
      }
      app.stop(Duration.ofSeconds(30));
      assertTrue(logs.events(e -> e.field("message") != null && e.field("message").contains("Exception")).isEmpty());
    }
  }
}
