package dev.quartet.backend.cloudwatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quartet.backend.cloudwatch.PutLogEventsBatches.Batch;
import dev.quartet.backend.cloudwatch.PutLogEventsBatches.Event;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PutLogEventsBatchesTest {
  static final long T0 = 1_760_000_000_000L;
  static final long HOUR = 3_600_000L;

  /** Every rule of PutLogEvents, checked as the service checks a request. */
  static void assertValid(Batch b) {
    assertTrue(!b.events.isEmpty() && b.events.size() <= 10_000, () -> "events " + b.events.size());
    int bytes = 0;
    for (int i = 0; i < b.events.size(); i++) {
      Event e = b.events.get(i);
      assertEquals(b.stream, e.stream);
      bytes += e.message.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 26;
      if (i > 0) {
        assertTrue(e.timestamp >= b.events.get(i - 1).timestamp, "chronological");
      }
    }
    assertEquals(bytes, b.bytes, "bytes as the service counts them");
    assertTrue(bytes <= 1_048_576, () -> "batch bytes " + b.bytes);
    assertTrue(b.span() < 24 * HOUR, () -> "span " + b.span());
  }

  private static int total(List<Batch> batches) {
    return batches.stream().mapToInt(b -> b.events.size()).sum();
  }

  @Test
  void burstOf25000SmallEventsNeedsThreeBatchesByCount() {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 25_000; i++) {
      events.add(new Event("s", T0 + i, "e" + i));
    }
    List<Batch> batches = PutLogEventsBatches.split(events);
    assertEquals(List.of(10_000, 10_000, 5_000), batches.stream().map(b -> b.events.size()).toList());
    batches.forEach(PutLogEventsBatchesTest::assertValid);
  }

  @Test
  void bytesCountMessageUtf8PlusTwentySixPerEvent() {
    // 100-byte messages: 126 bytes each, so 8,322 fit into 1,048,576 (8,322 * 126 = 1,048,572) and 8,323 do not.
    String message = "é".repeat(50);
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 8_323; i++) {
      events.add(new Event("s", T0, message));
    }
    List<Batch> batches = PutLogEventsBatches.split(events);
    assertEquals(List.of(8_322, 1), batches.stream().map(b -> b.events.size()).toList());
    assertEquals(1_048_572, batches.get(0).bytes);
  }

  @Test
  void eventsAreSortedAndThirtyHoursAreSplitUnder24Hours() {
    List<Event> events = new ArrayList<>();
    for (long h : new long[] {10, 30, 1, 25, 0, 20, 29}) {
      events.add(new Event("s", T0 - h * HOUR, h + "h"));
    }
    List<Batch> batches = PutLogEventsBatches.split(events);
    assertEquals(2, batches.size());
    assertEquals(List.of("30h", "29h", "25h", "20h", "10h"), batches.get(0).events.stream().map(e -> e.message).toList());
    assertEquals(List.of("1h", "0h"), batches.get(1).events.stream().map(e -> e.message).toList());
    batches.forEach(PutLogEventsBatchesTest::assertValid);
  }

  @Test
  void exactlyTwentyFourHoursApartAreTwoBatches() {
    List<Batch> batches = PutLogEventsBatches.split(List.of(new Event("s", T0, "a"), new Event("s", T0 + 24 * HOUR, "b")));
    assertEquals(2, batches.size());
  }

  @Test
  void eachStreamHasItsOwnBatches() {
    List<Batch> batches = PutLogEventsBatches.split(List.of(
        new Event("b/2026-01-02", T0 + 1, "x"), new Event("b/2026-01-01", T0, "y"), new Event("b/2026-01-02", T0, "z")));
    assertEquals(List.of("b/2026-01-01", "b/2026-01-02"), batches.stream().map(b -> b.stream).toList());
    assertEquals(List.of("z", "x"), batches.get(1).events.stream().map(e -> e.message).toList());
  }

  @Test
  void randomMixesAlwaysGiveValidBatchesAndLoseNothing() {
    Random random = new Random(42);
    String[] bodies = {"x", "x".repeat(300), "x".repeat(70_000), "é".repeat(EventFormatter.MAX_EVENT_BYTES / 2)};
    for (int round = 0; round < 30; round++) {
      List<Event> events = new ArrayList<>();
      int n = 1 + random.nextInt(25_000);
      for (int i = 0; i < n; i++) {
        int r = random.nextInt(1000);
        String body = r < 5 ? bodies[3] : r < 20 ? bodies[2] : r < 500 ? bodies[1] : bodies[0];
        events.add(new Event("s" + random.nextInt(2), T0 + (long) (random.nextGaussian() * 20 * HOUR), body));
      }
      Collections.shuffle(events, random);
      List<Batch> batches = PutLogEventsBatches.split(events);
      batches.forEach(PutLogEventsBatchesTest::assertValid);
      assertEquals(n, total(batches));
    }
  }

  @Test
  void halvesKeepEveryEvent() {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      events.add(new Event("s", T0 + i, "e" + i));
    }
    List<Batch> halves = PutLogEventsBatches.halves(PutLogEventsBatches.split(events).get(0));
    assertEquals(List.of(2, 3), halves.stream().map(b -> b.events.size()).toList());
    halves.forEach(PutLogEventsBatchesTest::assertValid);
  }
}
