package dev.quartet.backend.cloudwatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quartet.LoaderLeaks;
import dev.quartet.core.LogEvent;
import java.lang.ref.WeakReference;
import java.net.URLClassLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An event waiting in the queue (CloudWatch slow or unreachable) must not keep the app's class loader alive. */
class QueuedEventLeakTest {
  @Test
  void aQueuedExceptionOfAnAppClassDoesNotKeepItsLoader() throws Exception {
    LogQueue queue = new LogQueue(100, LogQueue.MAX_CHARS, 10_000, () -> {});
    WeakReference<ClassLoader> loader = logAnAppException(queue);

    LoaderLeaks.assertCollected(loader, "held by an event in the CloudWatch queue");

    List<PendingEvent> events = queue.drain(10);
    assertEquals(1, events.size());
    String shipped = new EventFormatter(EventFormatter.Format.JSON).format(events.get(0));
    JsonNode exception = new ObjectMapper().readTree(shipped).path("exception");
    assertEquals("dev.quartet.fixture.AppException", exception.path("type").asText());
    assertEquals("checkout failed", exception.path("message").asText());
    String stack = exception.path("stacktrace").asText();
    assertTrue(stack.startsWith("dev.quartet.fixture.AppException: checkout failed\n\tat "), stack);
    assertTrue(stack.contains("Caused by: java.lang.IllegalStateException: pool exhausted"), stack);
  }

  private static WeakReference<ClassLoader> logAnAppException(LogQueue queue) throws Exception {
    try (URLClassLoader app = LoaderLeaks.throwawayLoader()) {
      Throwable thrown =
          (Throwable)
              LoaderLeaks.newInstance(
                  app,
                  "AppException",
                  new Class<?>[] {String.class, Throwable.class},
                  "checkout failed",
                  new IllegalStateException("pool exhausted"));
      queue.offer(
          PendingEvent.of(
              new LogEvent("logback", 1L, LogEvent.Level.ERROR, "ERROR", "app.Checkout", "http-1", "failed", thrown, null)));
      return new WeakReference<>(app);
    }
  }
}
