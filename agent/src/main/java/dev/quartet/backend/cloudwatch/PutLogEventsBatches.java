package dev.quartet.backend.cloudwatch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * Splits formatted events into PutLogEvents requests the service accepts: one log stream each, events in
 * chronological order, at most 10,000 events and 1,048,576 bytes (UTF-8 message bytes + 26 per event), spanning
 * less than 24 hours. Each event already fits on its own ({@link EventFormatter}).
 */
final class PutLogEventsBatches {
  static final int MAX_EVENTS = 10_000;
  static final int MAX_BYTES = 1_048_576;
  static final int EVENT_OVERHEAD_BYTES = 26;
  static final long MAX_SPAN_MILLIS = 24L * 60 * 60 * 1000;

  private PutLogEventsBatches() {}

  /** One event ready to send. */
  static final class Event {
    final String stream;
    final long timestamp;
    final String message;
    final int bytes;

    Event(String stream, long timestamp, String message) {
      this.stream = stream;
      this.timestamp = timestamp;
      this.message = message;
      this.bytes = Utf8.length(message) + EVENT_OVERHEAD_BYTES;
    }
  }

  /** One PutLogEvents request's worth. */
  static final class Batch {
    final String stream;
    final List<Event> events;
    final int bytes;

    Batch(String stream, List<Event> events, int bytes) {
      this.stream = stream;
      this.events = events;
      this.bytes = bytes;
    }

    long span() {
      return events.get(events.size() - 1).timestamp - events.get(0).timestamp;
    }
  }

  static final Comparator<Event> BY_STREAM_THEN_TIME =
      Comparator.comparing((Event e) -> e.stream).thenComparingLong(e -> e.timestamp);

  /** {@code events} in any order; the batches, each valid on its own, in stream and time order. */
  static List<Batch> split(List<Event> events) {
    List<Event> sorted = new ArrayList<>(events);
    Collections.sort(sorted, BY_STREAM_THEN_TIME); // stable: equal times keep the order they were logged in
    List<Batch> batches = new ArrayList<>();
    List<Event> current = new ArrayList<>();
    int bytes = 0;
    for (Event e : sorted) {
      if (!current.isEmpty()) {
        Event first = current.get(0);
        boolean full =
            !first.stream.equals(e.stream)
                || current.size() == MAX_EVENTS
                || bytes + e.bytes > MAX_BYTES
                || e.timestamp - first.timestamp >= MAX_SPAN_MILLIS;
        if (full) {
          batches.add(new Batch(first.stream, current, bytes));
          current = new ArrayList<>();
          bytes = 0;
        }
      }
      current.add(e);
      bytes += e.bytes;
    }
    if (!current.isEmpty()) {
      batches.add(new Batch(current.get(0).stream, current, bytes));
    }
    return batches;
  }

  /** The first and second half of a batch (for finding the one event the service refuses). */
  static List<Batch> halves(Batch b) {
    int mid = b.events.size() / 2;
    List<Batch> out = new ArrayList<>(2);
    for (List<Event> part : List.of(b.events.subList(0, mid), b.events.subList(mid, b.events.size()))) {
      int bytes = 0;
      for (Event e : part) {
        bytes += e.bytes;
      }
      out.add(new Batch(b.stream, new ArrayList<>(part), bytes));
    }
    return out;
  }
}
