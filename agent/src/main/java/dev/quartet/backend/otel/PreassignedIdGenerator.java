package dev.quartet.backend.otel;

import dev.quartet.core.TraceIds;
import io.opentelemetry.sdk.trace.IdGenerator;

/**
 * Lets the SDK use the ids the core already gave a request (so every backend quotes the same trace and span id);
 * any other span gets fresh X-Ray compatible ids.
 */
final class PreassignedIdGenerator implements IdGenerator {
  /**
   * The ids of the span being started on this thread, in a slot kept for the thread's life: setting and removing a
   * thread-local per request made a new weak map entry (work for the GC) and cleared one (a native call) each time.
   */
  private static final ThreadLocal<String[]> NEXT = ThreadLocal.withInitial(() -> new String[2]);

  /** Runs {@code start} with {@code traceId}/{@code spanId} as the ids of the one span it starts. */
  <T> T withIds(String traceId, String spanId, java.util.function.Supplier<T> start) {
    String[] next = NEXT.get();
    String outerTraceId = next[0]; // null unless a span is started while one is being started
    String outerSpanId = next[1];
    next[0] = traceId;
    next[1] = spanId;
    try {
      return start.get();
    } finally {
      next[0] = outerTraceId;
      next[1] = outerSpanId;
    }
  }

  @Override
  public String generateSpanId() {
    String spanId = NEXT.get()[1];
    return spanId != null ? spanId : TraceIds.newSpanId();
  }

  @Override
  public String generateTraceId() {
    String traceId = NEXT.get()[0];
    return traceId != null ? traceId : TraceIds.newTraceId();
  }
}
