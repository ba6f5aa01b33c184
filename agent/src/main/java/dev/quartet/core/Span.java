package dev.quartet.core;

/**
 * What every span of a request's tree shares — server request, outgoing call, method span: its identity (trace id,
 * span id, parent), timing, outcome and each backend's state. One span id is the OpenTelemetry span's and the X-Ray
 * (sub)segment's alike. A request is the root of its tree; method spans and outgoing calls hang below it, or below a
 * method span that started a trace of its own ({@link Dispatcher#methodStart}).
 */
public abstract class Span {
  /** The OpenTelemetry span kinds. */
  public enum Kind {
    SERVER,
    CLIENT,
    INTERNAL,
    PRODUCER,
    CONSUMER
  }

  String traceId;
  String spanId;
  String parentSpanId;
  Span parent;
  volatile boolean sampled = true;
  volatile Boolean sharedSamplingDecision;
  volatile long startEpochNanos;
  private volatile long startNanoTime;
  volatile long endEpochNanos;
  volatile Throwable error;
  Object[] backendState;

  Span() {
    startNow();
  }

  /** Starts the clock again: the span starts now. */
  final void startNow() {
    startEpochNanos = EpochClock.nowNanos();
    startNanoTime = System.nanoTime();
  }

  /** The end time, measured from the monotonic clock so that durations never go negative. */
  final void endNow() {
    endEpochNanos = startEpochNanos + Math.max(0, System.nanoTime() - startNanoTime);
  }

  public String traceId() {
    return traceId;
  }

  public String spanId() {
    return spanId;
  }

  /** The parent's span id; null for a root (a server request's is its caller's span, when it named one). */
  public String parentSpanId() {
    return parentSpanId;
  }

  /** The span this one is a child of in this process, or null for a root. */
  public Span parent() {
    return parent;
  }

  /** The server request at the root of this span's tree, or null (a method span that started its own trace). */
  public ServerRequest request() {
    for (Span s = this; s != null; s = s.parent) {
      if (s instanceof ServerRequest) {
        return (ServerRequest) s;
      }
    }
    return null;
  }

  public abstract Kind kind();

  public abstract String name();

  public long startEpochNanos() {
    return startEpochNanos;
  }

  /** 0 while the span runs. */
  public long endEpochNanos() {
    return endEpochNanos;
  }

  public boolean ended() {
    return endEpochNanos != 0;
  }

  /** What the span failed with, or null. */
  public Throwable error() {
    return error;
  }

  /** Whether the trace is recorded (a backend's sampler may say no at start). */
  public boolean sampled() {
    return sampled;
  }

  public void sampled(boolean v) {
    sampled = v;
  }

  /**
   * A sampling decision that every later backend follows instead of its own rules (the X-Ray backend makes one when
   * the user asks for the same traces in every backend), or null: each backend samples by its own rules.
   */
  public Boolean sharedSamplingDecision() {
    return sharedSamplingDecision;
  }

  /** Makes {@code decision} the one every later backend follows (see {@link #sharedSamplingDecision()}). */
  public void shareSamplingDecision(boolean decision) {
    sharedSamplingDecision = decision;
    sampled = decision;
  }

  public Object backendState(int index) {
    return backendState[index];
  }

  public void backendState(int index, Object state) {
    backendState[index] = state;
  }

  @Override
  public String toString() {
    return kind() + " " + name() + " " + traceId + "/" + spanId;
  }
}
