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
 * Counts the spans an exporter could not deliver, by why (refused, timeout, unknown host, HTTP 429, HTTP 500 …),
 * and says so in one line: at the first failure, then at most once a minute while it goes on, once more when the
 * endpoint accepts spans again, and at shutdown. The OpenTelemetry SDK itself only logs "Failed to export spans" and
 * counts nothing a user can see. Retries are the SDK's own (the OTLP exporter's {@code RetryPolicy}: 429, 502, 503,
 * 504 and connection failures, up to 5 attempts with exponential back-off); what this counts is what is left after
 * them. The endpoint is named, never a header value.
 */
final class SpanLossCounter implements SpanExporter {
  static final long REPORT_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final SpanExporter delegate;
  private final String where;
  private final LongSupplier clock;

  /** Spans lost since the last line, by reason; guarded by this. */
  private final Map<String, Long> lostSinceLine = new TreeMap<>();
  private long lastLineNanos;
  private boolean failing;
  final AtomicLong lostTotal = new AtomicLong();

  SpanLossCounter(SpanExporter delegate, String where, LongSupplier clock) {
    this.delegate = delegate;
    this.where = where;
    this.clock = clock;
  }

  /** The OTLP exporter autoconfigure made, counted; any other exporter as it is. */
  static SpanExporter wrapOtlp(SpanExporter exporter, String otlpEndpoint) {
    if (!exporter.getClass().getSimpleName().startsWith("Otlp")) {
      return exporter;
    }
    return new SpanLossCounter(exporter, otlpEndpoint, System::nanoTime);
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    int count = spans.size();
    CompletableResultCode result;
    try {
      result = delegate.export(spans);
    } catch (Throwable t) {
      failed(count, reason(t));
      return CompletableResultCode.ofFailure();
    }
    result.whenComplete(
        () -> {
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
    // the JDK client wraps: ConnectException(cause ClosedChannelException), HttpConnectTimeoutException …
    Throwable t = failure;
    for (int depth = 0; t != null && depth < 10; t = t.getCause(), depth++) {
      if (t instanceof ConnectException) {
        return "refused";
      }
      if (t instanceof HttpTimeoutException || t instanceof InterruptedIOException) {
        return "timeout";
      }
      if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
        return "unknown host";
      }
    }
    return Throwables.rootCause(failure).getClass().getSimpleName();
  }

  synchronized void failed(int spans, String reason) {
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
