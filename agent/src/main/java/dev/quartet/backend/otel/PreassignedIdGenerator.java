package dev.quartet.backend.otel;

import dev.quartet.core.TraceIds;
import io.opentelemetry.sdk.trace.IdGenerator;

/**
 * Lets the SDK use the ids the core already gave a request (so every backend quotes the same trace and span id);
 * any other span gets fresh X-Ray compatible ids.
 */
final class PreassignedIdGenerator implements IdGenerator {
  private static final ThreadLocal<String[]> NEXT = new ThreadLocal<>();

  /** Runs {@code start} with {@code traceId}/{@code spanId} as the ids of the one span it starts. */
  <T> T withIds(String traceId, String spanId, java.util.function.Supplier<T> start) {
    NEXT.set(new String[] {traceId, spanId});
    try {
      return start.get();
    } finally {
      NEXT.remove();
    }
  }

  @Override
  public String generateSpanId() {
    String[] next = NEXT.get();
    return next != null ? next[1] : TraceIds.newSpanId();
  }

  @Override
  public String generateTraceId() {
    String[] next = NEXT.get();
    return next != null ? next[0] : TraceIds.newTraceId();
  }
}
