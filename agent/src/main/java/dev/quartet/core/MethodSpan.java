package dev.quartet.core;

/** STUB of Seam 1. */
public final class MethodSpan extends Span {
  public String name; public final Kind kind; public Throwable failed; public boolean isError;
  public final java.util.Map<String, Object> attributes = new java.util.LinkedHashMap<>();
  public MethodSpan(String name, Kind kind, boolean otelSpan, boolean xraySubsegment) { this.name = name; this.kind = kind; }
  public void name(String finalName) { name = finalName; }
  public void attribute(String key, Object value) { attributes.put(key, value); }
  public void xrayAnnotation(String key, Object value) {}
  public void xrayMetadata(String namespace, String key, Object value) {}
  public void failed(Throwable thrown, boolean isError) { failed = thrown; this.isError = isError; }
}
