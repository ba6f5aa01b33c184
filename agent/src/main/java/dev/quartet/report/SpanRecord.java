package dev.quartet.report;

import java.util.Collections;
import java.util.Map;

/**
 * One span as read back from {@code traces.jsonl}, reduced to what the report needs.
 *
 * <p>Attribute values are kept as strings: the report only groups, prints and compares a couple of them, so the
 * OTLP {@code AnyValue} typing would be dead weight here.
 */
final class SpanRecord {

    static final int KIND_INTERNAL = 1;
    static final int KIND_SERVER = 2;
    static final int STATUS_ERROR = 2;

    private final String service;
    private final String traceId;
    private final String spanId;
    private final String parentSpanId;
    private final String name;
    private final int kind;
    private final long startNanos;
    private final long endNanos;
    private final int statusCode;
    private final Map<String, String> attributes;

    SpanRecord(String service, String traceId, String spanId, String parentSpanId, String name, int kind,
            long startNanos, long endNanos, int statusCode, Map<String, String> attributes) {
        this.service = service;
        this.traceId = traceId;
        this.spanId = spanId;
        this.parentSpanId = parentSpanId;
        this.name = name;
        this.kind = kind;
        this.startNanos = startNanos;
        this.endNanos = endNanos;
        this.statusCode = statusCode;
        this.attributes = Collections.unmodifiableMap(attributes);
    }

    /** {@code service.name} of the resource the span came from, or {@code ""}. */
    String service() {
        return service;
    }

    String traceId() {
        return traceId;
    }

    String spanId() {
        return spanId;
    }

    /** Empty for a root span. */
    String parentSpanId() {
        return parentSpanId;
    }

    String name() {
        return name;
    }

    int kind() {
        return kind;
    }

    long startNanos() {
        return startNanos;
    }

    long endNanos() {
        return endNanos;
    }

    /** 0 unset, 1 ok, 2 error. */
    int statusCode() {
        return statusCode;
    }

    Map<String, String> attributes() {
        return attributes;
    }

    String attribute(String key) {
        return attributes.get(key);
    }

    boolean isServer() {
        return kind == KIND_SERVER;
    }

    boolean isInternal() {
        return kind == KIND_INTERNAL;
    }

    /** Clamped at zero: a clock step between start and end must not produce negative latencies. */
    long durationNanos() {
        return Math.max(0L, endNanos - startNanos);
    }

    /**
     * The HTTP response status, or -1 when the span has none. {@code http.status_code} is the pre-1.21 semantic
     * convention name, still emitted by older instrumentations that may share the file.
     */
    int httpStatus() {
        String value = attributes.get("http.response.status_code");
        if (value == null) {
            value = attributes.get("http.status_code");
        }
        if (value == null) {
            return -1;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Honeycomb-style error: either the instrumentation marked the span as failed, or the server answered 5xx
     * (a 5xx the app returned on purpose leaves the span status unset, yet it is what users call an error).
     */
    boolean isError() {
        return statusCode == STATUS_ERROR || httpStatus() >= 500;
    }

    @Override
    public String toString() {
        return "SpanRecord{" + name + ", trace=" + traceId + ", span=" + spanId + ", kind=" + kind
                + ", durationNanos=" + durationNanos() + ", status=" + statusCode + '}';
    }
}
