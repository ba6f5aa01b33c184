package dev.quartet.core;

/** STUB of Seam 1 (reverted before merging the spans branch). */
public abstract class Span {
  public enum Kind { SERVER, CLIENT, INTERNAL, PRODUCER, CONSUMER }
  public String spanId() { return "s"; }
  public Span parent() { return null; }
}
