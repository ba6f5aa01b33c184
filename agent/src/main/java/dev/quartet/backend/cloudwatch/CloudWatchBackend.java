package dev.quartet.backend.cloudwatch;

import dev.quartet.core.Backend;
import dev.quartet.core.LogEvent;
import dev.quartet.core.ServerRequest;
import java.time.Duration;

/**
 * The CloudWatch Logs backend: the app's log records at or above the minimum level, one access line per request,
 * and uncaught exceptions become events in a bounded queue; one daemon thread ({@link LogSender}) ships them. App
 * threads only copy a few fields and enqueue: no formatting, no I/O, no lock.
 */
final class CloudWatchBackend implements Backend {
  private final LogQueue queue;
  private final LogSender sender;
  private final LogEvent.Level minLevel;
  private final boolean accessLog;
  private final String description;

  CloudWatchBackend(LogQueue queue, LogSender sender, LogEvent.Level minLevel, boolean accessLog, String description) {
    this.queue = queue;
    this.sender = sender;
    this.minLevel = minLevel;
    this.accessLog = accessLog;
    this.description = description;
  }

  @Override
  public String name() {
    return "cloudwatch";
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public void onRequestStart(ServerRequest request, int index) {}

  @Override
  public void onRequestEnd(ServerRequest request, int index) {
    if (accessLog) {
      queue.offer(PendingEvent.access(request));
    }
  }

  @Override
  public void onLog(LogEvent event) {
    // What the sender thread itself causes to be logged (say, the JDK's HTTP client at FINE) must not feed back.
    if (event.level().compareTo(minLevel) >= 0 && Thread.currentThread() != sender.thread()) {
      queue.offer(PendingEvent.of(event));
    }
  }

  @Override
  public void onUncaughtException(Thread thread, Throwable error, ServerRequest request) {
    if (thread != sender.thread()) {
      queue.offer(PendingEvent.uncaught(thread, error, request));
    }
  }

  @Override
  public String pending() {
    return sender.pending() + " log events";
  }

  @Override
  public void shutdown(Duration timeout) {
    sender.shutdown(timeout);
  }
}
