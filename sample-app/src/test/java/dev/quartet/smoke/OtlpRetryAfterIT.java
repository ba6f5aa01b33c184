package dev.quartet.smoke;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * OTLP/HTTP throttling as the OTLP spec says: a 429 with {@code Retry-After: 2}, then 200. Nothing may reach the
 * receiver before the two seconds have passed (the SDK's own back-off would retry after about one), and every span
 * queued meanwhile arrives afterwards.
 */
class OtlpRetryAfterIT {

  /** Answers the first export 429 with Retry-After: 2, every later one normally. */
  static final class ThrottleOnce extends OtlpHttpReceiver {
    @Override
    protected Reply throttled() {
      fault(Fault.NONE);
      return Reply.text(429, "Too Many Requests").withHeader("Retry-After", "2");
    }
  }

  @Test
  void nothingIsSentBeforeTheServersRetryAfterAndEverythingQueuedArrivesAfter() {
    int requests = 60;
    try (ThrottleOnce receiver = new ThrottleOnce()) {
      receiver.fault(LoopbackHttpReceiver.Fault.HTTP_429);
      try (AppProcess app = AppProcess.withAgent("OtlpRetryAfterIT").otlpEndpoint(receiver.endpoint())
          .env("OTEL_BSP_SCHEDULE_DELAY", "100").env("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "16").start()) {
        Http http = app.http();
        for (int i = 0; i < requests; i++) {
          assertEquals(200, http.send(Cruddur.HOME).status());
        }
        List<SpanRecord> home = receiver.awaitSpans(
            s -> s.isServer() && Cruddur.HOME.target().equals(s.attr("url.path")), requests, Duration.ofSeconds(90));
        Set<String> distinct = home.stream().map(SpanRecord::spanId).collect(Collectors.toSet());
        List<Long> arrivals = receiver.arrivalNanos();
        long gapMillis = (arrivals.get(1) - arrivals.get(0)) / 1_000_000;
        String log = AppProcess.tail(app.stderr(), 20);
        assertAll(
            () -> assertEquals(requests, distinct.size(), "every span of the requests arrived once the wait was over"),
            () -> assertTrue(gapMillis >= 2000,
                "the request after the 429 came " + gapMillis + " ms after it (Retry-After: 2)\n" + log),
            () -> assertTrue(receiver.spans().size() > 0 && !log.contains("lost"), "nothing was lost: " + log));
      }
    }
  }
}
