package dev.quartet.core;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.Collections;

/**
 * The trace context a request arrived with. W3C {@code traceparent} wins; otherwise {@code X-Amzn-Trace-Id} is read
 * as the X-Ray SDK reads it, including a Root without Parent (as an ALB sends it), which continues the trace id, and
 * {@code Sampled=?} or no Sampled, which leaves the decision to this service. Anything malformed yields
 * {@link #NONE}: a fresh trace. Parsing never throws.
 */
public final class IncomingTrace {
  public static final IncomingTrace NONE =
      new IncomingTrace(null, null, null, TraceState.getDefault(), Source.NONE);

  public enum Source {
    NONE,
    TRACEPARENT,
    XRAY
  }

  static final String XRAY_HEADER = "X-Amzn-Trace-Id";
  static final int XRAY_HEADER_MAX = 256;

  private final String traceId;
  private final String parentSpanId;
  private final Boolean sampled;
  private final TraceState traceState;
  private final Source source;

  private IncomingTrace(
      String traceId, String parentSpanId, Boolean sampled, TraceState traceState, Source source) {
    this.traceId = traceId;
    this.parentSpanId = parentSpanId;
    this.sampled = sampled;
    this.traceState = traceState;
    this.source = source;
  }

  /** 32 lower-case hex digits, or null for a fresh trace. */
  public String traceId() {
    return traceId;
  }

  /** 16 lower-case hex digits, or null when the caller sent no parent. */
  public String parentSpanId() {
    return parentSpanId;
  }

  /** The caller's sampling decision; null when it left it to this service. */
  public Boolean sampled() {
    return sampled;
  }

  /** The W3C tracestate the caller sent (validated by the W3C propagator); empty otherwise. */
  public TraceState traceState() {
    return traceState;
  }

  public Source source() {
    return source;
  }

  public static IncomingTrace extract(HeaderLookup headers) {
    try {
      IncomingTrace w3c = fromTraceparent(headers);
      if (w3c != NONE) {
        return w3c;
      }
      return fromXrayHeader(headers.get(XRAY_HEADER));
    } catch (RuntimeException e) {
      return NONE;
    }
  }

  private static final TextMapGetter<HeaderLookup> GETTER =
      new TextMapGetter<HeaderLookup>() {
        @Override
        public Iterable<String> keys(HeaderLookup carrier) {
          return Collections.emptyList();
        }

        @Override
        public String get(HeaderLookup carrier, String key) {
          return carrier == null ? null : carrier.get(key);
        }
      };

  static IncomingTrace fromTraceparent(HeaderLookup headers) {
    Context ctx = W3CTraceContextPropagator.getInstance().extract(Context.root(), headers, GETTER);
    SpanContext sc = Span.fromContext(ctx).getSpanContext();
    if (!sc.isValid()) {
      return NONE;
    }
    return new IncomingTrace(
        sc.getTraceId(), sc.getSpanId(), sc.isSampled(), sc.getTraceState(), Source.TRACEPARENT);
  }

  /** {@code Root=1-<8 hex>-<24 hex>;Parent=<16 hex>;Sampled=1|0|?}, fields in any order, other fields ignored. */
  static IncomingTrace fromXrayHeader(String header) {
    if (header == null || header.isEmpty() || header.length() > XRAY_HEADER_MAX) {
      return NONE;
    }
    String root = null;
    String parent = null;
    Boolean sampled = null;
    for (String part : header.split(";")) {
      String field = part.trim();
      int eq = field.indexOf('=');
      if (eq <= 0) {
        if (field.isEmpty()) {
          continue;
        }
        return NONE;
      }
      String key = field.substring(0, eq).trim();
      String value = field.substring(eq + 1).trim();
      if (key.equalsIgnoreCase("Root")) {
        root = parseXrayRoot(value);
        if (root == null) {
          return NONE;
        }
      } else if (key.equalsIgnoreCase("Parent")) {
        parent = isHex(value, 16) && !isZero(value) ? value.toLowerCase() : null;
        if (parent == null) {
          return NONE;
        }
      } else if (key.equalsIgnoreCase("Sampled")) {
        if (value.equals("1")) {
          sampled = Boolean.TRUE;
        } else if (value.equals("0")) {
          sampled = Boolean.FALSE;
        } else if (value.equals("?")) {
          sampled = null;
        } else {
          return NONE;
        }
      }
    }
    if (root == null) {
      return NONE;
    }
    return new IncomingTrace(root, parent, sampled, TraceState.getDefault(), Source.XRAY);
  }

  /** {@code 1-<8 hex>-<24 hex>} to 32 hex digits, or null. */
  static String parseXrayRoot(String value) {
    if (value.length() != 35 || value.charAt(0) != '1' || value.charAt(1) != '-' || value.charAt(10) != '-') {
      return null;
    }
    String hex = value.substring(2, 10) + value.substring(11);
    return isHex(hex, 32) && !isZero(hex) ? hex.toLowerCase() : null;
  }

  private static boolean isHex(String s, int length) {
    if (s.length() != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = s.charAt(i);
      boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (!hex) {
        return false;
      }
    }
    return true;
  }

  private static boolean isZero(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) != '0') {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return source + "{trace=" + traceId + ", parent=" + parentSpanId + ", sampled=" + sampled + "}";
  }
}
