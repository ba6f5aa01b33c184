package dev.quartet.backend.otel;

import dev.quartet.core.AgentLog;
import dev.quartet.core.Throwables;
import io.opentelemetry.exporter.internal.FailedExportException;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Counts the spans each exporter has finished with (sent or failed: {@link Finished}, for the shutdown line), and the
 * spans the OTLP exporter could not deliver, by why (refused, timeout, unknown host, HTTP 429, HTTP 500 …),
 * and says so in one line: at the first failure, then at most once a minute while it goes on, once more when the
 * endpoint accepts spans again, and at shutdown. The OpenTelemetry SDK itself only logs "Failed to export spans" and
 * counts nothing a user can see. Retries are the SDK's own (the OTLP exporter's {@code RetryPolicy}: 429, 502, 503,
 * 504 and connection failures, up to 5 attempts with exponential back-off, each waiting for the server's
 * Retry-After: {@link RetryAfterHttpClient}); what this counts is what is left after them. The endpoint is named,
 * never a header value.
 */
final class CountingSpanExporter implements SpanExporter {
  static final long REPORT_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final SpanExporter delegate;
  /** The OTLP endpoint whose failures are counted and reported, or null: only finished spans are counted. */
  private final String where;
  private final LongSupplier clock;
  private final AtomicLong finished;

  /** Spans lost since the last line, by reason; guarded by this. */
  private final Map<String, Long> lostSinceLine = new TreeMap<>();
  private long lastLineNanos;
  private boolean failing;
  final AtomicLong lostTotal = new AtomicLong();

  CountingSpanExporter(SpanExporter delegate, String where, LongSupplier clock) {
    this(delegate, where, clock, new AtomicLong());
  }

  private CountingSpanExporter(SpanExporter delegate, String where, LongSupplier clock, AtomicLong finished) {
    this.delegate = delegate;
    this.where = where;
    this.clock = clock;
    this.finished = finished;
  }

  /** An exporter autoconfigure made, its finished spans counted in {@code finished}; an OTLP one's losses too. */
  static SpanExporter wrap(SpanExporter exporter, String otlpEndpoint, Finished finished) {
    boolean otlp = exporter.getClass().getSimpleName().startsWith("Otlp");
    return new CountingSpanExporter(exporter, otlp ? otlpEndpoint : null, System::nanoTime, finished.newCounter());
  }

  /**
   * Spans that every exporter has finished with: the least of their counts, since each exporter of
   * {@code otel.traces.exporter=otlp,console} sees every span.
   */
  static final class Finished {
    private final java.util.List<AtomicLong> byExporter = new java.util.concurrent.CopyOnWriteArrayList<>();

    AtomicLong newCounter() {
      AtomicLong counter = new AtomicLong();
      byExporter.add(counter);
      return counter;
    }

    long get() {
      long least = Long.MAX_VALUE;
      for (AtomicLong c : byExporter) {
        least = Math.min(least, c.get());
      }
      return byExporter.isEmpty() ? 0 : least;
    }
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    int count = spans.size();
    CompletableResultCode result;
    try {
      result = delegate.export(spans);
    } catch (Throwable t) {
      finished.addAndGet(count);
      failed(count, reason(t));
      return CompletableResultCode.ofFailure();
    }
    result.whenComplete(
        () -> {
          finished.addAndGet(count);
          if (result.isSuccess()) {
            succeeded();
          } else {
            failed(count, reason(result.getFailureThrowable()));
          }
        });
    return result;
  }

  /** Why an export failed, in a user's words. */
  static String reason(Throwable failure) {
    if (failure == null) {
      return "failed";
    }
    if (failure instanceof FailedExportException.HttpExportException) {
      FailedExportException.HttpExportException http = (FailedExportException.HttpExportException) failure;
      if (http.failedWithResponse() && http.getResponse() != null) {
        return "HTTP " + http.getResponse().getStatusCode();
      }
    }
    // the JDK client wraps: ConnectException(cause ClosedChannelException), HttpConnectTimeoutException …, and an
    // unresolvable host as ConnectException(cause UnresolvedAddressException): the host is looked for first
    Throwable cause = failure;
    for (int depth = 0; cause != null && depth < 10; cause = cause.getCause(), depth++) {
      if (cause instanceof UnknownHostException || cause instanceof UnresolvedAddressException) {
        return "unknown host";
      }
    }
    Throwable t = failure;
    for (int depth = 0; t != null && depth < 10; t = t.getCause(), depth++) {
      if (t instanceof RetryAfterHttpClient.NotYet) {
        return "held back by Retry-After";
      }
      if (t instanceof ConnectException) {
        return "refused";
      }
      if (t instanceof HttpTimeoutException || t instanceof InterruptedIOException) {
        return "timeout";
      }
    }
    return Throwables.rootCause(failure).getClass().getSimpleName();
  }

  synchronized void failed(int spans, String reason) {
    if (where == null) {
      return;
    }
    lostSinceLine.merge(reason, (long) spans, Long::sum);
    lostTotal.addAndGet(spans);
    long now = clock.getAsLong();
    if (!failing || now - lastLineNanos >= REPORT_INTERVAL_NANOS) {
      String since = failing ? " in the last " + (now - lastLineNanos) / 1_000_000_000L + " s" : "";
      failing = true;
      lastLineNanos = now;
      AgentLog.warn("otel: " + drainCounts() + " lost" + since + " exporting to " + where
          + " (after the SDK's retries); counting on, one line a minute while it fails");
    }
  }

  synchronized void succeeded() {
    if (!failing) {
      return;
    }
    failing = false;
    String lost = lostSinceLine.isEmpty() ? "" : "; " + drainCounts() + " lost since the last line";
    AgentLog.info("otel: " + where + " accepts spans again" + lost + " (" + lostTotal.get() + " in all)");
  }

  /** "512 spans (512 refused)", "1,640 spans (1,000 HTTP 429, 640 timeout)"; resets the counts. */
  private String drainCounts() {
    long total = 0;
    StringBuilder why = new StringBuilder();
    for (Map.Entry<String, Long> e : lostSinceLine.entrySet()) {
      total += e.getValue();
      why.append(why.length() == 0 ? "" : ", ").append(String.format("%,d", e.getValue())).append(' ')
          .append(e.getKey());
    }
    lostSinceLine.clear();
    return String.format("%,d", total) + (total == 1 ? " span (" : " spans (") + why + ")";
  }

  @Override
  public CompletableResultCode flush() {
    return delegate.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    CompletableResultCode result = delegate.shutdown();
    result.whenComplete(this::reportAtShutdown);
    return result;
  }

  private synchronized void reportAtShutdown() {
    if (!lostSinceLine.isEmpty()) {
      AgentLog.warn("otel: " + drainCounts() + " lost since the last line exporting to " + where + " ("
          + lostTotal.get() + " in all)");
    }
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
