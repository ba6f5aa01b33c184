package dev.quartet.backend.rollbar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quartet.LoaderLeaks;
import dev.quartet.config.Config;
import dev.quartet.core.LogEvent;
import java.lang.ref.WeakReference;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Items waiting for a slow Rollbar (and a storm's kept occurrence) must not keep the app's class loader alive. */
class QueuedItemLeakTest {
  @Test
  void itemsWaitingForRollbarDoNotKeepTheAppsLoader() throws Exception {
    CountDownLatch rollbarAnswers = new CountDownLatch(1);
    List<String> bodies = new CopyOnWriteArrayList<>();
    Transport slow =
        new Transport() {
          @Override
          public Outcome deliver(byte[] json, Duration timeout) {
            try {
              rollbarAnswers.await(120, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            bodies.add(new String(json, StandardCharsets.UTF_8));
            return Outcome.sent(0);
          }

          @Override
          public String describe() {
            return "slow";
          }
        };
    Config config = Config.load(new HashMap<>(), new Properties(), p -> {});
    RollbarBackend backend = new RollbarBackend(RollbarBackend.Options.from(config), slow);

    WeakReference<ClassLoader> loader = logAppExceptions(backend, 3);

    LoaderLeaks.assertCollected(loader, "held by an occurrence waiting for Rollbar");
    rollbarAnswers.countDown();
    backend.shutdown(Duration.ofSeconds(30));
    assertEquals(3, bodies.size(), bodies::toString);
    for (String body : bodies) {
      assertTrue(body.contains("\"class\":\"dev.quartet.fixture.AppException\""), body);
      assertTrue(body.contains("\"message\":\"checkout failed\""), body);
    }
  }

  private static WeakReference<ClassLoader> logAppExceptions(RollbarBackend backend, int n) throws Exception {
    try (URLClassLoader app = LoaderLeaks.throwawayLoader()) {
      for (int i = 0; i < n; i++) {
        Throwable thrown =
            (Throwable)
                LoaderLeaks.newInstance(
                    app, "AppException", new Class<?>[] {String.class, Throwable.class}, "checkout failed", null);
        backend.onLog(
            new LogEvent("logback", 1L, LogEvent.Level.ERROR, "ERROR", "app.Checkout", "http-1", "failed " + i, thrown, null));
      }
      return new WeakReference<>(app);
    }
  }
}
