package dev.quartet.backend.otel;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The configured exporter, counting the spans it has finished with (sent or failed), so that the shutdown line can
 * say how many spans were still waiting when the timeout passed.
 */
final class CountingSpanExporter implements SpanExporter {
  private final SpanExporter delegate;
  private final AtomicLong done;

  CountingSpanExporter(SpanExporter delegate, AtomicLong done) {
    this.delegate = delegate;
    this.done = done;
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    int n = spans.size();
    CompletableResultCode result = delegate.export(spans);
    result.whenComplete(() -> done.addAndGet(n));
    return result;
  }

  @Override
  public CompletableResultCode flush() {
    return delegate.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return delegate.shutdown();
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
