package dev.quartet.backend.cloudwatch;

import dev.quartet.core.LogEvent;
import dev.quartet.core.ServerRequest;
import dev.quartet.core.Span;
import dev.quartet.core.ThrowableCopy;

/**
 * One event waiting in the queue: what an app thread copied out of a log record or a finished request, so that the
 * queue holds no reference to the request (or the container objects behind it). Formatting waits for the sender
 * thread.
 */
final class PendingEvent {
  /** Longest message kept in the queue: more could never fit in one CloudWatch event anyway. */
  static final int MAX_QUEUED_MESSAGE_CHARS = EventFormatter.MAX_EVENT_BYTES;

  final long epochMillis;
  final LogEvent.Level level;
  final String levelName;
  final String logger;
  final String thread;
  final String message;
  final int originalMessageChars;
  final Throwable thrown;
  final String traceId;
  final String spanId;
  final AccessLine access;

  private PendingEvent(
      long epochMillis,
      LogEvent.Level level,
      String levelName,
      String logger,
      String thread,
      String message,
      Throwable thrown,
      String traceId,
      String spanId,
      AccessLine access) {
    this.epochMillis = epochMillis;
    this.level = level;
    this.levelName = levelName;
    this.logger = logger;
    this.thread = thread;
    this.originalMessageChars = message.length();
    // A 2 MB message costs 2 MB of heap per queued copy; cut it now (by chars: at least as long as the byte limit),
    // the formatter cuts it exactly and says by how much.
    this.message =
        message.length() > MAX_QUEUED_MESSAGE_CHARS ? message.substring(0, MAX_QUEUED_MESSAGE_CHARS) : message;
    this.thrown = ThrowableCopy.of(thrown); // the app's own would keep its class loader while queued
    this.traceId = traceId;
    this.spanId = spanId;
    this.access = access;
  }

  /** The record names the innermost span it was logged in: a method span's id inside one, else the request's. */
  static PendingEvent of(LogEvent e) {
    Span r = e.span();
    return new PendingEvent(
        e.epochMillis(),
        e.level(),
        e.levelName(),
        e.loggerName(),
        e.threadName(),
        e.message(),
        e.thrown(),
        r == null ? null : r.traceId(),
        r == null ? null : r.spanId(),
        null);
  }

  static PendingEvent uncaught(Thread thread, Throwable error, ServerRequest r) {
    return new PendingEvent(
        System.currentTimeMillis(),
        LogEvent.Level.ERROR,
        "ERROR",
        "uncaught",
        thread.getName(),
        "Uncaught exception in thread \"" + thread.getName() + "\"",
        error,
        r == null ? null : r.traceId(),
        r == null ? null : r.spanId(),
        null);
  }

  static PendingEvent access(ServerRequest r) {
    AccessLine line = AccessLine.of(r);
    return new PendingEvent(
        r.endEpochNanos() / 1_000_000,
        LogEvent.Level.INFO,
        "INFO",
        AccessLine.LOGGER,
        Thread.currentThread().getName(),
        "", // the text is made by the formatter, off the app thread
        null,
        r.traceId(),
        r.spanId(),
        line);
  }

  /** The message as shipped: an access event's text is made here, on the sender thread. */
  String text() {
    return access == null ? message : access.text(epochMillis);
  }

  /** What holding this event costs, in chars, for the queue's memory bound. */
  int weight() {
    return 64 + message.length();
  }

  boolean isLowPriority() {
    return level.compareTo(LogEvent.Level.INFO) <= 0;
  }
}
