package dev.quartet.backend.otel;

import dev.quartet.core.MethodSpan;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@link MethodSpan} as an OpenTelemetry span: its kind, its attributes as OpenTelemetry types (the SDK cuts strings
 * to {@code OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT}), its final name, and its outcome — an exception that made it an error
 * sets the error status and {@code error.type}, one that did not is only an exception event.
 */
final class MethodSpans {
  private MethodSpans() {}

  static SpanKind kind(dev.quartet.core.Span.Kind kind) {
    switch (kind) {
      case SERVER:
        return SpanKind.SERVER;
      case CLIENT:
        return SpanKind.CLIENT;
      case PRODUCER:
        return SpanKind.PRODUCER;
      case CONSUMER:
        return SpanKind.CONSUMER;
      default:
        return SpanKind.INTERNAL;
    }
  }

  /** Name, attributes and outcome, before the span ends. */
  static void end(Span span, MethodSpan method) {
    if (!span.isRecording()) {
      return;
    }
    span.updateName(method.name());
    for (Map.Entry<String, Object> a : method.attributes().entrySet()) {
      set(span, a.getKey(), a.getValue());
    }
    Throwable thrown = method.thrown();
    if (thrown != null) {
      span.recordException(thrown);
      if (method.error() != null) {
        span.setAttribute(HttpServerSpans.ERROR_TYPE, method.error().getClass().getName());
        span.setStatus(StatusCode.ERROR);
      }
    }
  }

  /** String, boolean, long (any integral type), double (float, double), a homogeneous list of those; else text. */
  static void set(Span span, String key, Object value) {
    if (value instanceof String) {
      span.setAttribute(key, (String) value);
    } else if (value instanceof Boolean) {
      span.setAttribute(key, (Boolean) value);
    } else if (isIntegral(value)) {
      span.setAttribute(key, ((Number) value).longValue());
    } else if (value instanceof Double || value instanceof Float) {
      span.setAttribute(key, ((Number) value).doubleValue());
    } else if (value instanceof List) {
      setList(span, key, (List<?>) value);
    } else if (value != null) {
      span.setAttribute(key, String.valueOf(value));
    }
  }

  private static void setList(Span span, String key, List<?> values) {
    List<Object> items = new ArrayList<>(values.size());
    boolean booleans = true;
    boolean longs = true;
    boolean numbers = true;
    for (Object v : values) {
      if (v == null) {
        continue;
      }
      items.add(v);
      booleans &= v instanceof Boolean;
      longs &= isIntegral(v);
      numbers &= isIntegral(v) || v instanceof Double || v instanceof Float;
    }
    if (booleans && !items.isEmpty()) {
      List<Boolean> out = new ArrayList<>(items.size());
      items.forEach(v -> out.add((Boolean) v));
      span.setAttribute(AttributeKey.booleanArrayKey(key), out);
    } else if (longs && !items.isEmpty()) {
      List<Long> out = new ArrayList<>(items.size());
      items.forEach(v -> out.add(((Number) v).longValue()));
      span.setAttribute(AttributeKey.longArrayKey(key), out);
    } else if (numbers && !items.isEmpty()) {
      List<Double> out = new ArrayList<>(items.size());
      items.forEach(v -> out.add(((Number) v).doubleValue()));
      span.setAttribute(AttributeKey.doubleArrayKey(key), out);
    } else {
      List<String> out = new ArrayList<>(items.size());
      items.forEach(v -> out.add(String.valueOf(v)));
      span.setAttribute(AttributeKey.stringArrayKey(key), out);
    }
  }

  private static boolean isIntegral(Object v) {
    return v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte;
  }
}
