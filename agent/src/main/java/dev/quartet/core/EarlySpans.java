package dev.quartet.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The spans of one tree whose root (a request, or a method span that started a trace) began before a backend's SDK was
 * ready: its method spans and outgoing calls, kept as they end so that the backend records them with the root, with
 * their own ids and times, once the SDK is ({@link EarlyRequests}). At most {@link #MAX} a tree; beyond that they are
 * counted in the backend's loss line. A span that ends after the root was recorded is recorded by its own thread.
 */
public final class EarlySpans {
  public static final int MAX = 128;

  private final String backend;
  private final Span root;
  private final AtomicLong dropped;
  private final List<Span> kept = new ArrayList<>(4);
  private Object recorded;

  EarlySpans(String backend, Span root, AtomicLong dropped) {
    this.backend = backend;
    this.root = root;
    this.dropped = dropped;
  }

  public Span root() {
    return root;
  }

  /**
   * Keeps {@code ended} (a span of this tree) to be recorded with the root; null when kept, or dropped beyond
   * {@link #MAX}. Once the root is recorded: what the backend recorded it as ({@link #recorded}), for the caller to
   * record {@code ended} now.
   */
  public synchronized Object keep(Span ended) {
    if (recorded != null) {
      return recorded;
    }
    if (kept.size() >= MAX) {
      dropped.incrementAndGet();
      AgentLog.warnOnce(backend + ".early.spans", backend + ": more than " + MAX + " method spans and calls of one"
          + " request that ended before the SDK was ready: the others are dropped (counted at shutdown)", null);
    } else {
      kept.add(ended);
    }
    return null;
  }

  /**
   * The root is recorded as {@code as} (the backend's own record, never null): returns what was kept, to record now;
   * spans that end from now on are the caller's of {@link #keep} to record.
   */
  public synchronized List<Span> recorded(Object as) {
    recorded = as;
    List<Span> out = new ArrayList<>(kept);
    kept.clear();
    return out;
  }
}
