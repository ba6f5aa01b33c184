package dev.quartet.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A span around a call of one of the app's own methods (a rule of the rules file, {@code @WithSpan}): child of the
 * span current on the thread when it starts, or the root of a trace of its own. What it records — attributes, X-Ray
 * annotations and metadata, its final name and outcome — is set by the instrumentation before {@link
 * Dispatcher#methodEnd}; the backends read it there. It is recorded as an OpenTelemetry span, an X-Ray subsegment,
 * or both, with the one span id.
 */
public final class MethodSpan extends Span {
  private final Kind kind;
  private final boolean otelSpan;
  private final boolean xraySubsegment;
  private volatile String name;
  private volatile String xraySubsegmentName;
  private final Map<String, Object> attributes = new LinkedHashMap<>();
  private final Map<String, Object> annotations = new LinkedHashMap<>();
  private final Map<String, Map<String, Object>> metadata = new LinkedHashMap<>();
  private volatile Throwable thrown;

  // Set by the Dispatcher: what was current on the starting thread before, to put back at the end.
  Object previousContext;
  Thread startThread;

  /** otelSpan: record it as an OTel span; xraySubsegment: record it as an X-Ray subsegment (both: same span id). */
  public MethodSpan(String name, Kind kind, boolean otelSpan, boolean xraySubsegment) {
    this.name = name == null ? "" : name;
    this.kind = kind == null ? Kind.INTERNAL : kind;
    this.otelSpan = otelSpan;
    this.xraySubsegment = xraySubsegment;
  }

  @Override
  public Kind kind() {
    return kind;
  }

  @Override
  public String name() {
    return name;
  }

  /** The final name (a template over what the call returned): set before the end. */
  public void name(String finalName) {
    if (finalName != null && !finalName.isEmpty()) {
      name = finalName;
    }
  }

  /** The X-Ray subsegment's own name, when it differs from the span's (set before the end); null: the span's. */
  public void xraySubsegmentName(String subsegmentName) {
    xraySubsegmentName = subsegmentName == null || subsegmentName.isEmpty() ? null : subsegmentName;
  }

  /** What the X-Ray subsegment is named: its own name, else the span's. */
  public String xraySubsegmentName() {
    String own = xraySubsegmentName;
    return own != null ? own : name;
  }

  /** An OpenTelemetry attribute: String, Long/Integer, Double, Boolean, or a List of those; null is left out. */
  public synchronized void attribute(String key, Object value) {
    if (key != null && value != null) {
      attributes.put(key, value);
    }
  }

  /** An X-Ray annotation (indexed, searchable): String, Number or Boolean; null is left out. */
  public synchronized void xrayAnnotation(String key, Object value) {
    if (key != null && value != null) {
      annotations.put(key, value);
    }
  }

  /** X-Ray metadata under {@code namespace}: any JSON-able value (String, Number, Boolean, Map, List). */
  public synchronized void xrayMetadata(String namespace, String key, Object value) {
    if (key != null) {
      metadata.computeIfAbsent(namespace == null ? "default" : namespace, n -> new LinkedHashMap<>()).put(key, value);
    }
  }

  /**
   * {@code thrown} escaped the method. {@code isError}: the span failed with it (OpenTelemetry error status, X-Ray
   * fault); otherwise it is recorded (an exception event, X-Ray cause) and the span is not an error.
   */
  public void failed(Throwable thrown, boolean isError) {
    if (thrown == null) {
      return;
    }
    this.thrown = thrown;
    if (isError) {
      error = thrown;
    }
  }

  /** What escaped the method, an error or not; null when it returned. */
  public Throwable thrown() {
    return thrown;
  }

  public boolean otelSpan() {
    return otelSpan;
  }

  public boolean xraySubsegment() {
    return xraySubsegment;
  }

  public synchronized Map<String, Object> attributes() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
  }

  public synchronized Map<String, Object> annotations() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
  }

  /** namespace → key → value. */
  public synchronized Map<String, Map<String, Object>> metadata() {
    Map<String, Map<String, Object>> copy = new LinkedHashMap<>();
    metadata.forEach((ns, values) -> copy.put(ns, Collections.unmodifiableMap(new LinkedHashMap<>(values))));
    return Collections.unmodifiableMap(copy);
  }
}
